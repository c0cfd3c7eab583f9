using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Live;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Sessions;

/// <summary>A raised hand, oldest first.</summary>
public sealed record HandView(long Id, string MemberId, string DisplayName, DateTimeOffset RaisedAt);

/// <summary>Who checked in, with the organisation they came for.</summary>
public sealed record AttendeeView(string MemberId, string DisplayName, string? Organisation);

/// <summary>
/// A session as it runs: the agenda with the current item, the notes, the queue of hands and who checked in, and
/// what this viewer may do. Under the Chatham House rule the hands show no names to attendees.
/// </summary>
public sealed record LiveView(
    long SessionId, string Title, SessionStatus Status, bool IsLive, IReadOnlyList<AgendaItemView> Agenda, int? CurrentItem,
    string Notes, IReadOnlyList<HandView> Hands, IReadOnlyList<AttendeeView> CheckedIn, int CheckedInCount, bool MyHandRaised, bool CheckedInMyself,
    bool CanRun, bool ChathamHouse, DateTimeOffset StartsAtUtc);

/// <summary>
/// Live mode. Confirmed registrants, presenters and moderators take part; the moderator runs it. Every change is
/// stored, then announced on the event bus as <see cref="SessionLiveChanged"/>, so every open page (on any server,
/// once the bus spans servers) reads the new state.
/// </summary>
public sealed partial class SessionLive(
    IDbContextFactory<AppDbContext> dbFactory,
    SessionService sessions,
    IEventBus bus,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    ILogger<SessionLive> logger)
{
    /// <summary>How long before its start a session can go live, and check-in open.</summary>
    public static readonly TimeSpan OpensBefore = TimeSpan.FromMinutes(30);

    public async Task<ServiceResult<LiveView>> GetAsync(Viewer viewer, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await sessions.FindVisibleAsync(db, viewer, id, ct);
        if (session is null) return ServiceResult<LiveView>.NotFound();
        if (!await SessionService.MayKnowDetailsAsync(db, viewer, session, ct))
            return ServiceResult<LiveView>.Forbidden(L["Only those with a confirmed place, the presenters and the moderators join the live session."]);
        return ServiceResult<LiveView>.Ok(await ViewAsync(db, viewer, session, ct));
    }

    public Task<ServiceResult<LiveView>> StartAsync(Viewer viewer, long id, CancellationToken ct = default) =>
        RunAsync(viewer, id, (db, s, now) =>
        {
            if (s.Status != SessionStatus.Scheduled) return Task.FromResult<string?>(L["Only a scheduled session can go live."]);
            if (now < s.StartsAtUtc - OpensBefore) return Task.FromResult<string?>(L["A session goes live from 30 minutes before it starts."]);
            if (now > s.EndsAtUtc + TimeSpan.FromHours(12)) return Task.FromResult<string?>(L["This session ended a while ago: write its harvest instead."]);
            s.LiveStartedAt ??= now;
            s.LiveItem ??= s.Agenda.Count > 0 ? 0 : null;
            return Task.FromResult<string?>(null);
        }, ct);

    public Task<ServiceResult<LiveView>> NextAsync(Viewer viewer, long id, CancellationToken ct = default) => MoveAsync(viewer, id, 1, ct);

    public Task<ServiceResult<LiveView>> PreviousAsync(Viewer viewer, long id, CancellationToken ct = default) => MoveAsync(viewer, id, -1, ct);

    /// <summary>Moves the highlight to another agenda item (one step forward or back).</summary>
    public Task<ServiceResult<LiveView>> MoveAsync(Viewer viewer, long id, int step, CancellationToken ct = default) =>
        RunAsync(viewer, id, (db, s, now) =>
        {
            if (s.LiveStartedAt is null || s.Status != SessionStatus.Scheduled) return Task.FromResult<string?>(L["Start the live session first."]);
            if (s.Agenda.Count == 0) return Task.FromResult<string?>(L["This session has no agenda."]);
            s.LiveItem = Math.Clamp((s.LiveItem ?? 0) + Math.Sign(step), 0, s.Agenda.Count - 1);
            return Task.FromResult<string?>(null);
        }, ct);

    public Task<ServiceResult<LiveView>> SaveNotesAsync(Viewer viewer, long id, string? notes, CancellationToken ct = default)
    {
        var text = (notes ?? "").Replace("\r\n", "\n");
        if (text.Length > Limits.SessionNotes)
            return Task.FromResult(ServiceResult<LiveView>.Invalid("notes", L["Notes can be at most {0} characters (these have {1}).", Limits.SessionNotes, text.Length]));
        if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\t')) || TextRules.HasInvisibleOrControl(text.Replace("\n", " ").Replace("\t", " ")))
            return Task.FromResult(ServiceResult<LiveView>.Invalid("notes", L["The notes cannot contain control or invisible formatting characters."]));
        return RunAsync(viewer, id, (db, s, now) =>
        {
            if (s.LiveStartedAt is null) return Task.FromResult<string?>(L["Start the live session first."]);
            s.LiveNotes = text;
            return Task.FromResult<string?>(null);
        }, ct);
    }

    /// <summary>The moderator ends the session: it is held, and waits for its harvest.</summary>
    public Task<ServiceResult<LiveView>> EndAsync(Viewer viewer, long id, CancellationToken ct = default) =>
        RunAsync(viewer, id, async (db, s, now) =>
        {
            if (s.LiveStartedAt is null || s.Status != SessionStatus.Scheduled) return L["Start the live session first."];
            (s.Status, s.HeldAt) = (SessionStatus.Held, now);
            await db.SessionHands.Where(h => h.SessionId == s.Id && h.LoweredAt == null).ExecuteUpdateAsync(u => u.SetProperty(h => h.LoweredAt, now), ct);
            return null;
        }, ct);

    /// <summary>The moderator takes the next hand (or a given one) off the queue.</summary>
    public Task<ServiceResult<LiveView>> LowerHandAsync(Viewer viewer, long id, long handId, CancellationToken ct = default) =>
        RunAsync(viewer, id, async (db, s, now) =>
        {
            await db.SessionHands.Where(h => h.SessionId == s.Id && h.Id == handId && h.LoweredAt == null).ExecuteUpdateAsync(u => u.SetProperty(h => h.LoweredAt, now), ct);
            return null;
        }, ct);

    /// <summary>An attendee raises or lowers their own hand.</summary>
    public Task<ServiceResult<LiveView>> SetMyHandAsync(Viewer viewer, long id, bool raised, CancellationToken ct = default) =>
        TakePartAsync(viewer, id, async (db, s, now) =>
        {
            var open = db.SessionHands.Where(h => h.SessionId == s.Id && h.MemberId == viewer.MemberId && h.LoweredAt == null);
            if (!raised) await open.ExecuteUpdateAsync(u => u.SetProperty(h => h.LoweredAt, now), ct);
            else if (!await open.AnyAsync(ct)) db.SessionHands.Add(new SessionHand { SessionId = s.Id, MemberId = viewer.MemberId!, RaisedAt = now });
            return null;
        }, ct);

    /// <summary>An attendee says they are here; check-in is apart from registration.</summary>
    public Task<ServiceResult<LiveView>> CheckInAsync(Viewer viewer, long id, CancellationToken ct = default) =>
        TakePartAsync(viewer, id, async (db, s, now) =>
        {
            if (!await db.SessionAttendances.AnyAsync(a => a.SessionId == s.Id && a.MemberId == viewer.MemberId, ct))
                db.SessionAttendances.Add(new SessionAttendance { SessionId = s.Id, MemberId = viewer.MemberId!, OrganisationName = viewer.OrganisationName, CheckedInAt = now });
            return null;
        }, ct);

    private Task<ServiceResult<LiveView>> RunAsync(Viewer viewer, long id, Func<AppDbContext, Session, DateTimeOffset, Task<string?>> change, CancellationToken ct) =>
        ChangeAsync(viewer, id, change, moderatorOnly: true, ct);

    private Task<ServiceResult<LiveView>> TakePartAsync(Viewer viewer, long id, Func<AppDbContext, Session, DateTimeOffset, Task<string?>> change, CancellationToken ct) =>
        ChangeAsync(viewer, id, async (db, s, now) =>
        {
            if (s.LiveStartedAt is null || s.Status != SessionStatus.Scheduled) return L["The session is not live."];
            return await change(db, s, now);
        }, moderatorOnly: false, ct);

    private async Task<ServiceResult<LiveView>> ChangeAsync(Viewer viewer, long id, Func<AppDbContext, Session, DateTimeOffset, Task<string?>> change, bool moderatorOnly, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = await sessions.FindVisibleAsync(db, viewer, id, ct);
        if (visible is null) return ServiceResult<LiveView>.NotFound();
        if (moderatorOnly && !AccessGate.CanRunSessions(viewer)) return ServiceResult<LiveView>.Forbidden(L["Only moderators run a live session."]);
        if (!moderatorOnly && !await SessionService.MayKnowDetailsAsync(db, viewer, visible, ct))
            return ServiceResult<LiveView>.Forbidden(L["Only those with a confirmed place, the presenters and the moderators join the live session."]);
        var session = await db.Sessions.FirstAsync(s => s.Id == id, ct);
        if (await change(db, session, time.GetUtcNow()) is { } refused) return ServiceResult<LiveView>.Conflict(refused);
        await db.SaveChangesAsync(ct);
        LogLiveChange(id, session.Status, session.LiveItem, viewer.MemberId!);
        await bus.PublishAsync(new SessionLiveChanged(id), ct);
        return ServiceResult<LiveView>.Ok(await ViewAsync(db, viewer, session, ct));
    }

    private static async Task<LiveView> ViewAsync(AppDbContext db, Viewer viewer, Session s, CancellationToken ct)
    {
        var hands = await db.SessionHands.AsNoTracking().Where(h => h.SessionId == s.Id && h.LoweredAt == null).OrderBy(h => h.RaisedAt).ThenBy(h => h.Id)
            .Join(db.Users, h => h.MemberId, u => u.Id, (h, u) => new HandView(h.Id, h.MemberId, u.DisplayName, h.RaisedAt)).ToListAsync(ct);
        var checkedIn = await db.SessionAttendances.AsNoTracking().Where(a => a.SessionId == s.Id).OrderBy(a => a.CheckedInAt)
            .Join(db.Users, a => a.MemberId, u => u.Id, (a, u) => new AttendeeView(a.MemberId, u.DisplayName, a.OrganisationName)).ToListAsync(ct);
        var canRun = AccessGate.CanRunSessions(viewer);
        var me = viewer.MemberId;
        // Under the Chatham House rule attendees see how many hands are up, not whose.
        var shownHands = canRun || !s.ChathamHouse ? hands : hands.Select(h => h.MemberId == me ? h : h with { DisplayName = "", MemberId = "" }).ToList();
        return new LiveView(s.Id, s.Title, s.Status, s.LiveStartedAt is not null && s.Status == SessionStatus.Scheduled,
            s.Agenda.Select(a => new AgendaItemView(a.Title, a.Minutes)).ToList(), s.LiveItem, s.LiveNotes, shownHands,
            // Who checked in is the moderator's list; attendees see how many.
            canRun ? checkedIn : checkedIn.Where(a => a.MemberId == me).ToList(), checkedIn.Count,
            hands.Any(h => h.MemberId == me), checkedIn.Any(a => a.MemberId == me), canRun, s.ChathamHouse, s.StartsAtUtc);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live session {SessionId} ({Status}, item {Item}) changed by {MemberId}")]
    private partial void LogLiveChange(long sessionId, SessionStatus status, int? item, string memberId);
}
