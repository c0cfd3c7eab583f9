using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Notifications;

namespace PracticeCommunity.Features.Rooms;

/// <summary>
/// How far each member has read each thread (the unread divider, the room list's counts), and the thread's
/// notifications marked read with it. An open page that receives posts does not write per post: it reports what
/// was seen (<see cref="Seen"/>), and the marks are written together every <see cref="FlushInterval"/>, and at once
/// when the member leaves the thread. Only a page that is connected and being looked at reports anything.
/// </summary>
public sealed partial class ReadMarks(
    IDbContextFactory<AppDbContext> dbFactory,
    NotificationService notifications,
    TimeProvider time,
    ILogger<ReadMarks> logger) : BackgroundService
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(string MemberId, long ThreadId), (Viewer Viewer, long PostId)> _pending = new();

    /// <summary>Writes the member's read mark now (opening a thread, leaving it).</summary>
    public async Task MarkReadAsync(Viewer viewer, long threadId, long lastReadPostId, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } memberId) return;
        _pending.TryRemove((memberId, threadId), out _);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await RecordVisitAsync(db, memberId, threadId, lastReadPostId, time.GetUtcNow(), ct);
            await db.SaveChangesAsync(ct);
        }
        await notifications.MarkThreadReadAsync(viewer, threadId, ct);
    }

    /// <summary>The member saw the thread up to this post; written with the next flush. No I/O.</summary>
    public void Seen(Viewer viewer, long threadId, long postId)
    {
        if (viewer.MemberId is not { } memberId) return;
        _pending.AddOrUpdate((memberId, threadId), (viewer, postId),
            (_, current) => current.PostId >= postId ? current : (viewer, postId));
    }

    /// <summary>Writes what this member saw of this thread now, if anything is waiting.</summary>
    public async Task FlushAsync(string memberId, long threadId, CancellationToken ct = default)
    {
        if (_pending.TryRemove((memberId, threadId), out var seen))
        {
            await MarkReadAsync(seen.Viewer, threadId, seen.PostId, ct);
        }
    }

    /// <summary>Writes every waiting mark; one failing never stops the others.</summary>
    public async Task FlushAllAsync(CancellationToken ct = default)
    {
        foreach (var key in _pending.Keys.ToList())
        {
            try
            {
                await FlushAsync(key.MemberId, key.ThreadId, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFlushFailed(ex, key.ThreadId);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAllAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAllAsync(cancellationToken);
    }

    /// <summary>Moves the member's read mark forward (never back), in the caller's unit of work.</summary>
    public static async Task RecordVisitAsync(AppDbContext db, string memberId, long threadId, long lastReadPostId, DateTimeOffset now, CancellationToken ct)
    {
        var visit = await db.ThreadVisits.FirstOrDefaultAsync(v => v.MemberId == memberId && v.ThreadId == threadId, ct);
        if (visit is null)
        {
            db.ThreadVisits.Add(new ThreadVisit { MemberId = memberId, ThreadId = threadId, LastReadPostId = lastReadPostId, VisitedAt = now });
        }
        else if (visit.LastReadPostId < lastReadPostId)
        {
            visit.LastReadPostId = lastReadPostId;
            visit.VisitedAt = now;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the read mark of thread {ThreadId} failed")]
    private partial void LogFlushFailed(Exception ex, long threadId);
}
