using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using PracticeCommunity.Data;

namespace PracticeCommunity.Features.Email;

/// <summary>
/// Delivers outbox messages: at once when one is enqueued, and on a timer for retries.
/// A failing message is retried with back-off and never blocks the others.
/// </summary>
internal sealed partial class OutboxDispatcher(
    IDbContextFactory<AppDbContext> dbFactory,
    EmailOutbox outbox,
    IMailTransport transport,
    IOptions<SmtpOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int MaxAttempts = 8;
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogLoopFailed(ex);
            }

            using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            tick.CancelAfter(Tick);
            try
            {
                await outbox.WaitForWorkAsync(tick.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The timer fired: look for retries that are due.
            }
        }
    }

    internal async Task DeliverDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var due = await db.OutboxMessages
            .Where(m => m.SentAt == null && m.Attempts < MaxAttempts && (m.NextAttemptAt == null || m.NextAttemptAt <= now))
            .OrderBy(m => m.Id)
            .Take(50)
            .ToListAsync(ct);

        foreach (var message in due)
        {
            try
            {
                await transport.SendAsync(ToMime(message), ct);
                message.SentAt = time.GetUtcNow();
                message.LastError = null;
                // The body may hold a sign-in or reset token: keep only what is needed to audit the send.
                message.HtmlBody = "";
                message.TextBody = "";
                message.CalendarAttachment = null;
                LogSent(message.Id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                message.Attempts++;
                message.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
                message.NextAttemptAt = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Pow(2, message.Attempts) * 15);
                LogSendFailed(ex, message.Id, message.Attempts);
            }
            await db.SaveChangesAsync(ct);
        }
    }

    private MimeMessage ToMime(OutboxMessage message)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(options.Value.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent outbox message {MessageId}")]
    private partial void LogSent(long messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending outbox message {MessageId} failed (attempt {Attempt})")]
    private partial void LogSendFailed(Exception ex, long messageId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox loop failed; it will try again")]
    private partial void LogLoopFailed(Exception ex);
}
