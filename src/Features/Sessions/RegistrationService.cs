using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Email;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Sessions;

/// <summary>
/// Places at sessions. Every change runs in one write transaction that first raises the session's Version: SQLite
/// takes its write lock at BEGIN (Microsoft.Data.Sqlite begins IMMEDIATE), PostgreSQL locks the session row, so
/// places are counted one registration at a time and two members racing for the last place never both get it.
/// </summary>
public sealed partial class RegistrationService(
    IDbContextFactory<AppDbContext> dbFactory,
    SessionService sessions,
    SessionEmails emails,
    MemberService members,
    EmailOutbox outbox,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    Moderation.AuditLog audit,
    ILogger<RegistrationService> logger)
{
    private static readonly RegistrationStatus[] Active = [RegistrationStatus.Confirmed, RegistrationStatus.Waitlisted, RegistrationStatus.Requested];

    public async Task<ServiceResult<RegistrationResult>> RegisterAsync(Viewer viewer, long sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = await sessions.FindVisibleAsync(db, viewer, sessionId, ct);
        if (visible is null) return ServiceResult<RegistrationResult>.NotFound();
        if (viewer.Role is null && !viewer.IsStaff)
            return ServiceResult<RegistrationResult>.Forbidden(L["Complete your profile before you register: the organiser sees who you are and which organisation you come for."]);
        var me = viewer.MemberId!;
        var member = await db.Users.AsNoTracking().Where(u => u.Id == me).Select(u => new { u.Email, u.OrganisationId }).FirstAsync(ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await Waitlist.LockAsync(db, sessionId, ct);
        var session = await db.Sessions.AsNoTracking().FirstAsync(s => s.Id == sessionId, ct);
        var now = time.GetUtcNow();
        if (session.Status != SessionStatus.Scheduled || session.StartsAtUtc <= now)
            return ServiceResult<RegistrationResult>.Conflict(L["Registration is closed for this session."]);
        var mine = await db.SessionRegistrations.FirstOrDefaultAsync(r => r.SessionId == sessionId && r.MemberId == me, ct);
        if (mine is not null && Active.Contains(mine.Status))
            return ServiceResult<RegistrationResult>.Conflict(L["You are already registered for this session."]);
        if (mine is { Status: RegistrationStatus.Declined })
            return ServiceResult<RegistrationResult>.Conflict(L["The organiser could not offer you a place at this session."]);
        if (session.SeatsPerOrganisation is { } seats && member.OrganisationId is { } organisation
            && await db.SessionRegistrations.CountAsync(r => r.SessionId == sessionId && r.OrganisationId == organisation && Active.Contains(r.Status), ct) >= seats)
            return ServiceResult<RegistrationResult>.Conflict(L["Your organisation has taken its {0} seats at this session. A colleague can give up theirs.", seats]);

        var confirmed = await db.SessionRegistrations.CountAsync(r => r.SessionId == sessionId && r.Status == RegistrationStatus.Confirmed, ct);
        // Nobody jumps the line: while others wait, a newcomer waits too.
        var status = session.Registration == RegistrationMode.ModeratorSelects ? RegistrationStatus.Requested
            : (session.Capacity is not { } capacity || confirmed < capacity) && !await Waitlist.HasWaitingAsync(db, sessionId, ct) ? RegistrationStatus.Confirmed
            : RegistrationStatus.Waitlisted;
        if (mine is null)
        {
            mine = new SessionRegistration { SessionId = sessionId, MemberId = me };
            db.SessionRegistrations.Add(mine);
        }
        (mine.Status, mine.OrganisationId, mine.QueuedAt, mine.ChangedAt) = (status, member.OrganisationId, now, now);
        await db.SaveChangesAsync(ct);
        int? position = status == RegistrationStatus.Waitlisted ? await PositionAsync(db, mine, ct) : null;
        if (!string.IsNullOrEmpty(member.Email))
        {
            if (status == RegistrationStatus.Confirmed) await emails.ConfirmedAsync(db, session, me, member.Email, promoted: false, ct);
            else if (status == RegistrationStatus.Waitlisted) await emails.WaitlistedAsync(db, session, me, member.Email, position!.Value, ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        outbox.Wake();
        LogRegistered(sessionId, me, status);
        return ServiceResult<RegistrationResult>.Ok(new RegistrationResult(status, position));
    }

    /// <summary>Registers for every coming meeting of a series the member may see, each by its own rules (places, waitlist).</summary>
    public async Task<ServiceResult<IReadOnlyList<SeriesRegistration>>> RegisterSeriesAsync(Viewer viewer, long seriesId, CancellationToken ct = default)
    {
        List<long> coming;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var now = time.GetUtcNow();
            var meetings = await db.Sessions.AsNoTracking().Where(s => s.SeriesId == seriesId && s.Status == SessionStatus.Scheduled && s.StartsAtUtc > now)
                .OrderBy(s => s.StartsAtUtc).ToListAsync(ct);
            coming = meetings.Where(s => AccessGate.CanSeeSession(viewer, s.Audience, s.InvitedIds, s.PresenterIds)).Select(s => s.Id).ToList();
            if (!viewer.IsSignedIn || (coming.Count == 0 && !await db.Sessions.AnyAsync(s => s.SeriesId == seriesId, ct))) return ServiceResult<IReadOnlyList<SeriesRegistration>>.NotFound();
        }
        var results = new List<SeriesRegistration>();
        foreach (var id in coming)
        {
            var result = await RegisterAsync(viewer, id, ct);
            if (result.Status == ResultStatus.Forbidden) return ServiceResult<IReadOnlyList<SeriesRegistration>>.Forbidden(result.Message ?? "");
            results.Add(new SeriesRegistration(id, result.Value?.Status, result.Value?.Position, result.Succeeded ? null : result.Message));
        }
        return ServiceResult<IReadOnlyList<SeriesRegistration>>.Ok(results);
    }

    /// <summary>The member gives up their place (or leaves the waitlist); the first in line is promoted and told.</summary>
    public async Task<ServiceResult<bool>> CancelAsync(Viewer viewer, long sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await sessions.FindVisibleAsync(db, viewer, sessionId, ct) is null) return ServiceResult<bool>.NotFound();
        var me = viewer.MemberId!;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await Waitlist.LockAsync(db, sessionId, ct);
        var session = await db.Sessions.AsNoTracking().FirstAsync(s => s.Id == sessionId, ct);
        var mine = await db.SessionRegistrations.FirstOrDefaultAsync(r => r.SessionId == sessionId && r.MemberId == me, ct);
        if (mine is null || !Active.Contains(mine.Status)) return ServiceResult<bool>.NotFound();
        if (session.Status != SessionStatus.Scheduled || session.StartsAtUtc <= time.GetUtcNow())
            return ServiceResult<bool>.Conflict(L["The session has started or ended: there is no place to give up."]);
        var now = time.GetUtcNow();
        var freed = mine.Status == RegistrationStatus.Confirmed;
        (mine.Status, mine.ChangedAt) = (RegistrationStatus.Cancelled, now);
        await db.SaveChangesAsync(ct);
        // Without a place there is no one-to-one meeting either: the member's slots are free for others.
        await db.SessionSlots.Where(x => x.SessionId == sessionId && x.BookedById == me)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.BookedById, (string?)null).SetProperty(x => x.BookedAt, (DateTimeOffset?)null), ct);
        if (freed) await Waitlist.PromoteAsync(db, session, now, emails, members, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        outbox.Wake();
        LogCancelled(sessionId, me);
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>For moderators: everyone who registered, asked or waits, with their organisation, in queue order.</summary>
    public async Task<ServiceResult<IReadOnlyList<RegistrantView>>> ListAsync(Viewer viewer, long sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await sessions.FindVisibleAsync(db, viewer, sessionId, ct) is null) return ServiceResult<IReadOnlyList<RegistrantView>>.NotFound();
        if (!AccessGate.CanRunSessions(viewer)) return ServiceResult<IReadOnlyList<RegistrantView>>.Forbidden(L["Only moderators see who registered."]);
        var rows = await db.SessionRegistrations.AsNoTracking().Where(r => r.SessionId == sessionId && r.Status != RegistrationStatus.Cancelled)
            .OrderBy(r => r.QueuedAt).ThenBy(r => r.Id)
            .Select(r => new RegistrantView(r.MemberId, r.Member!.DisplayName, r.Member.Organisation == null ? null : r.Member.Organisation.Name, r.Status, r.QueuedAt))
            .ToListAsync(ct);
        return ServiceResult<IReadOnlyList<RegistrantView>>.Ok(rows);
    }

    /// <summary>
    /// With "moderator selects", a moderator accepts a request (a place if there is one, else the waitlist) or declines
    /// it. The member hears either way.
    /// </summary>
    public async Task<ServiceResult<RegistrationResult>> DecideAsync(Viewer viewer, long sessionId, string memberId, bool accept, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await sessions.FindVisibleAsync(db, viewer, sessionId, ct) is null) return ServiceResult<RegistrationResult>.NotFound();
        if (!AccessGate.CanRunSessions(viewer)) return ServiceResult<RegistrationResult>.Forbidden(L["Only moderators decide on requests."]);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await Waitlist.LockAsync(db, sessionId, ct);
        var session = await db.Sessions.AsNoTracking().FirstAsync(s => s.Id == sessionId, ct);
        var request = await db.SessionRegistrations.Include(r => r.Member).FirstOrDefaultAsync(r => r.SessionId == sessionId && r.MemberId == memberId, ct);
        if (request is null) return ServiceResult<RegistrationResult>.NotFound();
        if (request.Status != RegistrationStatus.Requested) return ServiceResult<RegistrationResult>.Conflict(L["This request has been decided already."]);
        var now = time.GetUtcNow();
        var confirmed = await db.SessionRegistrations.CountAsync(r => r.SessionId == sessionId && r.Status == RegistrationStatus.Confirmed, ct);
        if (session.Status != SessionStatus.Scheduled || session.StartsAtUtc <= now) return ServiceResult<RegistrationResult>.Conflict(L["Registration is closed for this session."]);
        request.Status = !accept ? RegistrationStatus.Declined
            : (session.Capacity is not { } capacity || confirmed < capacity) && !await Waitlist.HasWaitingAsync(db, sessionId, ct) ? RegistrationStatus.Confirmed
            : RegistrationStatus.Waitlisted;
        request.ChangedAt = now;
        await db.SaveChangesAsync(ct);
        int? position = request.Status == RegistrationStatus.Waitlisted ? await PositionAsync(db, request, ct) : null;
        if (request.Member?.Email is { Length: > 0 } email)
        {
            if (request.Status == RegistrationStatus.Confirmed) await emails.ConfirmedAsync(db, session, memberId, email, promoted: false, ct);
            else if (request.Status == RegistrationStatus.Waitlisted) await emails.WaitlistedAsync(db, session, memberId, email, position!.Value, ct);
            else await emails.DeclinedAsync(db, session, memberId, email, ct);
        }
        audit.Add(db, viewer, accept ? "registration.accept" : "registration.decline", "SessionRegistration", $"{sessionId}/{memberId}", null,
            new { status = RegistrationStatus.Requested }, new { status = request.Status });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        outbox.Wake();
        return ServiceResult<RegistrationResult>.Ok(new RegistrationResult(request.Status, position));
    }

    private static Task<int> PositionAsync(AppDbContext db, SessionRegistration mine, CancellationToken ct) =>
        db.SessionRegistrations.CountAsync(r => r.SessionId == mine.SessionId && r.Status == RegistrationStatus.Waitlisted
            && (r.QueuedAt < mine.QueuedAt || (r.QueuedAt == mine.QueuedAt && r.Id <= mine.Id)), ct);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} registered for session {SessionId}: {Status}")]
    private partial void LogRegistered(long sessionId, string memberId, RegistrationStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} gave up their place at session {SessionId}")]
    private partial void LogCancelled(long sessionId, string memberId);


}
