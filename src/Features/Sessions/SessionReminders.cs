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
/// Reminders that follow the clock: to confirmed registrants 24 hours and 1 hour before a session, and to the
/// moderator who scheduled it when a held session has no harvest 3 and 7 days after it ended. Each is sent once:
/// a conditional update claims it in the same transaction that queues the email, so two servers never both send.
/// </summary>
public sealed partial class SessionReminders(
    IDbContextFactory<AppDbContext> dbFactory,
    EmailOutbox outbox,
    EmailRenderer renderer,
    UnsubscribeLinks unsubscribe,
    PublicUrls urls,
    MemberService members,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    ILogger<SessionReminders> logger)
{
    public static readonly TimeSpan DayBefore = TimeSpan.FromHours(24);
    public static readonly TimeSpan HourBefore = TimeSpan.FromHours(1);
    public static readonly TimeSpan[] HarvestAfter = [TimeSpan.FromDays(3), TimeSpan.FromDays(7)];

    /// <summary>Sends every reminder that is due now; returns how many were queued.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var sent = 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var dayAhead = now + DayBefore;
        var soon = await db.Sessions.AsNoTracking()
            .Where(s => s.Status == SessionStatus.Scheduled && s.StartsAtUtc > now && s.StartsAtUtc <= dayAhead).ToListAsync(ct);
        foreach (var session in soon)
        {
            var withinHour = session.StartsAtUtc <= now + HourBefore;
            // Inside the last hour only the hour reminder goes; the day reminder is then marked as done too.
            var flag = withinHour ? SessionReminderFlags.HourBefore : SessionReminderFlags.DayBefore;
            var marks = withinHour ? SessionReminderFlags.DayBefore | SessionReminderFlags.HourBefore : SessionReminderFlags.DayBefore;
            var due = await db.SessionRegistrations.AsNoTracking()
                .Where(r => r.SessionId == session.Id && r.Status == RegistrationStatus.Confirmed && (r.RemindersSent & flag) == 0)
                .Select(r => new { r.Id, r.MemberId, r.Member!.Email }).ToListAsync(ct);
            var settings = await EmailSettingsService.LoadManyAsync(db, due.Select(r => r.MemberId).ToList(), ct);
            foreach (var registration in due)
            {
                if (await members.GetViewerByIdAsync(registration.MemberId, ct) is not { } viewer
                    || !AccessGate.CanSeeSession(viewer, session.Audience, session.InvitedIds, session.PresenterIds)) continue;
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var claimed = await db.SessionRegistrations.Where(r => r.Id == registration.Id && (r.RemindersSent & flag) == 0)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.RemindersSent, r => r.RemindersSent | marks), ct);
                // Claimed either way: a member who turned session email off is not reminded later instead.
                if (claimed == 1 && !string.IsNullOrEmpty(registration.Email) && settings[registration.MemberId].Sessions)
                {
                    await RemindAsync(db, session, registration.MemberId, registration.Email, withinHour);
                    await db.SaveChangesAsync(ct);
                    sent++;
                }
                await tx.CommitAsync(ct);
            }
        }

        var firstReminder = now - HarvestAfter[0];
        var unharvested = await db.Sessions.AsNoTracking()
            .Where(s => (s.Status == SessionStatus.Held || s.Status == SessionStatus.Scheduled) && s.HarvestedAt == null
                && s.EndsAtUtc <= firstReminder && s.HarvestRemindersSent < HarvestAfter.Length)
            .ToListAsync(ct);
        foreach (var session in unharvested)
        {
            var step = HarvestAfter.Count(after => session.EndsAtUtc + after <= now);
            if (step <= session.HarvestRemindersSent) continue;
            var email = await db.Users.Where(u => u.Id == session.CreatedById && u.DeletedAt == null).Select(u => u.Email).FirstOrDefaultAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Sessions.Where(s => s.Id == session.Id && s.HarvestRemindersSent == session.HarvestRemindersSent)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.HarvestRemindersSent, step), ct);
            if (claimed == 1 && !string.IsNullOrEmpty(email))
            {
                var days = (int)Math.Round((now - session.EndsAtUtc).TotalDays);
                var subject = L["Harvest “{0}”", session.Title].Value;
                var body = await renderer.MessageAsync(subject,
                    [L["“{0}” ended {1} days ago and has no harvest yet. Record who came, the takeaways and the action items, so members can follow up.", session.Title, days].Value],
                    L["Write the harvest"], urls.For($"/sessions/{session.Id}/harvest"), new EmailFooter(L["You receive this email because you scheduled this session."]));
                outbox.Add(db, email, OutboxKinds.SessionReminder, subject, body, memberId: session.CreatedById);
                await db.SaveChangesAsync(ct);
                sent++;
            }
            await tx.CommitAsync(ct);
        }
        if (sent > 0)
        {
            outbox.Wake();
            LogReminders(sent);
        }
        return sent;
    }

    private async Task RemindAsync(AppDbContext db, Session session, string memberId, string to, bool withinHour)
    {
        var zone = SessionTimes.FindZone(session.TimeZone) ?? TimeZoneInfo.Utc;
        var start = TimeZoneInfo.ConvertTime(session.StartsAtUtc, zone);
        var subject = withinHour ? L["In an hour: {0}", session.Title].Value : L["Tomorrow: {0}", session.Title].Value;
        var lines = new List<string> { L["“{0}” starts at {1:HH:mm} ({2}) on {1:dddd d MMMM}.", session.Title, start, session.TimeZone].Value };
        if (session.OnlineUrl is { } link) lines.Add(L["Online: {0}", link].Value);
        if (session.Place is { } place) lines.Add(L["Where: {0}.", place].Value);
        string[] topics = [EmailTopics.Sessions];
        var body = await renderer.MessageAsync(subject, lines, L["Open the session"], urls.For($"/sessions/{session.Id}"),
            new EmailFooter(L["You receive this email because you registered for this session."], urls.For("/me/email"), unsubscribe.UrlFor(memberId, topics)));
        outbox.Add(db, to, OutboxKinds.SessionReminder, subject, body, memberId: memberId, topics: topics);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} session reminders")]
    private partial void LogReminders(int count);
}

/// <summary>Runs <see cref="SessionReminders"/> every minute of the app's clock.</summary>
internal sealed partial class SessionReminderWorker(SessionReminders reminders, TimeProvider time, ILogger<SessionReminderWorker> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await reminders.RunDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending session reminders failed; trying again in a minute")]
    private partial void LogFailed(Exception exception);
}
