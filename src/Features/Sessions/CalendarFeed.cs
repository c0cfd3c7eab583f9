using Microsoft.EntityFrameworkCore;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Members;

namespace PracticeCommunity.Features.Sessions;

/// <summary>
/// A member's own calendar feed at /calendar/{token}.ics, for calendar apps that cannot sign in: the sessions they
/// registered for or present at, from a month ago on. Only the hash of the token is stored; a new token kills the
/// old address. What the feed shows is decided for the member as they are now, through the access gate.
/// </summary>
public sealed class CalendarFeed(IDbContextFactory<AppDbContext> dbFactory, MemberService members, SessionCalendar calendar, TimeProvider time)
{
    public async Task<string> NewTokenAsync(Viewer viewer, CancellationToken ct = default)
    {
        var (token, hash) = SessionCalendar.NewFeedToken();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == viewer.MemberId).ExecuteUpdateAsync(s => s.SetProperty(u => u.CalendarTokenHash, hash), ct);
        return token;
    }

    /// <summary>The feed, or null for a token that is not (or no longer) anyone's.</summary>
    public async Task<string?> ReadAsync(string token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return null;
        var hash = SessionCalendar.HashOf(token);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var memberId = await db.Users.Where(u => u.CalendarTokenHash == hash).Select(u => u.Id).FirstOrDefaultAsync(ct);
        if (memberId is null || await members.GetViewerByIdAsync(memberId, ct) is not { } viewer) return null;
        var since = time.GetUtcNow().AddDays(-31);
        var registrations = await db.SessionRegistrations.AsNoTracking()
            .Where(r => r.MemberId == memberId && (r.Status == RegistrationStatus.Confirmed || r.Status == RegistrationStatus.Waitlisted || r.Status == RegistrationStatus.Requested))
            .ToDictionaryAsync(r => r.SessionId, r => r.Status, ct);
        var ids = registrations.Keys.ToList();
        var sessions = await db.Sessions.AsNoTracking()
            .Where(s => s.EndsAtUtc >= since && (ids.Contains(s.Id) || s.PresenterIds.Contains(memberId)))
            .OrderBy(s => s.StartsAtUtc).Take(500).ToListAsync(ct);
        sessions = sessions.Where(s => AccessGate.CanSeeSession(viewer, s.Audience, s.InvitedIds, s.PresenterIds)).ToList();
        return calendar.Write(sessions,
            s => AccessGate.CanRunSessions(viewer) || s.PresenterIds.Contains(memberId) || registrations.GetValueOrDefault(s.Id) == RegistrationStatus.Confirmed,
            name: "PracticeCommunity");
    }
}
