using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Sessions;

/// <summary>POST /sessions/{id}/slots: one row of slots per host, from a local time, back to back.</summary>
public sealed class SlotsInput
{
    public List<string>? HostIds { get; set; }

    /// <summary>The first slot's local time in the session's zone, such as 2027-03-18T15:30.</summary>
    public string? From { get; set; }
    public int Count { get; set; }
    public int Minutes { get; set; }
}

/// <summary>
/// A slot as the viewer sees it: the host and time for all; who booked it only for the host, the booker and moderators
/// (suppliers do not learn which competitor meets which buyer).
/// </summary>
public sealed record SlotView(long Id, string HostId, string HostName, string? HostOrganisation, DateTimeOffset StartsAtUtc, int Minutes,
    bool Taken, bool Mine, string? BookedBy, string? BookedByOrganisation, bool CanBook, bool CanCancel);

/// <summary>
/// One-to-one meetings at buyer-meets-supplier sessions. Moderators open slots for buyer hosts; suppliers with a
/// confirmed place book them, at most <see cref="PerSupplier"/> each and one per host, so every supplier has the same
/// chance. A booking is one conditional update: two suppliers racing for a slot never both get it.
/// </summary>
public sealed partial class SessionSlots(
    IDbContextFactory<AppDbContext> dbFactory,
    SessionService sessions,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    ILogger<SessionSlots> logger)
{
    public const int PerSupplier = 3;

    public async Task<ServiceResult<IReadOnlyList<SlotView>>> ListAsync(Viewer viewer, long sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await sessions.FindVisibleAsync(db, viewer, sessionId, ct);
        if (session is null) return ServiceResult<IReadOnlyList<SlotView>>.NotFound();
        return ServiceResult<IReadOnlyList<SlotView>>.Ok(await ViewsAsync(db, viewer, session, ct));
    }

    public async Task<ServiceResult<IReadOnlyList<SlotView>>> OpenAsync(Viewer viewer, long sessionId, SlotsInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await sessions.FindVisibleAsync(db, viewer, sessionId, ct);
        if (session is null) return ServiceResult<IReadOnlyList<SlotView>>.NotFound();
        if (!AccessGate.CanRunSessions(viewer)) return ServiceResult<IReadOnlyList<SlotView>>.Forbidden(L["Only moderators open one-to-one slots."]);
        if (session.Format != SessionFormat.BuyerMeetsSupplier) return ServiceResult<IReadOnlyList<SlotView>>.Conflict(L["One-to-one slots belong to buyer-meets-supplier sessions."]);
        var errors = new FieldErrors();
        var hosts = (input.HostIds ?? []).Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h.Trim()).Distinct().ToList();
        if (hosts.Count == 0)
        {
            // No hosts named: every buyer with a confirmed place hosts.
            hosts = await db.SessionRegistrations.Where(r => r.SessionId == sessionId && r.Status == RegistrationStatus.Confirmed
                    && r.Member!.Role == CommunityRole.Buyer && r.Member.RoleStatus == RoleStatus.Granted)
                .Select(r => r.MemberId).ToListAsync(ct);
            if (hosts.Count == 0) errors.Add("hostIds", L["No buyer has a confirmed place yet: name the hosts, or wait for buyers to register."]);
        }
        if (hosts.Count > 50 || hosts.Any(h => h.Length > 64)) errors.Add("hostIds", L["Choose from 1 to 50 buyers to host one-to-one meetings."]);
        else if (hosts.Count > 0 && await db.Users.CountAsync(u => hosts.Contains(u.Id) && u.Role == CommunityRole.Buyer && u.RoleStatus == RoleStatus.Granted, ct) != hosts.Count)
            errors.Add("hostIds", L["Every host must be a buyer."]);
        if (input.Count is < 1 or > 20) errors.Add("count", L["Open from 1 to 20 slots per host."]);
        if (input.Minutes is < 5 or > 120) errors.Add("minutes", L["A slot lasts from 5 to 120 minutes."]);
        var zone = SessionTimes.FindZone(session.TimeZone) ?? TimeZoneInfo.Utc;
        var (from, problem, _) = SessionTimes.ToUtc(input.From, zone);
        if (problem != SessionTimes.Problem.None) errors.Add("from", L["Give the first slot's time as 2027-03-18T15:30, in the session's time zone."]);
        else if (input.Count is >= 1 and <= 20 && input.Minutes is >= 5 and <= 120
            && (from < session.StartsAtUtc || from + TimeSpan.FromMinutes(input.Count * input.Minutes) > session.EndsAtUtc))
            errors.Add("from", L["The slots must fit inside the session's own time."]);
        if (errors.Any) return errors.ToResult<IReadOnlyList<SlotView>>();
        foreach (var host in hosts)
        {
            for (var i = 0; i < input.Count; i++)
                db.SessionSlots.Add(new SessionSlot { SessionId = sessionId, HostId = host, StartsAtUtc = from + TimeSpan.FromMinutes(i * input.Minutes), Minutes = input.Minutes });
        }
        await db.SaveChangesAsync(ct);
        LogOpened(sessionId, hosts.Count * input.Count);
        return ServiceResult<IReadOnlyList<SlotView>>.Ok(await ViewsAsync(db, viewer, session, ct));
    }

    public async Task<ServiceResult<IReadOnlyList<SlotView>>> BookAsync(Viewer viewer, long sessionId, long slotId, bool book, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await sessions.FindVisibleAsync(db, viewer, sessionId, ct);
        var slot = session is null ? null : await db.SessionSlots.AsNoTracking().FirstOrDefaultAsync(s => s.Id == slotId && s.SessionId == sessionId, ct);
        if (session is null || slot is null) return ServiceResult<IReadOnlyList<SlotView>>.NotFound();
        var me = viewer.MemberId!;
        if (!book)
        {
            if (slot.BookedById != me && !AccessGate.CanRunSessions(viewer)) return ServiceResult<IReadOnlyList<SlotView>>.Forbidden(L["Only who booked a slot can free it."]);
            await db.SessionSlots.Where(s => s.Id == slotId).ExecuteUpdateAsync(u => u.SetProperty(s => s.BookedById, (string?)null).SetProperty(s => s.BookedAt, (DateTimeOffset?)null), ct);
            return ServiceResult<IReadOnlyList<SlotView>>.Ok(await ViewsAsync(db, viewer, session, ct));
        }
        if (!viewer.IsSupplier) return ServiceResult<IReadOnlyList<SlotView>>.Forbidden(L["Suppliers book one-to-one meetings with buyers."]);
        if (!await db.SessionRegistrations.AnyAsync(r => r.SessionId == sessionId && r.MemberId == me && r.Status == RegistrationStatus.Confirmed, ct))
            return ServiceResult<IReadOnlyList<SlotView>>.Forbidden(L["Register for the session (a confirmed place) before you book a one-to-one meeting."]);
        if (session.Status != SessionStatus.Scheduled) return ServiceResult<IReadOnlyList<SlotView>>.Conflict(L["Booking is closed for this session."]);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await Waitlist.LockAsync(db, sessionId, ct);
        var booked = await db.SessionSlots.Where(s => s.SessionId == sessionId && s.BookedById == me).ToListAsync(ct);
        var mine = booked.Select(s => s.HostId).ToList();
        if (booked.Any(b => b.StartsAtUtc < slot.StartsAtUtc + TimeSpan.FromMinutes(slot.Minutes) && slot.StartsAtUtc < b.StartsAtUtc + TimeSpan.FromMinutes(b.Minutes)))
            return ServiceResult<IReadOnlyList<SlotView>>.Conflict(L["You have another one-to-one meeting at that time."]);
        if (mine.Count >= PerSupplier) return ServiceResult<IReadOnlyList<SlotView>>.Conflict(L["Every supplier books at most {0} one-to-one meetings, so all have the same chance.", PerSupplier]);
        if (mine.Contains(slot.HostId)) return ServiceResult<IReadOnlyList<SlotView>>.Conflict(L["You have a meeting with this buyer already."]);
        var taken = await db.SessionSlots.Where(s => s.Id == slotId && s.BookedById == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.BookedById, me).SetProperty(s => s.BookedAt, time.GetUtcNow()), ct);
        if (taken == 0) return ServiceResult<IReadOnlyList<SlotView>>.Conflict(L["Someone booked this slot just before you. Choose another."]);
        await tx.CommitAsync(ct);
        return ServiceResult<IReadOnlyList<SlotView>>.Ok(await ViewsAsync(db, viewer, session, ct));
    }

    private static async Task<IReadOnlyList<SlotView>> ViewsAsync(AppDbContext db, Viewer viewer, Session session, CancellationToken ct)
    {
        var slots = await db.SessionSlots.AsNoTracking().Where(s => s.SessionId == session.Id).OrderBy(s => s.StartsAtUtc).ThenBy(s => s.HostId).ToListAsync(ct);
        var people = slots.Select(s => s.HostId).Concat(slots.Where(s => s.BookedById != null).Select(s => s.BookedById!)).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, Organisation = u.Organisation == null ? null : u.Organisation.Name }).ToDictionaryAsync(u => u.Id, ct);
        var me = viewer.MemberId;
        var canRun = AccessGate.CanRunSessions(viewer);
        var confirmed = await db.SessionRegistrations.AnyAsync(r => r.SessionId == session.Id && r.MemberId == me && r.Status == RegistrationStatus.Confirmed, ct);
        var myHosts = slots.Where(s => s.BookedById == me).Select(s => s.HostId).ToHashSet();
        var open = session.Status == SessionStatus.Scheduled;
        return slots.Select(s =>
        {
            var seesBooker = canRun || s.HostId == me || s.BookedById == me;
            var booker = s.BookedById is { } b && seesBooker ? names.GetValueOrDefault(b) : null;
            return new SlotView(s.Id, s.HostId, names.GetValueOrDefault(s.HostId)?.DisplayName ?? "", names.GetValueOrDefault(s.HostId)?.Organisation,
                s.StartsAtUtc, s.Minutes, s.BookedById is not null, s.BookedById == me, booker?.DisplayName, booker?.Organisation,
                CanBook: open && viewer.IsSupplier && confirmed && s.BookedById is null && myHosts.Count < PerSupplier && !myHosts.Contains(s.HostId),
                CanCancel: open && (s.BookedById == me || (canRun && s.BookedById is not null)));
        }).ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened {Count} one-to-one slots at session {SessionId}")]
    private partial void LogOpened(long sessionId, int count);
}
