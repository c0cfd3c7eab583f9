using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Follows;

/// <summary>
/// Following and muting rooms and threads. A thread's own choice wins over its room's: a member can follow one
/// thread of a muted room, or mute one thread of a followed room. Only rooms and threads the member may see can be
/// followed, and a choice for something they may no longer see is ignored (and not listed).
/// </summary>
public sealed partial class FollowService(
    IDbContextFactory<AppDbContext> dbFactory,
    RoomService rooms,
    ThreadLookup lookup,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    ILogger<FollowService> logger)
{
    public async Task<ServiceResult<SubscriptionView>> GetRoomAsync(Viewer viewer, string roomIdOrSlug, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } me) return ServiceResult<SubscriptionView>.Forbidden(L["Sign in to follow rooms and threads."]);
        var room = await rooms.FindRoomAsync(viewer, roomIdOrSlug, ct);
        if (room is null) return ServiceResult<SubscriptionView>.NotFound();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var level = await RoomLevelAsync(db, me, room.Id, ct);
        return ServiceResult<SubscriptionView>.Ok(new SubscriptionView(level, level));
    }

    public async Task<ServiceResult<SubscriptionView>> GetThreadAsync(Viewer viewer, long threadId, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } me) return ServiceResult<SubscriptionView>.Forbidden(L["Sign in to follow rooms and threads."]);
        var (thread, room) = await lookup.FindVisibleThreadAsync(viewer, threadId, ct);
        if (thread is null || room is null) return ServiceResult<SubscriptionView>.NotFound();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var own = await db.ThreadSubscriptions.Where(s => s.MemberId == me && s.ThreadId == threadId).Select(s => (SubscriptionLevel?)s.Level).FirstOrDefaultAsync(ct);
        return ServiceResult<SubscriptionView>.Ok(new SubscriptionView(own ?? SubscriptionLevel.Normal, await RoomLevelAsync(db, me, room.Id, ct)));
    }

    public async Task<ServiceResult<SubscriptionView>> SetRoomAsync(Viewer viewer, string roomIdOrSlug, SubscriptionInput input, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } me) return ServiceResult<SubscriptionView>.Forbidden(L["Sign in to follow rooms and threads."]);
        if (Parse(input) is not { } level) return InvalidLevel();
        var room = await rooms.FindRoomAsync(viewer, roomIdOrSlug, ct);
        if (room is null) return ServiceResult<SubscriptionView>.NotFound();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One write transaction: two quick clicks replace the row one after the other.
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.RoomSubscriptions.Where(s => s.MemberId == me && s.RoomId == room.Id).ExecuteDeleteAsync(ct);
            if (level != SubscriptionLevel.Normal)
            {
                db.RoomSubscriptions.Add(new RoomSubscription { MemberId = me, RoomId = room.Id, Level = level, ChangedAt = time.GetUtcNow() });
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        LogRoomSubscription(me, room.Id, level);
        return ServiceResult<SubscriptionView>.Ok(new SubscriptionView(level, level));
    }

    public async Task<ServiceResult<SubscriptionView>> SetThreadAsync(Viewer viewer, long threadId, SubscriptionInput input, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } me) return ServiceResult<SubscriptionView>.Forbidden(L["Sign in to follow rooms and threads."]);
        if (Parse(input) is not { } level) return InvalidLevel();
        var (thread, room) = await lookup.FindVisibleThreadAsync(viewer, threadId, ct);
        if (thread is null || room is null) return ServiceResult<SubscriptionView>.NotFound();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.ThreadSubscriptions.Where(s => s.MemberId == me && s.ThreadId == threadId).ExecuteDeleteAsync(ct);
            if (level != SubscriptionLevel.Normal)
            {
                db.ThreadSubscriptions.Add(new ThreadSubscription { MemberId = me, ThreadId = threadId, Level = level, ChangedAt = time.GetUtcNow() });
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        LogThreadSubscription(me, threadId, level);
        return ServiceResult<SubscriptionView>.Ok(new SubscriptionView(level, await RoomLevelAsync(db, me, room.Id, ct)));
    }

    /// <summary>What the member follows and muted, limited to what they may see now.</summary>
    public async Task<MySubscriptions> ListAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } me) return new MySubscriptions([], []);
        var audiences = AccessGate.EnterableAudiences(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var followedRooms = await db.RoomSubscriptions.AsNoTracking().Where(s => s.MemberId == me)
            .Join(db.Rooms.Where(r => !r.IsArchived && audiences.Contains(r.Audience)), s => s.RoomId, r => r.Id,
                (s, r) => new { r.Id, r.Slug, r.Title, r.Audience, r.SortOrder, s.Level })
            .OrderBy(r => r.SortOrder).ToListAsync(ct);
        var followedThreads = await db.ThreadSubscriptions.AsNoTracking().Where(s => s.MemberId == me)
            .Join(db.Threads.Where(t => t.DeletedAt == null && !t.Room!.IsArchived && audiences.Contains(t.Room.Audience)), s => s.ThreadId, t => t.Id,
                (s, t) => new { t.Id, t.Title, t.Room!.Slug, RoomTitle = t.Room.Title, s.Level, t.LastActivityAt })
            .OrderByDescending(t => t.LastActivityAt).Take(200).ToListAsync(ct);
        return new MySubscriptions(followedRooms.Select(r => new FollowedRoom(r.Id, r.Slug, r.Title, r.Audience, r.Level)).ToList(), followedThreads.Select(t => new FollowedThread(t.Id, t.Title, t.Slug, t.RoomTitle, t.Level)).ToList());
    }

    /// <summary>
    /// Members who follow a thread, directly or through its room (unless they muted the thread itself). The caller
    /// still checks, per member, that they may see the room.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FollowersAsync(AppDbContext db, long threadId, int roomId, CancellationToken ct)
    {
        var byThread = await db.ThreadSubscriptions.Where(s => s.ThreadId == threadId).Select(s => new { s.MemberId, s.Level }).ToListAsync(ct);
        var byRoom = await db.RoomSubscriptions.Where(s => s.RoomId == roomId && s.Level == SubscriptionLevel.Following).Select(s => s.MemberId).ToListAsync(ct);
        var threadLevels = byThread.ToDictionary(s => s.MemberId, s => s.Level);
        return byThread.Where(s => s.Level == SubscriptionLevel.Following).Select(s => s.MemberId)
            .Concat(byRoom.Where(m => !threadLevels.ContainsKey(m)))
            .Distinct().ToList();
    }

    /// <summary>Of <paramref name="memberIds"/>, those who muted this thread, or its room without following the thread.</summary>
    public static async Task<IReadOnlySet<string>> MutedAsync(AppDbContext db, long threadId, int roomId, IReadOnlyCollection<string> memberIds, CancellationToken ct)
    {
        if (memberIds.Count == 0) return new HashSet<string>();
        var threadLevels = await db.ThreadSubscriptions.Where(s => s.ThreadId == threadId && memberIds.Contains(s.MemberId))
            .ToDictionaryAsync(s => s.MemberId, s => s.Level, ct);
        var roomMuted = await db.RoomSubscriptions.Where(s => s.RoomId == roomId && s.Level == SubscriptionLevel.Muted && memberIds.Contains(s.MemberId))
            .Select(s => s.MemberId).ToListAsync(ct);
        return memberIds.Where(m => threadLevels.TryGetValue(m, out var own) ? own == SubscriptionLevel.Muted : roomMuted.Contains(m)).ToHashSet();
    }

    /// <summary>Threads the member muted, or that sit in a room they muted without following the thread.</summary>
    public static IQueryable<DiscussionThread> WithoutMuted(AppDbContext db, IQueryable<DiscussionThread> threads, string memberId) =>
        threads.Where(t => !db.ThreadSubscriptions.Any(s => s.MemberId == memberId && s.ThreadId == t.Id && s.Level == SubscriptionLevel.Muted)
            && (!db.RoomSubscriptions.Any(s => s.MemberId == memberId && s.RoomId == t.RoomId && s.Level == SubscriptionLevel.Muted)
                || db.ThreadSubscriptions.Any(s => s.MemberId == memberId && s.ThreadId == t.Id && s.Level == SubscriptionLevel.Following)));

    private static async Task<SubscriptionLevel> RoomLevelAsync(AppDbContext db, string memberId, int roomId, CancellationToken ct) =>
        await db.RoomSubscriptions.Where(s => s.MemberId == memberId && s.RoomId == roomId).Select(s => (SubscriptionLevel?)s.Level).FirstOrDefaultAsync(ct)
            ?? SubscriptionLevel.Normal;

    private static SubscriptionLevel? Parse(SubscriptionInput input) => EnumNames.Parse<SubscriptionLevel>(input.Level);

    private ServiceResult<SubscriptionView> InvalidLevel() =>
        ServiceResult<SubscriptionView>.Invalid("level", L["Choose a level: Following, Muted or Normal."]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} set room {RoomId} to {Level}")]
    private partial void LogRoomSubscription(string memberId, int roomId, SubscriptionLevel level);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} set thread {ThreadId} to {Level}")]
    private partial void LogThreadSubscription(string memberId, long threadId, SubscriptionLevel level);
}
