using Microsoft.EntityFrameworkCore;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Follows;
using PracticeCommunity.Features.Notifications;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Features.Sessions;

namespace PracticeCommunity.Features.Home;

/// <summary>
/// What the home page shows a member and a visitor. Every list is limited to rooms the viewer may enter (visitors:
/// may list), through the access gate's audiences, and to live threads in rooms that are not archived.
/// </summary>
public sealed class HomeService(IDbContextFactory<AppDbContext> dbFactory, ThreadQueries threads, NotificationService notifications, SessionService sessions, SessionHarvest harvests, Cases.CaseQueries cases)
{
    /// <summary>Rows per list on the home page.</summary>
    public const int ListSize = 5;

    public async Task<MemberHome> GetMemberHomeAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } me) throw new InvalidOperationException("A member's home needs a signed-in member.");
        var audiences = AccessGate.EnterableAudiences(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.Users.AsNoTracking().Where(u => u.Id == me)
            .Select(u => new { u.ProductGroups, u.CreatedAt, ProfileComplete = u.Role != null && u.OrganisationId != null && u.DisplayName != "" })
            .FirstAsync(ct);
        var startHere = new StartHere(member.ProfileComplete, member.ProductGroups.Count > 0,
            await db.ThreadVisits.AnyAsync(v => v.MemberId == me, ct), await db.Posts.AnyAsync(p => p.AuthorId == me, ct));
        var productTags = member.ProductGroups.Select(g => $"{ThreadTags.Product}:{g}").ToList();
        // What the member muted is not news to them anywhere on their home.
        var live = FollowService.WithoutMuted(db,
            db.Threads.AsNoTracking().Where(t => t.DeletedAt == null && !t.Room!.IsArchived && audiences.Contains(t.Room.Audience)), me);
        var unread = ThreadQueries.UnreadBy(db, live, me, member.CreatedAt);

        var questions = live.Where(t => t.Kind == ThreadKind.PracticeQuestion && t.ReplyCount == 0 && t.AcceptedPostId == null
            && t.AuthorId != me && t.Tags.Any(tag => productTags.Contains(tag)));
        questions = viewer.IsSupplier ? questions.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id) : questions.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id);

        var mentions = (await notifications.ListAsync(viewer, 50, ct)).Where(n => n.Kind == NotificationKind.Mention && !n.IsRead).Take(ListSize).ToList();
        var unreadPerRoom = await threads.UnreadThreadsPerRoomAsync(viewer, ct);
        var mutedRooms = db.RoomSubscriptions.Where(s => s.MemberId == me && s.Level == SubscriptionLevel.Muted).Select(s => s.RoomId);
        var rooms = await db.Rooms.AsNoTracking().Where(r => unreadPerRoom.Keys.Contains(r.Id) && !mutedRooms.Contains(r.Id))
            .Select(r => new { r.Id, r.Slug, r.Title, r.Audience }).ToListAsync(ct);

        // The member's coming sessions, and a few open ones they have not registered for.
        var upcoming = (await sessions.ListAsync(viewer, new SessionFilter(), ct)).Value ?? [];
        var mySessions = upcoming.Where(s => s.MyRegistration is not null && s.Status == SessionStatus.Scheduled).Take(ListSize).ToList();
        var openSessions = upcoming.Where(s => s.MyRegistration is null && s.Status == SessionStatus.Scheduled).Take(3).ToList();

        return new MemberHome(
            startHere,
            productTags.Count > 0,
            productTags.Count == 0 ? [] : await ToHomeThreadsAsync(db, questions, me, member.CreatedAt, ct),
            // My threads: those I started and those I follow.
            await ToHomeThreadsAsync(db, unread.Where(t => t.AuthorId == me
                    || db.ThreadSubscriptions.Any(s => s.MemberId == me && s.ThreadId == t.Id && s.Level == SubscriptionLevel.Following))
                .OrderByDescending(t => t.LastActivityAt), me, member.CreatedAt, ct),
            mentions,
            await ToHomeThreadsAsync(db, live.OrderByDescending(t => t.LastActivityAt).ThenByDescending(t => t.Id), me, member.CreatedAt, ct, take: 8),
            rooms.Select(r => new RoomActivity(r.Id, r.Slug, r.Title, r.Audience, unreadPerRoom[r.Id]))
                .OrderByDescending(r => r.UnreadThreads).ThenBy(r => r.Title, StringComparer.CurrentCulture).ToList(),
            mySessions,
            openSessions,
            await harvests.MineAsync(viewer, ct),
            await cases.NewestAsync(viewer, member.ProductGroups, 3, ct));
    }

    /// <summary>A few recent threads of the open rooms, for visitors to see what the community talks about.</summary>
    public async Task<IReadOnlyList<HomeThread>> GetPublicExamplesAsync(CancellationToken ct = default)
    {
        var audiences = AccessGate.ListableAudiences(Viewer.Anonymous).Where(a => a == RoomAudience.Open).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var open = db.Threads.AsNoTracking().Where(t => t.DeletedAt == null && !t.Room!.IsArchived && audiences.Contains(t.Room.Audience))
            .OrderByDescending(t => t.ReplyCount).ThenByDescending(t => t.LastActivityAt);
        return await ToHomeThreadsAsync(db, open, memberId: null, DateTimeOffset.MaxValue, ct, take: 3);
    }

    /// <summary>The rows of <paramref name="query"/>, unread for <paramref name="memberId"/> by the rule of <see cref="ThreadQueries.UnreadBy"/>.</summary>
    private static async Task<IReadOnlyList<HomeThread>> ToHomeThreadsAsync(
        AppDbContext db, IQueryable<DiscussionThread> query, string? memberId, DateTimeOffset joined, CancellationToken ct, int take = ListSize) =>
        await query.Take(take).Select(t => new HomeThread(
                t.Id, t.Title, t.Kind, t.Room!.Slug, t.Room.Title, t.Room.Audience, t.Author!.DisplayName,
                t.ReplyCount, t.AcceptedPostId != null, t.CreatedAt, t.LastActivityAt,
                memberId != null && t.LastActivityAt >= joined
                    && !db.ThreadVisits.Any(v => v.MemberId == memberId && v.ThreadId == t.Id && v.LastReadPostId >= t.LastPostId)))
            .ToListAsync(ct);
}
