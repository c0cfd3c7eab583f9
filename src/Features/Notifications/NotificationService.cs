using Microsoft.EntityFrameworkCore;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Live;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Features.Follows;

using PracticeCommunity.Features.Access;
namespace PracticeCommunity.Features.Notifications;

public sealed record NotificationView(long Id, NotificationKind Kind, long ThreadId, long? PostId, string ActorName, string ThreadTitle, DateTimeOffset CreatedAt, bool IsRead, long? CaseId = null);

/// <summary>
/// In-app notifications. A member is only ever notified about a room they may enter, checked when the
/// notification is made and again when it is shown (a Buyer status can be withdrawn).
/// </summary>
public sealed class NotificationService(IDbContextFactory<AppDbContext> dbFactory, MemberService members, IEventBus bus, TimeProvider time)
{
    public Task NotifyAnswerAcceptedAsync(Viewer actor, long threadId, string threadTitle, string answerAuthorId, long postId, CancellationToken ct = default) =>
        CreateAsync(actor, threadId, threadTitle, postId, [(answerAuthorId, NotificationKind.AnswerAccepted)], ct);

    public Task NotifyPostHiddenAsync(Viewer moderator, long threadId, string threadTitle, string authorId, long postId, CancellationToken ct = default) =>
        CreateAsync(moderator, threadId, threadTitle, postId, [(authorId, NotificationKind.PostHidden)], ct);

    /// <summary>
    /// Everything a new post causes, in one place: a reply to the thread's author, mentions, and activity for those who
    /// follow the thread or its room. Each member gets one notification for the post, the most personal one.
    /// </summary>
    public Task NotifyNewPostAsync(Viewer actor, long threadId, string threadTitle, long postId, string? threadAuthorId, ThreadKind kind,
        IReadOnlyDictionary<string, string> mentionedIdsByName, CancellationToken ct = default)
    {
        var recipients = mentionedIdsByName.Values.Select(id => (id, NotificationKind.Mention)).ToList();
        if (threadAuthorId is not null)
            recipients.Add((threadAuthorId, kind == ThreadKind.PracticeQuestion ? NotificationKind.AnswerToMyQuestion : NotificationKind.ReplyToMyThread));
        return CreateAsync(actor, threadId, threadTitle, postId, recipients, ct, withFollowers: true);
    }

    private async Task CreateAsync(Viewer actor, long threadId, string threadTitle, long postId,
        IReadOnlyList<(string MemberId, NotificationKind Kind)> recipients, CancellationToken ct, bool withFollowers = false)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var room = await db.Threads.Where(t => t.Id == threadId).Select(t => new { t.RoomId, t.Room!.Audience }).FirstAsync(ct);
        var wanted = recipients.ToList();
        if (withFollowers)
        {
            wanted.AddRange((await FollowService.FollowersAsync(db, threadId, room.RoomId, ct)).Select(id => (id, NotificationKind.FollowedActivity)));
        }
        // The first reason wins: a mention before a reply before followed activity.
        var targets = wanted.Where(r => r.MemberId != actor.MemberId).DistinctBy(r => r.MemberId).ToList();
        if (targets.Count == 0) return;
        // Muting silences a thread, except a direct mention and a moderator's word about one's own post.
        var muted = await FollowService.MutedAsync(db, threadId, room.RoomId,
            targets.Where(t => t.Kind is not (NotificationKind.Mention or NotificationKind.PostHidden)).Select(t => t.MemberId).ToList(), ct);
        var now = time.GetUtcNow();
        // A busy followed thread is one unread line per follower, brought up to date, not one per post: find who has
        // that line already in one query, and update them all in one statement.
        var followers = targets.Where(t => t.Kind == NotificationKind.FollowedActivity && !muted.Contains(t.MemberId)).Select(t => t.MemberId).ToList();
        var gathering = followers.Count == 0 ? [] : (await db.Notifications
            .Where(n => followers.Contains(n.MemberId) && n.ThreadId == threadId && n.Kind == NotificationKind.FollowedActivity && n.ReadAt == null)
            .Select(n => n.MemberId).ToListAsync(ct)).ToHashSet();
        var gather = new List<string>();
        var notified = new List<Viewer>();
        foreach (var (memberId, kind) in targets)
        {
            if (muted.Contains(memberId)) continue;
            var viewer = await members.GetViewerByIdAsync(memberId, ct);
            if (viewer is null || !AccessGate.CanEnter(viewer, room.Audience)) continue;
            if (kind == NotificationKind.FollowedActivity && gathering.Contains(memberId))
            {
                gather.Add(memberId);
                continue;
            }
            db.Notifications.Add(new Notification
            {
                MemberId = memberId, Kind = kind, ThreadId = threadId, PostId = postId,
                ActorName = actor.DisplayName, ThreadTitle = threadTitle, CreatedAt = now, EmailState = InitialEmailState(kind),
            });
            notified.Add(viewer);
        }
        if (gather.Count > 0)
        {
            await db.Notifications.Where(n => gather.Contains(n.MemberId) && n.ThreadId == threadId && n.Kind == NotificationKind.FollowedActivity && n.ReadAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(n => n.PostId, postId).SetProperty(n => n.ActorName, actor.DisplayName)
                    .SetProperty(n => n.ThreadTitle, threadTitle).SetProperty(n => n.CreatedAt, now), ct);
        }
        await db.SaveChangesAsync(ct);
        foreach (var recipient in notified)
        {
            await bus.PublishAsync(new NotificationsChanged(recipient.MemberId!, await UnreadCountAsync(db, recipient, ct)), ct);
        }
    }

    /// <summary>Kinds with an email topic wait for the email delay; the others are shown in the app only.</summary>
    private static NotificationEmail InitialEmailState(NotificationKind kind) =>
        Email.EmailTopics.For(kind) is null ? NotificationEmail.AppOnly : NotificationEmail.Pending;

    public async Task<IReadOnlyList<NotificationView>> ListAsync(Viewer viewer, int take = 50, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } me) return [];
        var audiences = AccessGate.EnterableAudiences(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Visible(db, me, audiences)
            .OrderByDescending(n => n.Id).Take(Math.Clamp(take, 1, 200))
            .Select(n => new NotificationView(n.Id, n.Kind, n.ThreadId, n.PostId, n.ActorName, n.ThreadTitle, n.CreatedAt, n.ReadAt != null, n.CaseId))
            .ToListAsync(ct);
    }

    public async Task<int> UnreadCountAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } me) return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await UnreadCountAsync(db, viewer, ct);
    }

    public async Task MarkReadAsync(Viewer viewer, long? notificationId = null, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } me) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Notifications.Where(n => n.MemberId == me && n.ReadAt == null);
        if (notificationId is { } id) q = q.Where(n => n.Id == id);
        var now = time.GetUtcNow();
        await q.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        await bus.PublishAsync(new NotificationsChanged(me, await UnreadCountAsync(db, viewer, ct)), ct);
    }

    /// <summary>Marks read every notification about a thread the member has just opened.</summary>
    public async Task MarkThreadReadAsync(Viewer viewer, long threadId, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } me) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var changed = await db.Notifications.Where(n => n.MemberId == me && n.ThreadId == threadId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        if (changed > 0) await bus.PublishAsync(new NotificationsChanged(me, await UnreadCountAsync(db, viewer, ct)), ct);
    }

    /// <summary>The member's notifications about what they may still see (the access rule, applied in the query).</summary>
    public static IQueryable<Notification> Visible(AppDbContext db, string memberId, IReadOnlyList<RoomAudience> audiences) =>
        db.Notifications.AsNoTracking().Where(n => n.MemberId == memberId
            && (n.CaseId != null
                ? db.Cases.Any(c => c.Id == n.CaseId && (c.OwnerId == memberId || (c.Status == CaseStatus.Published && c.HiddenAt == null)))
                // Told that their thread was hidden, its author keeps the notice although the thread is gone.
                : n.Kind == NotificationKind.ThreadHidden
                || db.Threads.Any(t => t.Id == n.ThreadId && t.DeletedAt == null && audiences.Contains(t.Room!.Audience))));

    /// <summary>Tells a thread's author that it was hidden (the notice stays although the thread is gone).</summary>
    public async Task NotifyThreadHiddenAsync(Viewer actor, long threadId, string title, string authorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Notifications.Add(new Notification { MemberId = authorId, Kind = NotificationKind.ThreadHidden, ThreadId = threadId, ActorName = actor.DisplayName, ThreadTitle = title, CreatedAt = time.GetUtcNow(), EmailState = NotificationEmail.AppOnly });
        await db.SaveChangesAsync(ct);
        if (await members.GetViewerByIdAsync(authorId, ct) is { } recipient)
            await bus.PublishAsync(new NotificationsChanged(authorId, await UnreadCountAsync(db, recipient, ct)), ct);
    }

    /// <summary>News about a case for one member (its owner): the review's outcome, or a new replication.</summary>
    public async Task NotifyCaseAsync(Viewer actor, long caseId, string caseTitle, string memberId, NotificationKind kind, CancellationToken ct = default)
    {
        if (memberId == actor.MemberId) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Notifications.Add(new Notification
        {
            MemberId = memberId, Kind = kind, CaseId = caseId, ActorName = actor.DisplayName,
            ThreadTitle = caseTitle.Length > Limits.ThreadTitle ? caseTitle[..Limits.ThreadTitle] : caseTitle, CreatedAt = time.GetUtcNow(),
            EmailState = NotificationEmail.AppOnly,
        });
        await db.SaveChangesAsync(ct);
        if (await members.GetViewerByIdAsync(memberId, ct) is { } recipient)
            await bus.PublishAsync(new NotificationsChanged(memberId, await UnreadCountAsync(db, recipient, ct)), ct);
    }

    /// <summary>The count the bell shows: unread notifications about threads the member may still see.</summary>
    private static Task<int> UnreadCountAsync(AppDbContext db, Viewer viewer, CancellationToken ct) =>
        Visible(db, viewer.MemberId!, AccessGate.EnterableAudiences(viewer)).CountAsync(n => n.ReadAt == null, ct);
}
