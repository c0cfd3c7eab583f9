using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Features.Notifications;
using PracticeCommunity.Hosting;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Email;

/// <summary>One notification in an email: who did what, where, a few words of it, and the link.</summary>
public sealed record NotificationLine(string Actor, string Verb, string Title, string? Excerpt, string Url);

/// <summary>
/// Turns in-app notifications into email. Each waits <see cref="EmailOptions.NotificationDelay"/>; one the member
/// read in the app by then is not sent. What is due for one member goes as one email, re-checked against the
/// access gate at that moment, up to <see cref="EmailOptions.DailyNotificationCap"/> a day, past which one
/// "and N more" line stands for the rest. Claiming the notifications and queueing the email is one transaction.
/// </summary>
public sealed partial class NotificationMailer(
    IDbContextFactory<AppDbContext> dbFactory,
    MemberService members,
    EmailOutbox outbox,
    EmailRenderer renderer,
    UnsubscribeLinks unsubscribe,
    PublicUrls urls,
    IOptions<EmailOptions> options,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    ILogger<NotificationMailer> logger)
{
    private const int MembersPerRound = 200;

    /// <summary>Sends what is due now; returns how many emails were queued.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var dueBefore = now - o.NotificationDelay;
        var queued = 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var memberIds = await db.Notifications.AsNoTracking()
            .Where(n => n.EmailState == NotificationEmail.Pending && n.CreatedAt <= dueBefore)
            .Select(n => n.MemberId).Distinct().OrderBy(id => id).Take(MembersPerRound).ToListAsync(ct);
        foreach (var memberId in memberIds)
        {
            // One member's trouble never holds up the others' email.
            try
            {
                if (await SendForAsync(db, memberId, now, dueBefore, ct)) queued++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogMemberFailed(ex, memberId);
            }
            db.ChangeTracker.Clear();
        }
        if (queued > 0)
        {
            outbox.Wake();
            LogQueued(queued);
        }
        return queued;
    }

    private async Task<bool> SendForAsync(AppDbContext db, string memberId, DateTimeOffset now, DateTimeOffset dueBefore, CancellationToken ct)
    {
        var o = options.Value;
        var pending = await db.Notifications.AsNoTracking()
            .Where(n => n.MemberId == memberId && n.EmailState == NotificationEmail.Pending && n.CreatedAt <= dueBefore)
            .OrderBy(n => n.Id).ToListAsync(ct);
        if (pending.Count == 0) return false;
        var member = await db.Users.AsNoTracking().Where(u => u.Id == memberId)
            .Select(u => new { u.Email, u.EmailConfirmed, u.DeletedAt }).FirstOrDefaultAsync(ct);
        var viewer = await members.GetViewerByIdAsync(memberId, ct);
        var settings = await EmailSettingsService.LoadAsync(db, memberId, ct);
        var reachable = viewer is { IsSuspended: false } && member is { EmailConfirmed: true, DeletedAt: null } && !string.IsNullOrEmpty(member.Email);

        // The access gate's rule, applied now: the thread still exists and is in a room the member may enter, and the
        // post is neither hidden nor deleted.
        var ids = pending.Select(n => n.Id).ToList();
        var visible = !reachable ? [] : (await NotificationService.Visible(db, memberId, AccessGate.EnterableAudiences(viewer!))
            .Where(n => ids.Contains(n.Id) && (n.PostId == null || db.Posts.Any(p => p.Id == n.PostId && p.DeletedAt == null && p.HiddenAt == null)))
            .Select(n => n.Id).ToListAsync(ct)).ToHashSet();

        var states = new Dictionary<long, NotificationEmail>();
        var candidates = new List<Notification>();
        foreach (var n in pending)
        {
            var topic = EmailTopics.For(n.Kind);
            states[n.Id] = n.ReadAt is not null ? NotificationEmail.Seen
                : topic is null ? NotificationEmail.AppOnly
                : !EmailTopics.IsOn(settings, topic) ? NotificationEmail.Off
                : !visible.Contains(n.Id) ? NotificationEmail.NotAllowed
                : NotificationEmail.Sent;
            if (states[n.Id] == NotificationEmail.Sent) candidates.Add(n);
        }

        var dayAgo = now.AddDays(-1);
        var sentToday = await db.Notifications.CountAsync(n => n.MemberId == memberId && n.EmailState == NotificationEmail.Sent && n.EmailedAt > dayAgo, ct);
        var toldOfMoreToday = await db.Notifications.AnyAsync(n => n.MemberId == memberId && n.EmailState == NotificationEmail.Capped && n.EmailedAt > dayAgo, ct);
        var room = Math.Max(0, o.DailyNotificationCap - sentToday);
        var send = candidates.Take(room).ToList();
        var more = candidates.Skip(room).ToList();
        foreach (var n in more) states[n.Id] = NotificationEmail.Capped;
        // Past the cap, the "and N more" line goes once a day; after it, the app has the rest.
        var email = send.Count > 0 || (more.Count > 0 && !toldOfMoreToday);

        RenderedEmail? body = null;
        string subject = "";
        var topics = send.Concat(more).Select(n => EmailTopics.For(n.Kind)!).Distinct().ToList();
        if (email)
        {
            var posts = send.Where(n => n.PostId is not null).Select(n => n.PostId!.Value).ToList();
            var excerpts = await db.Posts.AsNoTracking().Where(p => posts.Contains(p.Id)).Select(p => new { p.Id, p.BodyText }).ToDictionaryAsync(p => p.Id, p => p.BodyText, ct);
            var lines = send.Select(n => new NotificationLine(
                NotificationTexts.ByModerator(n.Kind) ? L["A moderator"] : n.ActorName,
                NotificationTexts.Describe(n.Kind, L), n.ThreadTitle,
                n.PostId is { } p && excerpts.TryGetValue(p, out var text) ? TextRules.Shorten(text.Trim(), 240) : null,
                urls.For(NotificationTexts.Link(n.Kind, n.ThreadId, n.PostId, n.CaseId)))).ToList();
            subject = lines.Count == 1 ? $"{lines[0].Actor} {lines[0].Verb} “{lines[0].Title}”"
                : L["{0} new notifications on PracticeCommunity", lines.Count + more.Count];
            body = await renderer.RenderAsync<Templates.NotificationsEmail>(new Dictionary<string, object?>
            {
                [nameof(Templates.NotificationsEmail.Heading)] = lines.Count == 1 ? L["News from PracticeCommunity"].Value : subject,
                [nameof(Templates.NotificationsEmail.Lines)] = lines,
                [nameof(Templates.NotificationsEmail.More)] = more.Count,
                [nameof(Templates.NotificationsEmail.AllUrl)] = urls.For("/notifications"),
                [nameof(Templates.NotificationsEmail.Footer)] = new EmailFooter(
                    L["You receive this email because of your notification settings on PracticeCommunity."], urls.For("/me/email"), unsubscribe.UrlFor(memberId, topics)),
            });
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Claim: only notifications still pending change; if another run took any of them, this one backs off.
        var claimed = 0;
        foreach (var group in states.GroupBy(s => s.Value))
        {
            var groupIds = group.Select(g => g.Key).ToList();
            var state = group.Key;
            DateTimeOffset? emailedAt = state is NotificationEmail.Sent or NotificationEmail.Capped ? now : null;
            claimed += await db.Notifications.Where(n => groupIds.Contains(n.Id) && n.EmailState == NotificationEmail.Pending)
                .ExecuteUpdateAsync(u => u.SetProperty(n => n.EmailState, state).SetProperty(n => n.EmailedAt, emailedAt), ct);
        }
        if (claimed != states.Count)
        {
            await tx.RollbackAsync(ct);
            return false;
        }
        if (email)
        {
            outbox.Add(db, member!.Email!, OutboxKinds.Notifications, subject, body!, memberId: memberId, topics: topics,
                uniqueKey: $"notify:{memberId}:{pending[0].Id}:{pending[^1].Id}", recipient: viewer);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return email;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification emails for member {MemberId} failed; they stay pending")]
    private partial void LogMemberFailed(Exception ex, string memberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} notification emails")]
    private partial void LogQueued(int count);
}
