using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using PracticeCommunity.Data;
using PracticeCommunity.Hosting;

namespace PracticeCommunity.Features.Email;

/// <summary>
/// Delivers outbox messages: at once when one is enqueued, and when a retry falls due. A batch goes over one
/// connection. An unreachable server or a 4xx answer is retried with exponential back-off up to
/// <see cref="EmailOptions.MaxAttempts"/>, then the message is marked failed; a 5xx fails that message only and
/// sending goes on for the others.
/// </summary>
internal sealed partial class OutboxDispatcher(
    IDbContextFactory<AppDbContext> dbFactory,
    EmailOutbox outbox,
    IMailTransport transport,
    UnsubscribeLinks unsubscribe,
    PublicUrls urls,
    IOptions<SmtpOptions> smtp,
    IOptions<EmailOptions> options,
    Members.MemberService members,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    /// <summary>How long a claimed batch is this dispatcher's: another instance (or this one after a crash) takes
    /// over what is still unsent after that. A batch stops early rather than outlive its claim.</summary>
    private static readonly TimeSpan ClaimFor = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ClaimMargin = TimeSpan.FromSeconds(15);
    private readonly string _instance = Guid.NewGuid().ToString("N");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = LongestWait;
            try
            {
                await DeliverDueAsync(stoppingToken);
                wait = await UntilNextRetryAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogLoopFailed(ex);
            }

            using var tick = new CancellationTokenSource(wait, time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, tick.Token);
            try
            {
                await outbox.WaitForWorkAsync(either.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // A retry is due.
            }
        }
    }

    private async Task<TimeSpan> UntilNextRetryAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var next = await db.OutboxMessages.Where(m => m.SentAt == null && m.FailedAt == null && m.NextAttemptAt != null)
            .OrderBy(m => m.NextAttemptAt).Select(m => m.NextAttemptAt).FirstOrDefaultAsync(ct);
        if (next is null) return LongestWait;
        var wait = next.Value - time.GetUtcNow();
        return wait < TimeSpan.FromMilliseconds(200) ? TimeSpan.FromMilliseconds(200) : wait > LongestWait ? LongestWait : wait;
    }

    /// <summary>Sends everything that is due, a batch per connection; returns how many were sent.</summary>
    internal async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var sent = 0;
        var batchSize = options.Value.BatchSize;
        while (true)
        {
            var now = time.GetUtcNow();
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            // Claim a batch first: with two instances running, each message is taken by one of them.
            var ids = await db.OutboxMessages
                .Where(m => m.SentAt == null && m.FailedAt == null && (m.NextAttemptAt == null || m.NextAttemptAt <= now)
                    && (m.ClaimedUntil == null || m.ClaimedUntil < now))
                .OrderBy(m => m.Id).Take(batchSize).Select(m => m.Id).ToListAsync(ct);
            if (ids.Count == 0) return sent;
            var claimedUntil = now + ClaimFor;
            await db.OutboxMessages
                .Where(m => ids.Contains(m.Id) && m.SentAt == null && m.FailedAt == null && (m.ClaimedUntil == null || m.ClaimedUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.ClaimedUntil, claimedUntil).SetProperty(m => m.ClaimedBy, _instance), ct);
            var due = await db.OutboxMessages.Where(m => ids.Contains(m.Id) && m.ClaimedBy == _instance && m.ClaimedUntil == claimedUntil)
                .OrderBy(m => m.Id).ToListAsync(ct);
            if (due.Count == 0) continue;
            await WithdrawAsync(db, due, ct);
            due = due.Where(m => m.FailedAt is null).ToList();
            if (due.Count == 0)
            {
                if (ids.Count < batchSize) return sent;
                continue;
            }

            IMailBatch batch;
            try
            {
                batch = await transport.OpenAsync(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Unreachable: every message of the batch waits for its next attempt.
                LogUnreachable(ex, due.Count);
                foreach (var message in due) Retry(message, ex.Message);
                await db.SaveChangesAsync(ct);
                return sent;
            }

            await using (batch)
            {
                foreach (var message in due)
                {
                    if (time.GetUtcNow() > claimedUntil - ClaimMargin) break;
                    message.ClaimedUntil = null;
                    try
                    {
                        await batch.SendAsync(ToMime(message), ct);
                        message.SentAt = time.GetUtcNow();
                        message.LastError = null;
                        // The body may hold a sign-in or reset token: keep only what is needed to audit the send.
                        message.HtmlBody = "";
                        message.TextBody = "";
                        message.CalendarAttachment = null;
                        sent++;
                    }
                    catch (ParseException ex)
                    {
                        // An address no server would take: retrying cannot help.
                        message.Attempts++;
                        message.LastError = Shorten(ex.Message);
                        message.FailedAt = time.GetUtcNow();
                    }
                    catch (MailRejectedException ex)
                    {
                        if (ex.Permanent)
                        {
                            message.Attempts++;
                            message.LastError = Shorten(ex.Message);
                            message.FailedAt = time.GetUtcNow();
                            LogRejected(message.Id, ex.Message);
                        }
                        else Retry(message, ex.Message);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // The connection broke: this one waits for a retry, the rest of the batch for the next round.
                        Retry(message, ex.Message);
                        Release(due);
                        await db.SaveChangesAsync(ct);
                        LogConnectionLost(ex, message.Id);
                        return sent;
                    }
                    await db.SaveChangesAsync(ct);
                }
                // Stopped early to stay within the claim: the rest is free for the next round at once.
                Release(due);
                await db.SaveChangesAsync(ct);
            }
            if (ids.Count < batchSize) return sent;
        }
    }

    /// <summary>
    /// The last look before a member's email goes: not sent if the member is gone or suspended, turned off every topic it
    /// is about, or may enter fewer rooms than when it was queued (it could quote a buyers-only room). It waited in the
    /// outbox for a retry, or a moderator retried it days later: what was allowed then may not be now.
    /// </summary>
    private async Task WithdrawAsync(AppDbContext db, IReadOnlyList<OutboxMessage> due, CancellationToken ct)
    {
        var forMembers = due.Where(m => m.MemberId is not null && (m.AccessStamp is not null || m.UnsubscribeTopics is not null)).ToList();
        if (forMembers.Count == 0) return;
        var settings = await EmailSettingsService.LoadManyAsync(db, forMembers.Select(m => m.MemberId!).ToList(), ct);
        foreach (var message in forMembers)
        {
            var viewer = await members.GetViewerByIdAsync(message.MemberId!, ct);
            var topics = EmailTopics.Parse(message.UnsubscribeTopics);
            var stamped = (message.AccessStamp ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
            string? reason = viewer is null || viewer.IsSuspended ? "Not sent: the member's account is deleted or suspended."
                : topics.Count > 0 && topics.All(t => !EmailTopics.IsOn(settings[message.MemberId!], t)) ? "Not sent: the member turned these emails off."
                : message.AccessStamp is not null && stamped.Except(Access.AccessGate.EnterableAudiences(viewer).Select(a => a.ToString())).Any()
                    ? "Not sent: the member may no longer see all it was written for."
                : null;
            if (reason is null) continue;
            (message.FailedAt, message.LastError, message.ClaimedUntil) = (time.GetUtcNow(), reason, null);
            (message.HtmlBody, message.TextBody, message.CalendarAttachment) = ("", "", null);
            LogWithdrawn(message.Id, reason);
        }
        await db.SaveChangesAsync(ct);
    }

    private void Retry(OutboxMessage message, string error)
    {
        message.ClaimedUntil = null;
        message.Attempts++;
        message.LastError = Shorten(error);
        var o = options.Value;
        if (message.Attempts >= o.MaxAttempts)
        {
            message.FailedAt = time.GetUtcNow();
            LogGaveUp(message.Id, message.Attempts);
            return;
        }
        message.NextAttemptAt = time.GetUtcNow() + TimeSpan.FromSeconds(o.RetryBaseSeconds * Math.Pow(2, message.Attempts - 1));
    }

    private static void Release(IEnumerable<OutboxMessage> batch)
    {
        foreach (var message in batch.Where(m => m.SentAt is null && m.FailedAt is null)) message.ClaimedUntil = null;
    }

    private static string Shorten(string error) => error.Length > 2000 ? error[..2000] : error;

    internal MimeMessage ToMime(OutboxMessage message)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(smtp.Value.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = EmailHeaders.OneLine(message.Subject, 300);
        mime.MessageId = message.MessageId.Length > 0 ? message.MessageId : $"outbox-{message.Id}-{message.CreatedAt.UtcTicks}@{urls.BaseUri.Host}";
        mime.Date = message.CreatedAt;
        // Automatic mail (RFC 3834): out-of-office replies and other robots do not answer it.
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        var topics = EmailTopics.Parse(message.UnsubscribeTopics);
        if (message.MemberId is { } memberId && topics.Count > 0)
        {
            // RFC 8058 one-click: mail programs POST "List-Unsubscribe=One-Click" to this address, without a sign-in.
            mime.Headers.Add("List-Unsubscribe", $"<{unsubscribe.UrlFor(memberId, topics)}>");
            mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        var body = new BodyBuilder { HtmlBody = message.HtmlBody, TextBody = message.TextBody };
        if (message.CalendarAttachment is { } ics)
        {
            // Calendar apps read the METHOD (REQUEST or CANCEL) from the content type as well as the file.
            var method = ics.Contains("METHOD:CANCEL", StringComparison.Ordinal) ? "CANCEL" : "REQUEST";
            var part = body.Attachments.Add("session.ics", System.Text.Encoding.UTF8.GetBytes(ics), new ContentType("text", "calendar"));
            part.ContentType.Parameters.Add("method", method);
            part.ContentType.Charset = "utf-8";
        }
        mime.Body = body.ToMessageBody();
        return mime;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox message {MessageId} withdrawn: {Reason}")]
    private partial void LogWithdrawn(long messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The mail server could not be reached; {Count} messages wait for a retry")]
    private partial void LogUnreachable(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The mail server refused outbox message {MessageId} for good: {Error}")]
    private partial void LogRejected(long messageId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The connection to the mail server broke while sending outbox message {MessageId}")]
    private partial void LogConnectionLost(Exception ex, long messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} failed after {Attempts} attempts")]
    private partial void LogGaveUp(long messageId, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox loop failed; it will try again")]
    private partial void LogLoopFailed(Exception ex);
}
