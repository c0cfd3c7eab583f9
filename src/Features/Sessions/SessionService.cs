using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Email;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Hosting;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Sessions;

/// <summary>
/// The calendar of sessions: what a member may see, and what moderators schedule, change and cancel. Every
/// visibility decision goes through <see cref="AccessGate.CanSeeSession"/>; a session the caller may not see is
/// reported as missing.
/// </summary>
public sealed partial class SessionService(
    IDbContextFactory<AppDbContext> dbFactory,
    RoomService rooms,
    SessionCalendar calendar,
    SessionEmails emails,
    MemberService members,
    EmailOutbox outbox,
    Moderation.AuditLog audit,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    ILogger<SessionService> logger)
{
    public const int MaxListed = 200;

    public async Task<ServiceResult<IReadOnlyList<SessionListItem>>> ListAsync(Viewer viewer, SessionFilter filter, CancellationToken ct = default)
    {
        if (!viewer.IsSignedIn) return ServiceResult<IReadOnlyList<SessionListItem>>.Forbidden(L["Sign in to see the sessions."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var q = Visible(db, viewer);
        if (filter.From is { } from) q = q.Where(s => s.EndsAtUtc >= from);
        else if (!filter.Past) q = q.Where(s => s.EndsAtUtc >= now);
        if (filter.To is { } to) q = q.Where(s => s.StartsAtUtc <= to);
        else if (filter.Past) q = q.Where(s => s.StartsAtUtc < now);
        if (filter.Format is { } format) q = q.Where(s => s.Format == format);
        if (!string.IsNullOrWhiteSpace(filter.ProductGroup))
        {
            var group = filter.ProductGroup.Trim().ToLowerInvariant();
            q = q.Where(s => s.ProductGroups.Contains(group));
        }
        var sessions = await (filter.Past ? q.OrderByDescending(s => s.StartsAtUtc) : q.OrderBy(s => s.StartsAtUtc)).Take(MaxListed * 2).ToListAsync(ct);
        sessions = sessions.Where(s => AccessGate.CanSeeSession(viewer, s.Audience, s.InvitedIds, s.PresenterIds)).ToList();
        sessions = sessions.Take(MaxListed).ToList();
        var counts = await CountsAsync(db, sessions.Select(s => s.Id).ToList(), viewer.MemberId!, ct);
        return ServiceResult<IReadOnlyList<SessionListItem>>.Ok(sessions.Select(s => ToListItem(s, counts)).ToList());
    }

    public async Task<ServiceResult<SessionDetail>> GetAsync(Viewer viewer, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await FindVisibleAsync(db, viewer, id, ct);
        if (session is null) return ServiceResult<SessionDetail>.NotFound();
        return ServiceResult<SessionDetail>.Ok(await DetailAsync(db, viewer, session, ct));
    }

    /// <summary>A session the viewer may see, or null (missing and hidden look the same).</summary>
    internal async Task<Session?> FindVisibleAsync(AppDbContext db, Viewer viewer, long id, CancellationToken ct)
    {
        if (!viewer.IsSignedIn) return null;
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        return session is not null && AccessGate.CanSeeSession(viewer, session.Audience, session.InvitedIds, session.PresenterIds) ? session : null;
    }

    public async Task<ServiceResult<SessionDetail>> ScheduleAsync(Viewer viewer, ScheduleSessionInput input, CancellationToken ct = default)
    {
        if (!AccessGate.CanRunSessions(viewer)) return ServiceResult<SessionDetail>.Forbidden(L["Only moderators schedule sessions."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (session, errors) = await ValidateAsync(db, viewer, input, existing: null, ct);
        var meetings = session is null ? [] : Occurrences(session, input.Repeat, errors);
        if (errors.Any) return errors.ToResult<SessionDetail>();
        var now = time.GetUtcNow();
        if (meetings.Count > 1)
        {
            var series = new SessionSeries { Title = session!.Title, Repeat = EnumNames.Parse<SeriesRepeat>(input.Repeat!.Every)!.Value, CreatedById = viewer.MemberId!, CreatedAt = now };
            db.SessionSeries.Add(series);
            await db.SaveChangesAsync(ct);
            for (var i = 0; i < meetings.Count; i++) (meetings[i].SeriesId, meetings[i].SeriesNumber) = (series.Id, i + 1);
        }
        foreach (var meeting in meetings)
        {
            meeting.CreatedById = viewer.MemberId!;
            meeting.CreatedAt = meeting.UpdatedAt = now;
            db.Sessions.Add(meeting);
        }
        await db.SaveChangesAsync(ct);
        var scheduled = meetings[0];
        if (input.ProposalId is { } proposal) await SessionProposals.MarkScheduledAsync(db, proposal, scheduled.Id, ct);
        await audit.RecordAsync(viewer, "session.schedule", "Session", scheduled.Id, null, null, new { scheduled.Title, scheduled.StartsAtUtc, meetings = meetings.Count }, ct);
        LogScheduled(scheduled.Id, viewer.MemberId!);
        return ServiceResult<SessionDetail>.Ok(await DetailAsync(db, viewer, scheduled, ct));
    }

    /// <summary>Reschedule or edit: the SEQUENCE rises and every registrant gets the updated calendar entry by email.</summary>
    public async Task<ServiceResult<SessionDetail>> UpdateAsync(Viewer viewer, long id, ScheduleSessionInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await FindVisibleAsync(db, viewer, id, ct);
        if (existing is null) return ServiceResult<SessionDetail>.NotFound();
        if (!AccessGate.CanRunSessions(viewer)) return ServiceResult<SessionDetail>.Forbidden(L["Only moderators change sessions."]);
        if (existing.Status != SessionStatus.Scheduled) return ServiceResult<SessionDetail>.Conflict(L["Only a session that has not been held or cancelled can be changed."]);
        var (updated, errors) = await ValidateAsync(db, viewer, input, existing, ct);
        if (errors.Any) return errors.ToResult<SessionDetail>();
        var session = await db.Sessions.FirstAsync(s => s.Id == id, ct);
        var moved = session.StartsAtUtc != updated!.StartsAtUtc || session.EndsAtUtc != updated.EndsAtUtc;
        Copy(updated, session);
        session.Sequence++;
        var now = time.GetUtcNow();
        session.UpdatedAt = now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Whoever may no longer see the session (its audience narrowed, an invitation taken back) loses their place quietly.
        var active = await db.SessionRegistrations.Where(r => r.SessionId == id
            && (r.Status == RegistrationStatus.Confirmed || r.Status == RegistrationStatus.Waitlisted || r.Status == RegistrationStatus.Requested)).ToListAsync(ct);
        foreach (var registration in active)
        {
            if (await members.GetViewerByIdAsync(registration.MemberId, ct) is not { } member || !AccessGate.CanSeeSession(member, session.Audience, session.InvitedIds, session.PresenterIds))
                (registration.Status, registration.ChangedAt) = (RegistrationStatus.Cancelled, now);
        }
        // A new time deserves new reminders.
        if (moved) foreach (var registration in active) registration.RemindersSent = 0;
        await db.SaveChangesAsync(ct);
        await Waitlist.PromoteAsync(db, session, now, emails, members, ct);
        await emails.ChangedAsync(db, session, moved ? SessionEmails.Change.Rescheduled : SessionEmails.Change.Updated, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        outbox.Wake();
        await audit.RecordAsync(viewer, "session.update", "Session", id, null, new { existing.Title, existing.StartsAtUtc, existing.Audience },
            new { session.Title, session.StartsAtUtc, session.Audience, session.Sequence }, ct);
        LogUpdated(id, session.Sequence, viewer.MemberId!);
        return ServiceResult<SessionDetail>.Ok(await DetailAsync(db, viewer, session, ct));
    }

    public async Task<ServiceResult<SessionDetail>> CancelAsync(Viewer viewer, long id, CancelSessionInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await FindVisibleAsync(db, viewer, id, ct);
        if (existing is null) return ServiceResult<SessionDetail>.NotFound();
        if (!AccessGate.CanRunSessions(viewer)) return ServiceResult<SessionDetail>.Forbidden(L["Only moderators cancel sessions."]);
        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length == 0) return ServiceResult<SessionDetail>.Invalid("reason", L["Say why the session is cancelled: the registrants read it."]);
        if (reason.Length > Limits.HideReason) return ServiceResult<SessionDetail>.Invalid("reason", L["A reason can be at most {0} characters (this one has {1}).", Limits.HideReason, reason.Length]);
        if (TextRules.HasInvisibleOrControl(reason)) return ServiceResult<SessionDetail>.Invalid("reason", L["The reason cannot contain control or invisible formatting characters."]);
        if (existing.Status == SessionStatus.Cancelled) return ServiceResult<SessionDetail>.Ok(await DetailAsync(db, viewer, existing, ct));
        if (existing.Status != SessionStatus.Scheduled || existing.StartsAtUtc <= time.GetUtcNow())
            return ServiceResult<SessionDetail>.Conflict(L["A session can be cancelled only before it starts."]);
        var session = await db.Sessions.FirstAsync(s => s.Id == id, ct);
        session.Status = SessionStatus.Cancelled;
        session.CancelReason = reason;
        session.Sequence++;
        session.UpdatedAt = time.GetUtcNow();
        await emails.ChangedAsync(db, session, SessionEmails.Change.Cancelled, ct);
        await db.SaveChangesAsync(ct);
        outbox.Wake();
        await audit.RecordAsync(viewer, "session.cancel", "Session", id, reason, new { status = SessionStatus.Scheduled }, new { status = session.Status }, ct);
        LogCancelled(id, viewer.MemberId!);
        return ServiceResult<SessionDetail>.Ok(await DetailAsync(db, viewer, session, ct));
    }

    /// <summary>A whole series as iCalendar: one event per meeting the viewer may see.</summary>
    public async Task<ServiceResult<string>> SeriesCalendarAsync(Viewer viewer, long seriesId, CancellationToken ct = default)
    {
        if (!viewer.IsSignedIn) return ServiceResult<string>.NotFound();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var meetings = (await db.Sessions.AsNoTracking().Where(x => x.SeriesId == seriesId).OrderBy(x => x.StartsAtUtc).ToListAsync(ct))
            .Where(x => AccessGate.CanSeeSession(viewer, x.Audience, x.InvitedIds, x.PresenterIds)).ToList();
        if (meetings.Count == 0) return ServiceResult<string>.NotFound();
        var knows = new Dictionary<long, bool>();
        foreach (var m in meetings) knows[m.Id] = await MayKnowDetailsAsync(db, viewer, m, ct);
        return ServiceResult<string>.Ok(calendar.Write(meetings, m => knows[m.Id]));
    }

    /// <summary>One session as iCalendar, with the place and link only for those who may know them.</summary>
    public async Task<ServiceResult<string>> CalendarAsync(Viewer viewer, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await FindVisibleAsync(db, viewer, id, ct);
        if (session is null) return ServiceResult<string>.NotFound();
        var mayKnow = await MayKnowDetailsAsync(db, viewer, session, ct);
        return ServiceResult<string>.Ok(calendar.Write([session], _ => mayKnow, session.Status == SessionStatus.Cancelled ? "CANCEL" : "PUBLISH"));
    }

    // ---------- reading ----------

    private static IQueryable<Session> Visible(AppDbContext db, Viewer viewer)
    {
        var audiences = AccessGate.SessionAudiencesWithoutInvitation(viewer);
        var me = viewer.MemberId ?? "";
        // Invitations are checked again in memory by the access gate; this only narrows the rows read.
        return db.Sessions.AsNoTracking().Where(s => audiences.Contains(s.Audience) || s.InvitedIds.Contains(me) || s.PresenterIds.Contains(me));
    }

    internal sealed record Counts(Dictionary<long, int> Confirmed, Dictionary<long, int> Waitlisted, Dictionary<long, MyRegistration> Mine);

    private static async Task<Counts> CountsAsync(AppDbContext db, IReadOnlyList<long> ids, string memberId, CancellationToken ct)
    {
        var rows = await db.SessionRegistrations.AsNoTracking()
            .Where(r => ids.Contains(r.SessionId) && (r.Status == RegistrationStatus.Confirmed || r.Status == RegistrationStatus.Waitlisted || r.MemberId == memberId))
            .Select(r => new { r.SessionId, r.MemberId, r.Status, r.QueuedAt, r.Id })
            .ToListAsync(ct);
        var confirmed = rows.Where(r => r.Status == RegistrationStatus.Confirmed).GroupBy(r => r.SessionId).ToDictionary(g => g.Key, g => g.Count());
        var waiting = rows.Where(r => r.Status == RegistrationStatus.Waitlisted).GroupBy(r => r.SessionId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.QueuedAt).ThenBy(r => r.Id).ToList());
        var mine = new Dictionary<long, MyRegistration>();
        foreach (var r in rows.Where(r => r.MemberId == memberId && r.Status is not (RegistrationStatus.Cancelled or RegistrationStatus.Declined)))
        {
            int? position = r.Status == RegistrationStatus.Waitlisted ? waiting[r.SessionId].FindIndex(w => w.Id == r.Id) + 1 : null;
            mine[r.SessionId] = new MyRegistration(r.Status, position);
        }
        return new Counts(confirmed, waiting.ToDictionary(w => w.Key, w => w.Value.Count), mine);
    }

    private static SessionListItem ToListItem(Session s, Counts counts) => new(
        s.Id, s.Title, s.Format, s.Audience, s.Status,
        SessionTimes.Local(s.StartsAtUtc, s.TimeZone), SessionTimes.Local(s.EndsAtUtc, s.TimeZone), s.TimeZone, s.StartsAtUtc, s.EndsAtUtc,
        s.Capacity, counts.Confirmed.GetValueOrDefault(s.Id), counts.Waitlisted.GetValueOrDefault(s.Id), counts.Mine.GetValueOrDefault(s.Id),
        s.OnlineUrl is not null && s.Place is null, s.ProductGroups);

    /// <summary>Confirmed registrants, presenters and moderators learn the place and the link.</summary>
    internal static async Task<bool> MayKnowDetailsAsync(AppDbContext db, Viewer viewer, Session session, CancellationToken ct) =>
        AccessGate.CanRunSessions(viewer) || session.PresenterIds.Contains(viewer.MemberId!)
        || await db.SessionRegistrations.AnyAsync(r => r.SessionId == session.Id && r.MemberId == viewer.MemberId && r.Status == RegistrationStatus.Confirmed, ct);

    internal async Task<SessionDetail> DetailAsync(AppDbContext db, Viewer viewer, Session s, CancellationToken ct)
    {
        var counts = await CountsAsync(db, [s.Id], viewer.MemberId!, ct);
        var mayKnow = await MayKnowDetailsAsync(db, viewer, s, ct);
        // A presenter a moderator suspended is not announced to anyone but moderators while the suspension lasts.
        var now = time.GetUtcNow();
        var presenters = await db.Users.AsNoTracking().Where(u => s.PresenterIds.Contains(u.Id)
                && (viewer.IsStaff || u.SuspendedAt == null || (u.SuspendedUntil != null && u.SuspendedUntil <= now)))
            .Select(u => new PresenterView(u.Id, u.DisplayName, u.Organisation == null ? null : u.Organisation.Name)).ToListAsync(ct);
        var visibleRooms = (await rooms.ListRoomsAsync(viewer, ct)).Where(r => s.RoomIds.Contains(r.Id) && AccessGate.CanEnter(viewer, r.Audience))
            .Select(r => new SessionRoomView(r.Id, r.Slug, r.Title)).ToList();
        var mine = counts.Mine.GetValueOrDefault(s.Id);
        var open = s.Status == SessionStatus.Scheduled && s.StartsAtUtc > time.GetUtcNow();
        var blocked = !open ? L["Registration is closed for this session."].Value
            : viewer.Role is null && !viewer.IsStaff ? L["Complete your profile before you register: the organiser sees who you are and which organisation you come for."].Value
            : null;
        var actions = new SessionActions(
            Register: mine is null && blocked is null,
            CancelRegistration: mine is not null && open,
            Edit: AccessGate.CanRunSessions(viewer) && open,
            Cancel: AccessGate.CanRunSessions(viewer) && open,
            RegisterBlockedReason: mine is null ? blocked : null);
        return new SessionDetail(s.Id, s.Title, s.Description, s.Format, s.Audience, s.Status,
            SessionTimes.Local(s.StartsAtUtc, s.TimeZone), SessionTimes.Local(s.EndsAtUtc, s.TimeZone), s.TimeZone, s.StartsAtUtc, s.EndsAtUtc,
            s.Capacity, s.SeatsPerOrganisation, counts.Confirmed.GetValueOrDefault(s.Id), counts.Waitlisted.GetValueOrDefault(s.Id), mine,
            s.Agenda.Select(a => new AgendaItemView(a.Title, a.Minutes)).ToList(),
            presenters.OrderBy(p => s.PresenterIds.IndexOf(p.Id)).ToList(), visibleRooms,
            mayKnow ? s.Place : null, mayKnow ? s.OnlineUrl : null, s.OnlineUrl is not null, s.Place is not null,
            s.ChathamHouse, s.Registration, s.CancelReason, s.Sequence, actions,
            IsLive: s.LiveStartedAt is not null && s.Status == SessionStatus.Scheduled,
            CanJoinLive: mayKnow && s.Status is SessionStatus.Scheduled or SessionStatus.Held && time.GetUtcNow() >= s.StartsAtUtc - SessionLive.OpensBefore,
            ProductGroups: s.ProductGroups,
            Series: s.SeriesId is { } seriesId ? await SeriesAsync(db, viewer, seriesId, s, ct) : null,
            OpenActionItemsFromLastTime: s.SeriesId is { } sid && s.SeriesNumber > 1 ? await OpenActionItemsAsync(db, viewer, sid, s.SeriesNumber.Value, ct) : [],
            // Who is invited is for moderators (the edit form keeps them); members see only that they are.
            Invited: AccessGate.CanRunSessions(viewer)
                ? await db.Users.AsNoTracking().Where(u => s.InvitedIds.Contains(u.Id)).Select(u => new PresenterView(u.Id, u.DisplayName, u.Organisation == null ? null : u.Organisation.Name)).ToListAsync(ct)
                : null);
    }

    private static async Task<SeriesView?> SeriesAsync(AppDbContext db, Viewer viewer, long seriesId, Session current, CancellationToken ct)
    {
        var series = await db.SessionSeries.AsNoTracking().FirstOrDefaultAsync(x => x.Id == seriesId, ct);
        if (series is null) return null;
        var meetings = (await db.Sessions.AsNoTracking().Where(x => x.SeriesId == seriesId).OrderBy(x => x.SeriesNumber).ToListAsync(ct))
            .Where(x => AccessGate.CanSeeSession(viewer, x.Audience, x.InvitedIds, x.PresenterIds)).ToList();
        var counts = await CountsAsync(db, meetings.Select(m => m.Id).ToList(), viewer.MemberId!, ct);
        return new SeriesView(series.Id, series.Title, series.Repeat, current.SeriesNumber ?? 1, meetings.Count,
            meetings.Select(m => new SeriesMeeting(m.Id, m.SeriesNumber ?? 0, m.StartsAtUtc, m.Status, counts.Mine.GetValueOrDefault(m.Id))).ToList());
    }

    /// <summary>What the earlier meetings of the series left to do: their open action items, in threads the viewer may see.</summary>
    private static async Task<IReadOnlyList<ActionItemView>> OpenActionItemsAsync(AppDbContext db, Viewer viewer, long seriesId, int number, CancellationToken ct)
    {
        var earlier = db.Sessions.Where(x => x.SeriesId == seriesId && x.SeriesNumber < number).Select(x => x.Id);
        var audiences = AccessGate.EnterableAudiences(viewer);
        return await db.SessionActionItems.AsNoTracking().Where(a => earlier.Contains(a.SessionId) && a.DoneAt == null
                && db.Threads.Any(t => t.Id == a.ThreadId && t.DeletedAt == null && audiences.Contains(t.Room!.Audience)))
            .OrderBy(a => a.Id)
            .Join(db.Users, a => a.OwnerId, u => u.Id, (a, u) => new ActionItemView(a.Id, a.Text, a.OwnerId, u.DisplayName, a.DueDate, a.ThreadId, false))
            .ToListAsync(ct);
    }

    // ---------- writing ----------

    private async Task<(Session? Session, FieldErrors Errors)> ValidateAsync(AppDbContext db, Viewer viewer, ScheduleSessionInput input, Session? existing, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0) errors.Add("title", L["Give the session a title."]);
        else if (title.Length > Limits.SessionTitle) errors.Add("title", L["The title can be at most {0} characters (it has {1}).", Limits.SessionTitle, title.Length]);
        else if (TextRules.HasInvisibleOrControl(title)) errors.Add("title", L["The title cannot contain control or invisible formatting characters (such as right-to-left overrides or zero-width spaces)."]);
        var description = input.Description?.Trim() ?? "";
        if (description.Length > Limits.SessionDescription) errors.Add("description", L["The description can be at most {0} characters (it has {1}).", Limits.SessionDescription, description.Length]);
        var format = EnumNames.Parse<SessionFormat>(input.Format);
        if (format is null) errors.Add("format", L["Choose a format: Kickoff, InspirationDay, PeerLearning, Workshop, Webinar, SiteVisit, BuyerMeetsSupplier, Masterclass or PilotDebrief."]);
        var audience = EnumNames.Parse<SessionAudience>(input.Audience);
        if (audience is null) errors.Add("audience", L["Choose an audience: Everyone, BuyersOnly or BuyersAndInvitedSuppliers."]);
        var registration = string.IsNullOrWhiteSpace(input.Registration) ? RegistrationMode.Open : EnumNames.Parse<RegistrationMode>(input.Registration);
        if (registration is null) errors.Add("registration", L["Choose how people register: Open or ModeratorSelects."]);

        var zone = SessionTimes.FindZone(input.TimeZone);
        DateTimeOffset? starts = null, ends = null;
        if (zone is null) errors.Add("timeZone", L["Choose a time zone by its IANA name, such as Europe/Brussels."]);
        else
        {
            starts = Time("startsAt", input.StartsAt, zone, errors);
            ends = Time("endsAt", input.EndsAt, zone, errors);
        }
        var now = time.GetUtcNow();
        if (starts is { } s0 && ends is { } e0)
        {
            if (e0 <= s0) errors.Add("endsAt", L["The session must end after it starts."]);
            else if (e0 - s0 > TimeSpan.FromDays(7)) errors.Add("endsAt", L["A session can last at most 7 days; schedule a series for more."]);
            if (s0 <= now && (existing is null || existing.StartsAtUtc != s0)) errors.Add("startsAt", L["The session must start in the future."]);
        }

        var place = input.Place?.Trim();
        if (string.IsNullOrEmpty(place)) place = null;
        else if (place.Length > Limits.SessionPlace) errors.Add("place", L["The place can be at most {0} characters.", Limits.SessionPlace]);
        else if (TextRules.HasInvisibleOrControl(place)) errors.Add("place", L["The place cannot contain control or invisible formatting characters."]);
        var online = input.OnlineUrl?.Trim();
        if (string.IsNullOrEmpty(online)) online = null;
        else if (online.Length > Limits.Url || !Uri.TryCreate(online, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            errors.Add("onlineUrl", L["Give the meeting link as a full https:// address."]);
        if (place is null && online is null) errors.Add("place", L["Give a place, an online link, or both."]);

        if (input.Capacity is < 1 or > 10_000) errors.Add("capacity", L["The capacity is a number from 1 to 10,000, or empty for no limit."]);
        if (input.SeatsPerOrganisation is { } seats && (seats < 1 || (input.Capacity is { } cap && seats > cap)))
            errors.Add("seatsPerOrganisation", L["Seats per organisation is a number from 1 to the capacity, or empty for no limit."]);

        var agenda = new List<AgendaItem>();
        if (input.Agenda is { } items)
        {
            if (items.Count > Limits.AgendaItems) errors.Add("agenda", L["An agenda can have at most {0} items.", Limits.AgendaItems]);
            foreach (var item in items.Take(Limits.AgendaItems))
            {
                var itemTitle = item?.Title?.Trim() ?? "";
                if (itemTitle.Length == 0 || itemTitle.Length > Limits.AgendaItemTitle || TextRules.HasInvisibleOrControl(itemTitle))
                {
                    errors.Add("agenda", L["Each agenda item needs a title of at most {0} characters.", Limits.AgendaItemTitle]);
                    break;
                }
                if (item!.Minutes is < 1 or > 600)
                {
                    errors.Add("agenda", L["Each agenda item takes from 1 to 600 minutes."]);
                    break;
                }
                agenda.Add(new AgendaItem { Title = itemTitle, Minutes = item.Minutes });
            }
        }
        else if (format is { } f) agenda.AddRange(SessionFormats.DefaultAgenda(f));

        var roomIds = (input.RoomIds ?? []).Distinct().Take(21).ToList();
        if (roomIds.Count > 20) errors.Add("roomIds", L["Link at most 20 rooms."]);
        else if (roomIds.Count > 0)
        {
            var known = (await rooms.ListRoomsAsync(viewer, ct)).Select(r => r.Id).ToHashSet();
            if (!roomIds.All(known.Contains)) errors.Add("roomIds", L["One of the rooms does not exist."]);
        }
        var groups = (input.ProductGroups ?? []).Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => g.Trim().ToLowerInvariant()).Distinct().ToList();
        if (groups.Count > ProductGroups.All.Count || groups.Any(g => !ProductGroups.IsKnown(g))) errors.Add("productGroups", L["Choose product groups from the list."]);
        var presenterIds = await MembersAsync(db, input.PresenterIds, "presenterIds", errors, ct);
        var invitedIds = await MembersAsync(db, input.InvitedIds, "invitedIds", errors, ct);
        if (errors.Any) return (null, errors);

        return (new Session
        {
            Title = title, Description = description, Format = format!.Value, Audience = audience!.Value,
            StartsAtUtc = starts!.Value, EndsAtUtc = ends!.Value, TimeZone = input.TimeZone!.Trim(),
            Place = place, OnlineUrl = online, Capacity = input.Capacity, SeatsPerOrganisation = input.SeatsPerOrganisation,
            ChathamHouse = input.ChathamHouse, Registration = registration!.Value, Agenda = agenda,
            RoomIds = roomIds, PresenterIds = presenterIds, InvitedIds = invitedIds, ProductGroups = groups,
        }, errors);
    }

    /// <summary>
    /// The meetings of a series, by the session's own wall clock (a weekly 14:00 stays 14:00 across a clock change),
    /// or just the one session. A meeting that would fall in a skipped or doubled hour is refused, never shifted.
    /// </summary>
    private List<Session> Occurrences(Session first, SeriesInput? repeat, FieldErrors errors)
    {
        if (repeat is null) return [first];
        var every = EnumNames.Parse<SeriesRepeat>(repeat.Every);
        if (every is null) { errors.Add("repeat", L["Repeat every: Weekly, EveryTwoWeeks, EveryFourWeeks or Monthly."]); return []; }
        if (repeat.Count is < 2 or > 12) { errors.Add("repeat", L["A series has from 2 to 12 meetings."]); return []; }
        var zone = SessionTimes.FindZone(first.TimeZone) ?? TimeZoneInfo.Utc;
        var localStart = TimeZoneInfo.ConvertTime(first.StartsAtUtc, zone).DateTime;
        var length = first.EndsAtUtc - first.StartsAtUtc;
        var meetings = new List<Session> { first };
        for (var i = 1; i < repeat.Count; i++)
        {
            var local = every switch
            {
                SeriesRepeat.Weekly => localStart.AddDays(7 * i),
                SeriesRepeat.EveryTwoWeeks => localStart.AddDays(14 * i),
                SeriesRepeat.EveryFourWeeks => localStart.AddDays(28 * i),
                _ => localStart.AddMonths(i),
            };
            local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(local) || zone.IsAmbiguousTime(local))
            {
                errors.Add("repeat", L["Meeting {0} would fall at {1:yyyy-MM-dd HH:mm}, when the clocks change in {2}. Choose another time.", i + 1, local, zone.Id]);
                return [];
            }
            var starts = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
            var copy = Clone(first);
            (copy.StartsAtUtc, copy.EndsAtUtc) = (starts, starts + length);
            meetings.Add(copy);
        }
        return meetings;
    }

    private static Session Clone(Session s) => new()
    {
        Title = s.Title, Description = s.Description, Format = s.Format, Audience = s.Audience, TimeZone = s.TimeZone,
        Place = s.Place, OnlineUrl = s.OnlineUrl, Capacity = s.Capacity, SeatsPerOrganisation = s.SeatsPerOrganisation,
        ChathamHouse = s.ChathamHouse, Registration = s.Registration,
        Agenda = s.Agenda.Select(a => new AgendaItem { Title = a.Title, Minutes = a.Minutes }).ToList(),
        RoomIds = [.. s.RoomIds], PresenterIds = [.. s.PresenterIds], InvitedIds = [.. s.InvitedIds], ProductGroups = [.. s.ProductGroups],
    };

    private DateTimeOffset? Time(string field, string? text, TimeZoneInfo zone, FieldErrors errors)
    {
        var (utc, problem, offsets) = SessionTimes.ToUtc(text, zone);
        switch (problem)
        {
            case SessionTimes.Problem.None:
                return utc;
            case SessionTimes.Problem.DoesNotExist:
                errors.Add(field, L["{0} does not exist in {1}: the clocks skip that hour. Choose another time.", text!.Trim(), zone.Id]);
                return null;
            case SessionTimes.Problem.Ambiguous:
                errors.Add(field, L["{0} happens twice in {1}, when the clocks go back. Add the offset you mean: {2}.", text!.Trim(), zone.Id,
                    string.Join(" / ", offsets.Select(o => text!.Trim() + SessionTimes.Offset(o)))]);
                return null;
            case SessionTimes.Problem.WrongOffset:
                errors.Add(field, L["That offset is not used in {0} at that time.", zone.Id]);
                return null;
            default:
                errors.Add(field, L["Give the time as 2027-03-18T14:00 (local time in the session's zone)."]);
                return null;
        }
    }

    private async Task<List<string>> MembersAsync(AppDbContext db, List<string>? ids, string field, FieldErrors errors, CancellationToken ct)
    {
        var wanted = (ids ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct().ToList();
        if (wanted.Count > 50) { errors.Add(field, L["At most 50 members."]); return []; }
        if (wanted.Any(i => i.Length > 64)) { errors.Add(field, L["One of these members does not exist."]); return []; }
        var found = await db.Users.Where(u => wanted.Contains(u.Id) && u.Role != null).Select(u => u.Id).ToListAsync(ct);
        if (found.Count != wanted.Count) errors.Add(field, L["One of these members does not exist."]);
        return wanted;
    }

    private static void Copy(Session from, Session to)
    {
        to.Title = from.Title; to.Description = from.Description; to.Format = from.Format; to.Audience = from.Audience;
        to.StartsAtUtc = from.StartsAtUtc; to.EndsAtUtc = from.EndsAtUtc; to.TimeZone = from.TimeZone;
        to.Place = from.Place; to.OnlineUrl = from.OnlineUrl; to.Capacity = from.Capacity; to.SeatsPerOrganisation = from.SeatsPerOrganisation;
        to.ChathamHouse = from.ChathamHouse; to.Registration = from.Registration; to.Agenda = from.Agenda;
        to.RoomIds = from.RoomIds; to.PresenterIds = from.PresenterIds; to.InvitedIds = from.InvitedIds; to.ProductGroups = from.ProductGroups;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} scheduled by {MemberId}")]
    private partial void LogScheduled(long sessionId, string memberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} changed (sequence {Sequence}) by {MemberId}")]
    private partial void LogUpdated(long sessionId, int sequence, string memberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} cancelled by {MemberId}")]
    private partial void LogCancelled(long sessionId, string memberId);
}
