using Microsoft.EntityFrameworkCore;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Members;

namespace PracticeCommunity.Features.Sessions;

/// <summary>
/// The waitlist, first in, first out: while a session has room, the longest-waiting member who may still see it gets
/// the place and an email. Called inside the transaction that freed or added places.
/// </summary>
internal static class Waitlist
{
    public static async Task<int> PromoteAsync(AppDbContext db, Session session, DateTimeOffset now, SessionEmails emails, MemberService members, CancellationToken ct)
    {
        var promoted = 0;
        var confirmed = await db.SessionRegistrations.CountAsync(r => r.SessionId == session.Id && r.Status == RegistrationStatus.Confirmed, ct);
        while (session.Capacity is not { } capacity || confirmed < capacity)
        {
            var next = await db.SessionRegistrations.Include(r => r.Member)
                .Where(r => r.SessionId == session.Id && r.Status == RegistrationStatus.Waitlisted)
                .OrderBy(r => r.QueuedAt).ThenBy(r => r.Id).FirstOrDefaultAsync(ct);
            if (next is null) break;
            next.ChangedAt = now;
            // Someone who may no longer see the session (a Buyer status withdrawn, an invitation taken back) leaves the line.
            if (await members.GetViewerByIdAsync(next.MemberId, ct) is not { } viewer || !AccessGate.CanSeeSession(viewer, session.Audience, session.InvitedIds, session.PresenterIds))
            {
                next.Status = RegistrationStatus.Cancelled;
                await db.SaveChangesAsync(ct);
                continue;
            }
            next.Status = RegistrationStatus.Confirmed;
            confirmed++;
            promoted++;
            if (next.Member?.Email is { Length: > 0 } email) await emails.ConfirmedAsync(db, session, next.MemberId, email, promoted: true, ct);
            await db.SaveChangesAsync(ct);
        }
        return promoted;
    }

    /// <summary>
    /// First statement of every change to a session's places: raising its Version takes the write lock (SQLite) or the
    /// row lock (PostgreSQL) until the transaction ends, so places are counted one change at a time.
    /// </summary>
    public static Task LockAsync(AppDbContext db, long sessionId, CancellationToken ct) =>
        db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version + 1), ct);

    public static Task<bool> HasWaitingAsync(AppDbContext db, long sessionId, CancellationToken ct) =>
        db.SessionRegistrations.AnyAsync(r => r.SessionId == sessionId && r.Status == RegistrationStatus.Waitlisted, ct);
}
