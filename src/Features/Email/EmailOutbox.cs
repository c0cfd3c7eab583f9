using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Security;
using PracticeCommunity.Hosting;

namespace PracticeCommunity.Features.Email;

/// <summary>
/// Everything the app sends is first written here, in the same database as the change that caused it,
/// then delivered by <see cref="OutboxDispatcher"/>. A crash between the two loses nothing.
/// </summary>
public sealed class EmailOutbox(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, IOptions<RateLimitOptions> rateLimits, PublicUrls urls)
{
    private readonly Channel<bool> _wakeUp = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public async Task EnqueueAsync(string to, string subject, string htmlBody, string textBody, CancellationToken ct = default) =>
        await EnqueueAsync(to, OutboxKinds.Other, subject, htmlBody, textBody, ct);

    /// <summary>
    /// An account email (confirm, reset, "already registered") to an address someone typed. Anyone can ask for one,
    /// so one address gets at most one per cooldown and a few per day; past that, nothing is queued (false).
    /// The count comes from the outbox itself, so it holds across restarts and servers.
    /// </summary>
    public async Task<bool> EnqueueAccountEmailAsync(string to, string kind, string subject, string htmlBody, string textBody, CancellationToken ct = default)
    {
        var limits = rateLimits.Value;
        if (limits.Enabled)
        {
            var address = to.Trim().ToLowerInvariant();
            var now = time.GetUtcNow();
            var dayAgo = now.AddDays(-1);
            var cooldownStart = now.AddSeconds(-limits.AccountEmailCooldownSeconds);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var recent = await db.OutboxMessages.AsNoTracking()
                .Where(m => m.To == address && m.Kind.StartsWith(OutboxKinds.AccountPrefix) && m.CreatedAt > dayAgo)
                .Select(m => m.CreatedAt).ToListAsync(ct);
            if (recent.Count >= limits.AccountEmailsPerAddressPerDay || recent.Any(at => at > cooldownStart))
            {
                return false;
            }
            to = address;
        }
        await EnqueueAsync(to, kind, subject, htmlBody, textBody, ct);
        return true;
    }

    private async Task EnqueueAsync(string to, string kind, string subject, string htmlBody, string textBody, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.OutboxMessages.Add(new OutboxMessage
        {
            To = to,
            Kind = kind,
            Subject = EmailHeaders.OneLine(subject, 300),
            HtmlBody = htmlBody,
            TextBody = textBody,
            CreatedAt = time.GetUtcNow(),
            MessageId = NewMessageId(),
        });
        await db.SaveChangesAsync(ct);
        _wakeUp.Writer.TryWrite(true);
    }

    /// <summary>
    /// Adds an email to <paramref name="db"/>, to be saved with the change that causes it (one transaction: both or
    /// neither). Call <see cref="Wake"/> after the commit.
    /// </summary>
    /// <param name="memberId">The member it is for: their email settings apply, and an unsubscribe link can name them.</param>
    /// <param name="topics">What its one-click unsubscribe turns off (<see cref="EmailTopics"/>); none for no unsubscribe.</param>
    /// <param name="uniqueKey">Queues it at most once: a second message with the same key fails the save.</param>
    /// <param name="recipient">For a member's email about community content: what they may enter now is stamped on it,
    /// and it is not sent if they may enter less when its turn comes.</param>
    public OutboxMessage Add(AppDbContext db, string to, string kind, string subject, RenderedEmail body, string? calendar = null,
        string? memberId = null, IReadOnlyCollection<string>? topics = null, string? uniqueKey = null, Viewer? recipient = null)
    {
        var message = new OutboxMessage
        {
            To = to, Kind = kind, Subject = EmailHeaders.OneLine(subject, 300), HtmlBody = body.Html, TextBody = body.Text,
            CalendarAttachment = calendar, CreatedAt = time.GetUtcNow(), MemberId = memberId, UniqueKey = uniqueKey,
            UnsubscribeTopics = topics is { Count: > 0 } ? string.Join(',', topics) : null, MessageId = NewMessageId(),
            AccessStamp = recipient is null ? null : string.Join(',', Access.AccessGate.EnterableAudiences(recipient)),
        };
        db.OutboxMessages.Add(message);
        return message;
    }

    /// <summary>A Message-ID fixed at queueing, so that a retry re-sends the same message (receivers drop the duplicate).</summary>
    private string NewMessageId() => $"{Guid.NewGuid():N}@{urls.BaseUri.Host}";

    /// <summary>Tells the dispatcher that emails were committed.</summary>
    public void Wake() => _wakeUp.Writer.TryWrite(true);

    /// <summary>Completes when a message was enqueued since the last call, or throws when the token fires.</summary>
    internal async Task WaitForWorkAsync(CancellationToken ct)
    {
        await _wakeUp.Reader.WaitToReadAsync(ct);
        _wakeUp.Reader.TryRead(out _);
    }
}
