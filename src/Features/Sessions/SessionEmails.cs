using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Email;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Hosting;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Sessions;

/// <summary>
/// The emails a session sends, added to the outbox in the same transaction as the change that causes them, each
/// with the session's calendar entry. The place and the link are only in those to confirmed registrants.
/// Confirmations answer the member's own request and always go; changes and cancellations follow the member's
/// "sessions" email setting and carry a one-click unsubscribe for it.
/// </summary>
public sealed class SessionEmails(EmailOutbox outbox, EmailRenderer renderer, SessionCalendar calendar, PublicUrls urls, MemberService members,
    UnsubscribeLinks unsubscribe, IStringLocalizer<Strings> L)
{
    public enum Change { Updated, Rescheduled, Cancelled }

    public Task ConfirmedAsync(AppDbContext db, Session session, string memberId, string to, bool promoted, CancellationToken ct)
    {
        var subject = promoted ? L["A place came free: you are in for {0}", session.Title] : L["You are registered for {0}", session.Title];
        var lead = promoted
            ? L["Someone cancelled, and you were first on the waitlist: your place for “{0}” is confirmed.", session.Title].Value
            : L["Your place for “{0}” is confirmed.", session.Title].Value;
        return AddAsync(db, session, memberId, to, OutboxKinds.SessionRegistration, subject, [lead, When(session), Where(session, details: true)], details: true, topic: false);
    }

    public Task WaitlistedAsync(AppDbContext db, Session session, string memberId, string to, int position, CancellationToken ct) =>
        AddAsync(db, session, memberId, to, OutboxKinds.SessionRegistration, L["You are on the waitlist for {0}", session.Title],
            [L["“{0}” is full. You are number {1} on the waitlist; when a place comes free, the first in line gets it and an email.", session.Title, position].Value, When(session)],
            details: false, topic: false);

    public Task DeclinedAsync(AppDbContext db, Session session, string memberId, string to, CancellationToken ct) =>
        AddAsync(db, session, memberId, to, OutboxKinds.SessionRegistration, L["No place at {0}", session.Title],
            [L["The organiser of “{0}” could not offer you a place this time. Other sessions are in the calendar.", session.Title].Value], details: false, topic: false);

    /// <summary>Everyone with a place or waiting for one, and the presenters, hear of a change (unless they turned session email off).</summary>
    public async Task ChangedAsync(AppDbContext db, Session session, Change change, CancellationToken ct)
    {
        var registrants = await db.SessionRegistrations.AsNoTracking()
            .Where(r => r.SessionId == session.Id && (r.Status == RegistrationStatus.Confirmed || r.Status == RegistrationStatus.Waitlisted || r.Status == RegistrationStatus.Requested))
            .Select(r => new { r.MemberId, r.Member!.Email, r.Status }).ToListAsync(ct);
        var presenters = await db.Users.AsNoTracking().Where(u => session.PresenterIds.Contains(u.Id)).Select(u => new { MemberId = u.Id, u.Email }).ToListAsync(ct);
        var to = registrants.Select(r => (r.MemberId, Email: r.Email, Details: r.Status == RegistrationStatus.Confirmed))
            .Concat(presenters.Select(p => (p.MemberId, Email: p.Email, Details: true)))
            .Where(r => !string.IsNullOrEmpty(r.Email)).DistinctBy(r => r.Email).ToList();
        var settings = await EmailSettingsService.LoadManyAsync(db, to.Select(r => r.MemberId).ToList(), ct);
        foreach (var (memberId, email, details) in to)
        {
            if (!settings[memberId].Sessions) continue;
            // Only those who may see the session now hear of it.
            if (await members.GetViewerByIdAsync(memberId, ct) is not { } viewer || !AccessGate.CanSeeSession(viewer, session.Audience, session.InvitedIds, session.PresenterIds)) continue;
            var (subject, lead) = change switch
            {
                Change.Cancelled => (L["Cancelled: {0}", session.Title].Value, L["“{0}” is cancelled. The organiser says: {1}", session.Title, session.CancelReason ?? ""].Value),
                Change.Rescheduled => (L["New time for {0}", session.Title].Value, L["“{0}” has moved. The calendar entry attached replaces the old one.", session.Title].Value),
                _ => (L["Changed: {0}", session.Title].Value, L["The details of “{0}” changed. The calendar entry attached replaces the old one.", session.Title].Value),
            };
            await AddAsync(db, session, memberId, email!, OutboxKinds.SessionChanged, subject, [lead, When(session), Where(session, details)], details, topic: true, cancel: change == Change.Cancelled);
        }
    }

    private async Task AddAsync(AppDbContext db, Session session, string memberId, string to, string kind, string subject, string[] paragraphs, bool details, bool topic, bool cancel = false)
    {
        string[] topics = topic ? [EmailTopics.Sessions] : [];
        var body = await renderer.MessageAsync(subject, paragraphs, L["Open the session"], urls.For($"/sessions/{session.Id}"),
            new EmailFooter(L["You receive this email because you registered for or present at a PracticeCommunity session."], urls.For("/me/email"),
                topic ? unsubscribe.UrlFor(memberId, topics) : null));
        outbox.Add(db, to, kind, subject, body, calendar.Write([session], _ => details, cancel ? "CANCEL" : "REQUEST"), memberId, topics);
    }

    private string When(Session session)
    {
        var zone = SessionTimes.FindZone(session.TimeZone) ?? TimeZoneInfo.Utc;
        var start = TimeZoneInfo.ConvertTime(session.StartsAtUtc, zone);
        var end = TimeZoneInfo.ConvertTime(session.EndsAtUtc, zone);
        return L["When: {0:dddd d MMMM yyyy, HH:mm} to {1:HH:mm} ({2})", start, end, session.TimeZone].Value;
    }

    private string Where(Session session, bool details) =>
        !details ? L["The place and the meeting link come with your confirmation."].Value
        : string.Join(" ", new[] { session.Place is { } p ? L["Where: {0}.", p].Value : null, session.OnlineUrl is { } u ? L["Online: {0}", u].Value : null }.Where(x => x is not null));
}
