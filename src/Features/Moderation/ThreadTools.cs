using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Moderation;

/// <summary>PUT /api/v1/moderation/threads/{id}: any of a new title, locked, pinned, or a room to move to (id or slug).</summary>
public sealed record ThreadToolsInput(string? Title = null, bool? Locked = null, bool? Pinned = null, string? Room = null);

/// <summary>POST /api/v1/moderation/threads/{id}/merge: the thread that takes this one's posts.</summary>
public sealed record MergeInput(long IntoThreadId);

public sealed record ThreadState(long Id, string Title, int RoomId, bool Locked, bool Pinned, long? MergedIntoId);

/// <summary>
/// Moderators tidy threads: rename, lock (no more replies), pin (first in its room), move to another room, and merge a
/// duplicate into the thread it repeats (its posts move over, in order; its address leads to the other). Each is audited.
/// </summary>
public sealed partial class ThreadTools(
    IDbContextFactory<AppDbContext> dbFactory,
    ThreadLookup lookup,
    RoomService rooms,
    AuditLog audit,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    ILogger<ThreadTools> logger)
{
    public async Task<ServiceResult<ThreadState>> ChangeAsync(Viewer viewer, long threadId, ThreadToolsInput input, CancellationToken ct = default)
    {
        var (found, currentRoom) = await lookup.FindVisibleThreadAsync(viewer, threadId, ct);
        if (found is null) return ServiceResult<ThreadState>.NotFound();
        if (!AccessGate.CanModerate(viewer)) return ServiceResult<ThreadState>.Forbidden(L["Only moderators change threads."]);
        var errors = new FieldErrors();
        var title = input.Title?.Trim();
        if (title is not null)
        {
            if (title.Length == 0) errors.Add("title", L["Give the thread a title."]);
            else if (title.Length > Limits.ThreadTitle) errors.Add("title", L["The title can be at most {0} characters (it has {1}).", Limits.ThreadTitle, title.Length]);
            else if (TextRules.HasInvisibleOrControl(title)) errors.Add("title", L["The title cannot contain control or invisible formatting characters (such as right-to-left overrides or zero-width spaces)."]);
        }
        RoomSummary? room = null;
        if (!string.IsNullOrWhiteSpace(input.Room) && (room = await rooms.FindRoomAsync(viewer, input.Room.Trim(), ct)) is null)
            errors.Add("room", L["There is no such room."]);
        // Posts written for one audience are not moved in front of another (nor away from those who follow them live).
        else if (room is not null && room.Audience != currentRoom!.Audience)
            errors.Add("room", L["Move a thread only to a room open to the same people; its posts were written for them."]);
        if (errors.Any) return errors.ToResult<ThreadState>();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var thread = await db.Threads.FirstAsync(t => t.Id == threadId, ct);
        var before = State(thread);
        if (title is not null) thread.Title = title;
        if (input.Locked is { } locked) thread.IsLocked = locked;
        if (input.Pinned is { } pinned) thread.IsPinned = pinned;
        if (room is not null) thread.RoomId = room.Id;
        var after = State(thread);
        if (after == before) return ServiceResult<ThreadState>.Ok(after);
        var action = room is not null && room.Id != before.RoomId ? "thread.move" : title is not null && title != before.Title ? "thread.rename"
            : input.Locked is not null && input.Locked != before.Locked ? (thread.IsLocked ? "thread.lock" : "thread.unlock")
            : thread.IsPinned ? "thread.pin" : "thread.unpin";
        audit.Add(db, viewer, action, "Thread", threadId, null, before, after);
        await db.SaveChangesAsync(ct);
        LogChanged(threadId, action, viewer.MemberId!);
        return ServiceResult<ThreadState>.Ok(after);
    }

    /// <summary>Moves every post of a duplicate thread into <paramref name="input"/>'s thread; the duplicate then leads there.</summary>
    public async Task<ServiceResult<ThreadState>> MergeAsync(Viewer viewer, long threadId, MergeInput input, CancellationToken ct = default)
    {
        var (source, sourceRoom) = await lookup.FindVisibleThreadAsync(viewer, threadId, ct);
        if (source is null) return ServiceResult<ThreadState>.NotFound();
        if (!AccessGate.CanModerate(viewer)) return ServiceResult<ThreadState>.Forbidden(L["Only moderators merge threads."]);
        if (input.IntoThreadId == threadId) return ServiceResult<ThreadState>.Invalid("intoThreadId", L["A thread cannot be merged into itself."]);
        var (target, targetRoom) = await lookup.FindVisibleThreadAsync(viewer, input.IntoThreadId, ct);
        if (target is null) return ServiceResult<ThreadState>.Invalid("intoThreadId", L["There is no thread {0} to merge into.", input.IntoThreadId]);
        // Posts written for one audience are not moved in front of another.
        if (sourceRoom!.Audience != targetRoom!.Audience)
            return ServiceResult<ThreadState>.Invalid("intoThreadId", L["Both threads must be open to the same people: move one to a room like the other's first."]);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Both still there, inside the transaction: two opposite merges at once cannot delete both threads.
        if (await db.Threads.CountAsync(t => (t.Id == threadId || t.Id == input.IntoThreadId) && t.DeletedAt == null, ct) != 2)
            return ServiceResult<ThreadState>.Conflict(L["One of the threads has just been merged or removed. Reload and try again."]);
        var moved = await db.Posts.Where(p => p.ThreadId == threadId)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.ThreadId, input.IntoThreadId).SetProperty(p => p.IsOpening, false), ct);
        var into = await db.Threads.FirstAsync(t => t.Id == input.IntoThreadId, ct);
        var visible = db.Posts.Where(p => p.ThreadId == input.IntoThreadId && p.DeletedAt == null && p.HiddenAt == null);
        into.ReplyCount = Math.Max(0, await visible.CountAsync(p => !p.IsOpening, ct));
        into.LastPostId = await visible.MaxAsync(p => (long?)p.Id, ct) ?? into.LastPostId;
        into.LastActivityAt = await visible.MaxAsync(p => (DateTimeOffset?)p.CreatedAt, ct) is { } last && last > into.LastActivityAt ? last : into.LastActivityAt;
        var duplicate = await db.Threads.FirstAsync(t => t.Id == threadId, ct);
        var before = State(duplicate);
        // The accepted answer comes along when the other thread has none; its followers follow the merged thread.
        if (into.AcceptedPostId is null && duplicate.AcceptedPostId is { } accepted) into.AcceptedPostId = accepted;
        var following = await db.ThreadSubscriptions.Where(s => s.ThreadId == threadId).ToListAsync(ct);
        var already = await db.ThreadSubscriptions.Where(s => s.ThreadId == input.IntoThreadId).Select(s => s.MemberId).ToListAsync(ct);
        foreach (var s in following.Where(s => !already.Contains(s.MemberId)))
            db.ThreadSubscriptions.Add(new ThreadSubscription { MemberId = s.MemberId, ThreadId = input.IntoThreadId, Level = s.Level, ChangedAt = s.ChangedAt });
        (duplicate.MergedIntoId, duplicate.DeletedAt, duplicate.ReplyCount) = (input.IntoThreadId, time.GetUtcNow(), 0);
        // Older duplicates merged into this one now lead to the thread that has their posts.
        await db.Threads.Where(t => t.MergedIntoId == threadId).ExecuteUpdateAsync(u => u.SetProperty(t => t.MergedIntoId, input.IntoThreadId), ct);
        audit.Add(db, viewer, "thread.merge", "Thread", threadId, null, before, new { mergedInto = input.IntoThreadId, posts = moved });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        LogMerged(threadId, input.IntoThreadId, moved, viewer.MemberId!);
        return ServiceResult<ThreadState>.Ok(State(into));
    }

    public async Task<ThreadState?> StateAsync(long threadId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var thread = await db.Threads.AsNoTracking().FirstOrDefaultAsync(t => t.Id == threadId, ct);
        return thread is null ? null : State(thread);
    }

    /// <summary>Where a merged thread's address leads now, for the viewer; null when it was not merged (or they may not see it).</summary>
    public async Task<long?> MergedIntoAsync(Viewer viewer, long threadId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var into = await db.Threads.AsNoTracking().Where(t => t.Id == threadId).Select(t => t.MergedIntoId).FirstOrDefaultAsync(ct);
        return into is { } id && (await lookup.FindVisibleThreadAsync(viewer, id, ct)).Thread is not null ? id : null;
    }

    private static ThreadState State(DiscussionThread t) => new(t.Id, t.Title, t.RoomId, t.IsLocked, t.IsPinned, t.MergedIntoId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Thread {ThreadId}: {Action} by {ModeratorId}")]
    private partial void LogChanged(long threadId, string action, string moderatorId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Thread {ThreadId} merged into {IntoThreadId} ({Posts} posts) by {ModeratorId}")]
    private partial void LogMerged(long threadId, long intoThreadId, int posts, string moderatorId);
}
