using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Live;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Sessions;

/// <summary>POST /sessions/{id}/harvest.</summary>
public sealed class HarvestInput
{
    public List<string>? AttendeeIds { get; set; }
    public string? Takeaways { get; set; }
    public string? OpenQuestions { get; set; }
    public List<ActionItemInput>? ActionItems { get; set; }

    /// <summary>Threads to continue the debate in (at most 20).</summary>
    public List<long>? ThreadIds { get; set; }

    /// <summary>Where the follow-up threads go; by default the session's first linked room.</summary>
    public int? RoomId { get; set; }
}

public sealed class ActionItemInput
{
    public string? Text { get; set; }
    public string? OwnerId { get; set; }

    /// <summary>yyyy-MM-dd, or empty.</summary>
    public string? DueDate { get; set; }
}

public sealed record ActionItemView(long Id, string Text, string OwnerId, string OwnerName, DateOnly? DueDate, long ThreadId, bool Done);

/// <summary>Someone the harvest form offers: registered, and whether they checked in.</summary>
public sealed record HarvestCandidate(string MemberId, string DisplayName, string? Organisation, bool CheckedIn);

/// <summary>A session's closing report: who came (and for which organisation), takeaways, open questions and action items.</summary>
public sealed record HarvestView(IReadOnlyList<AttendeeView> Attendance, string Takeaways, string OpenQuestions, IReadOnlyList<ActionItemView> ActionItems, DateTimeOffset HarvestedAt,
    IReadOnlyList<HarvestThread> Threads);

public sealed record HarvestThread(long Id, string Title);

/// <summary>
/// Closing a session the Flemish way: the attendance (from check-in, corrected by the moderator), key takeaways, open
/// questions for the rooms, and action items, each of which becomes a session follow-up thread that names its owner
/// (who is notified as a mention) and its due date.
/// </summary>
public sealed partial class SessionHarvest(
    IDbContextFactory<AppDbContext> dbFactory,
    SessionService sessions,
    RoomService rooms,
    MemberService members,
    PostCommands posts,
    IEventBus bus,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    Moderation.AuditLog audit,
    ILogger<SessionHarvest> logger)
{
    public async Task<ServiceResult<HarvestView>> HarvestAsync(Viewer viewer, long id, HarvestInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await sessions.FindVisibleAsync(db, viewer, id, ct);
        if (session is null) return ServiceResult<HarvestView>.NotFound();
        if (!AccessGate.CanRunSessions(viewer)) return ServiceResult<HarvestView>.Forbidden(L["Only moderators harvest a session."]);
        var now = time.GetUtcNow();
        if (session.Status == SessionStatus.Cancelled) return ServiceResult<HarvestView>.Conflict(L["A cancelled session has nothing to harvest."]);
        if (session.Status == SessionStatus.Harvested) return ServiceResult<HarvestView>.Conflict(L["This session is harvested already."]);
        if (session.Status != SessionStatus.Held && session.StartsAtUtc > now) return ServiceResult<HarvestView>.Conflict(L["A session is harvested after it has been held."]);

        var errors = new FieldErrors();
        var takeaways = Text(input.Takeaways, "takeaways", errors);
        var openQuestions = Text(input.OpenQuestions, "openQuestions", errors);
        var attendeeIds = (input.AttendeeIds ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).Distinct().ToList();
        if (attendeeIds.Count > 1000 || attendeeIds.Any(a => a.Length > 64)) errors.Add("attendeeIds", L["One of the attendees does not exist."]);
        var attendees = attendeeIds.Count == 0 || errors.Any ? []
            : await db.Users.AsNoTracking().Where(u => attendeeIds.Contains(u.Id)).Select(u => new { u.Id, Organisation = u.Organisation == null ? null : u.Organisation.Name }).ToListAsync(ct);
        if (attendees.Count != attendeeIds.Count) errors.Add("attendeeIds", L["One of the attendees does not exist."]);

        var threadIds = (input.ThreadIds ?? []).Distinct().ToList();
        if (threadIds.Count > 20) errors.Add("threadIds", L["Link at most 20 threads."]);
        else if (threadIds.Count > 0)
        {
            var audiencesForLinks = AccessGate.EnterableAudiences(viewer);
            var found = await db.Threads.CountAsync(t => threadIds.Contains(t.Id) && t.DeletedAt == null && audiencesForLinks.Contains(t.Room!.Audience), ct);
            if (found != threadIds.Count) errors.Add("threadIds", L["One of the threads does not exist."]);
        }
        var items = input.ActionItems ?? [];
        if (items.Count > Limits.ActionItems) errors.Add("actionItems", L["A harvest can have at most {0} action items.", Limits.ActionItems]);
        RoomSummary? room = null;
        if (items.Count > 0)
        {
            var roomId = input.RoomId ?? session.RoomIds.FirstOrDefault();
            room = roomId == 0 ? null : await rooms.FindRoomAsync(viewer, roomId.ToString(CultureInfo.InvariantCulture), ct);
            if (room is null) errors.Add("roomId", L["Choose the room where the follow-up threads go (or link the session to one)."]);
            // What a buyers-only session decided stays among buyers: its follow-ups go to a buyers-only room.
            else if (session.Audience != SessionAudience.Everyone && room.Audience != RoomAudience.BuyersOnly)
            {
                errors.Add("roomId", L["The follow-ups of a session that is not open to everyone go to a buyers-only room."]);
                room = null;
            }
        }
        var planned = new List<(string Text, Viewer Owner, DateOnly? Due)>();
        foreach (var item in items.Take(Limits.ActionItems))
        {
            var text = item?.Text?.Trim() ?? "";
            if (text.Length == 0 || text.Length > Limits.ActionItem || TextRules.HasInvisibleOrControl(text))
            {
                errors.Add("actionItems", L["Each action item needs a text of at most {0} characters, without invisible characters.", Limits.ActionItem]);
                break;
            }
            var owner = string.IsNullOrWhiteSpace(item!.OwnerId) || item.OwnerId.Length > 64 ? null : await members.GetViewerByIdAsync(item.OwnerId.Trim(), ct);
            if (owner is null || (room is not null && !AccessGate.CanEnter(owner, room.Audience)))
            {
                errors.Add("actionItems", L["Each action item needs an owner who is a member and may see the follow-up room."]);
                break;
            }
            DateOnly? due = null;
            if (!string.IsNullOrWhiteSpace(item.DueDate))
            {
                if (!DateOnly.TryParseExact(item.DueDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    errors.Add("actionItems", L["Give a due date as 2027-04-30."]);
                    break;
                }
                due = parsed;
            }
            planned.Add((text, owner, due));
        }
        if (errors.Any) return errors.ToResult<HarvestView>();

        // The follow-up threads first: each action item is a thread its owner is mentioned in.
        var created = new List<(string Text, Viewer Owner, DateOnly? Due, long ThreadId)>();
        var when = TimeZoneInfo.ConvertTime(session.StartsAtUtc, SessionTimes.FindZone(session.TimeZone) ?? TimeZoneInfo.Utc);
        foreach (var (text, owner, due) in planned)
        {
            var title = text.Length <= 120 ? text : text[..117] + "…";
            var body = L["**Action item** from the session “{0}” of {1:d MMMM yyyy}.", session.Title, when].Value + "\n\n" + text + "\n\n"
                + L["Owner: {0}", Mentions.IsPlainName(owner.DisplayName) ? "@" + owner.DisplayName : $"@[{owner.DisplayName}]"].Value
                + (due is { } d ? " · " + L["Due: {0:d MMMM yyyy}", d.ToDateTime(TimeOnly.MinValue)].Value : "");
            var thread = await posts.CreateThreadAsync(viewer, room!.Id.ToString(CultureInfo.InvariantCulture),
                new NewThreadInput { Title = title, Body = body, Kind = nameof(ThreadKind.SessionFollowUp), Tags = [] }, countsAgainstLimits: false, ct);
            if (!thread.Succeeded) return ServiceResult<HarvestView>.Conflict(thread.Message ?? L["A follow-up thread could not be started."]);
            created.Add((text, owner, due, thread.Value!.Id));
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var tracked = await db.Sessions.FirstAsync(s => s.Id == id, ct);
        if (tracked.Status == SessionStatus.Harvested) return ServiceResult<HarvestView>.Conflict(L["This session is harvested already."]);
        (tracked.Takeaways, tracked.OpenQuestions, tracked.Status, tracked.HarvestedAt) = (takeaways, openQuestions, SessionStatus.Harvested, now);
        tracked.HarvestThreadIds = threadIds;
        tracked.HeldAt ??= tracked.EndsAtUtc < now ? tracked.EndsAtUtc : now;
        if (input.AttendeeIds is not null)
        {
            // The moderator's list is the record: check-ins not on it go, names added get their organisation.
            await db.SessionAttendances.Where(a => a.SessionId == id && !attendeeIds.Contains(a.MemberId)).ExecuteDeleteAsync(ct);
            var present = await db.SessionAttendances.Where(a => a.SessionId == id).Select(a => a.MemberId).ToListAsync(ct);
            foreach (var a in attendees.Where(a => !present.Contains(a.Id)))
                db.SessionAttendances.Add(new SessionAttendance { SessionId = id, MemberId = a.Id, OrganisationName = a.Organisation, CheckedInAt = now });
        }
        foreach (var (text, owner, due, threadId) in created)
        {
            db.SessionActionItems.Add(new SessionActionItem { SessionId = id, Text = text, OwnerId = owner.MemberId!, DueDate = due, ThreadId = threadId });
            // The owner was mentioned in the follow-up thread: what they hear of (and may email) is an action item.
            await db.Notifications.Where(n => n.MemberId == owner.MemberId && n.ThreadId == threadId && n.Kind == NotificationKind.Mention)
                .ExecuteUpdateAsync(u => u.SetProperty(n => n.Kind, NotificationKind.ActionItemAssigned), ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await bus.PublishAsync(new SessionLiveChanged(id), ct);
        await audit.RecordAsync(viewer, "session.harvest", "Session", id, null, null, new { actionItems = created.Count }, ct);
        LogHarvested(id, created.Count, viewer.MemberId!);
        return ServiceResult<HarvestView>.Ok((await GetAsync(db, viewer, tracked, ct))!);
    }

    /// <summary>The owner's open action items, in threads they may still see, soonest due first.</summary>
    public async Task<IReadOnlyList<ActionItemView>> MineAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } me) return [];
        var audiences = AccessGate.EnterableAudiences(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var items = await db.SessionActionItems.AsNoTracking()
            .Where(a => a.OwnerId == me && a.DoneAt == null && db.Threads.Any(t => t.Id == a.ThreadId && t.DeletedAt == null && audiences.Contains(t.Room!.Audience)))
            .Select(a => new ActionItemView(a.Id, a.Text, a.OwnerId, viewer.DisplayName, a.DueDate, a.ThreadId, false))
            .ToListAsync(ct);
        return items.OrderBy(a => a.DueDate ?? DateOnly.MaxValue).ThenBy(a => a.Id).Take(20).ToList();
    }

    /// <summary>The owner (or a moderator) marks an action item done, or open again.</summary>
    public async Task<ServiceResult<bool>> CompleteAsync(Viewer viewer, long actionItemId, bool done, CancellationToken ct = default)
    {
        if (!viewer.IsSignedIn) return ServiceResult<bool>.NotFound();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var item = await db.SessionActionItems.FirstOrDefaultAsync(a => a.Id == actionItemId, ct);
        var audiences = AccessGate.EnterableAudiences(viewer);
        if (item is null || !await db.Threads.AnyAsync(t => t.Id == item.ThreadId && audiences.Contains(t.Room!.Audience), ct)) return ServiceResult<bool>.NotFound();
        if (item.OwnerId != viewer.MemberId && !AccessGate.CanRunSessions(viewer)) return ServiceResult<bool>.Forbidden(L["Only its owner or a moderator marks an action item done."]);
        item.DoneAt = done ? time.GetUtcNow() : null;
        await db.SaveChangesAsync(ct);
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>For the harvest form: the confirmed registrants and everyone who checked in, and the rooms linked.</summary>
    public async Task<ServiceResult<(Session Session, IReadOnlyList<HarvestCandidate> People)>> PrepareAsync(Viewer viewer, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await sessions.FindVisibleAsync(db, viewer, id, ct);
        if (session is null) return ServiceResult<(Session, IReadOnlyList<HarvestCandidate>)>.NotFound();
        if (!AccessGate.CanRunSessions(viewer)) return ServiceResult<(Session, IReadOnlyList<HarvestCandidate>)>.Forbidden(L["Only moderators harvest a session."]);
        var checkedIn = await db.SessionAttendances.Where(a => a.SessionId == id).Select(a => a.MemberId).ToListAsync(ct);
        var registered = await db.SessionRegistrations.Where(r => r.SessionId == id && r.Status == RegistrationStatus.Confirmed).Select(r => r.MemberId).ToListAsync(ct);
        var ids = checkedIn.Union(registered).Union(session.PresenterIds).ToList();
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, Organisation = u.Organisation == null ? null : u.Organisation.Name }).ToListAsync(ct);
        return ServiceResult<(Session, IReadOnlyList<HarvestCandidate>)>.Ok((session, people
            .Select(p => new HarvestCandidate(p.Id, p.DisplayName, p.Organisation, checkedIn.Contains(p.Id)))
            .OrderBy(p => p.DisplayName, StringComparer.CurrentCulture).ToList()));
    }

    /// <summary>GET /sessions/{id}/harvest: 404 for a session the viewer may not see, null before the harvest.</summary>
    public async Task<ServiceResult<HarvestView?>> GetAsync(Viewer viewer, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await sessions.FindVisibleAsync(db, viewer, id, ct);
        return session is null ? ServiceResult<HarvestView?>.NotFound() : ServiceResult<HarvestView?>.Ok(await GetAsync(db, viewer, session, ct));
    }

    /// <summary>The harvest of a session, as the viewer may see it (null before the harvest).</summary>
    public async Task<HarvestView?> GetAsync(AppDbContext db, Viewer viewer, Session session, CancellationToken ct)
    {
        if (session.HarvestedAt is not { } at) return null;
        var attendance = await db.SessionAttendances.AsNoTracking().Where(a => a.SessionId == session.Id).OrderBy(a => a.OrganisationName)
            .Join(db.Users, a => a.MemberId, u => u.Id, (a, u) => new AttendeeView(a.MemberId, u.DisplayName, a.OrganisationName)).ToListAsync(ct);
        // Follow-up threads the viewer may not see are left out of the list.
        var actionItems = await db.SessionActionItems.AsNoTracking().Where(a => a.SessionId == session.Id).OrderBy(a => a.Id)
            .Join(db.Users, a => a.OwnerId, u => u.Id, (a, u) => new { a, u.DisplayName }).ToListAsync(ct);
        var audiences = AccessGate.EnterableAudiences(viewer);
        var threadIds = actionItems.Select(x => x.a.ThreadId).ToList();
        var visibleThreads = await db.Threads.Where(t => threadIds.Contains(t.Id) && t.DeletedAt == null && audiences.Contains(t.Room!.Audience)).Select(t => t.Id).ToListAsync(ct);
        // Linked threads the viewer may not see are left out too.
        var linked = await db.Threads.AsNoTracking().Where(t => session.HarvestThreadIds.Contains(t.Id) && t.DeletedAt == null && audiences.Contains(t.Room!.Audience))
            .Select(t => new HarvestThread(t.Id, t.Title)).ToListAsync(ct);
        return new HarvestView(attendance, session.Takeaways, session.OpenQuestions,
            actionItems.Where(x => visibleThreads.Contains(x.a.ThreadId))
                .Select(x => new ActionItemView(x.a.Id, x.a.Text, x.a.OwnerId, x.DisplayName, x.a.DueDate, x.a.ThreadId, x.a.DoneAt is not null)).ToList(), at,
            linked);
    }

    private string Text(string? value, string field, FieldErrors errors)
    {
        var text = (value ?? "").Trim().Replace("\r\n", "\n");
        if (text.Length > Limits.SessionNotes) errors.Add(field, L["This can be at most {0} characters (it has {1}).", Limits.SessionNotes, text.Length]);
        else if (TextRules.HasInvisibleOrControl(text.Replace("\n", " ").Replace("\t", " "))) errors.Add(field, L["This cannot contain control or invisible formatting characters."]);
        return text;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} harvested with {ActionItems} action items by {MemberId}")]
    private partial void LogHarvested(long sessionId, int actionItems, string memberId);
}
