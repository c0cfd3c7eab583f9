using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using PracticeCommunity.Data;

namespace PracticeCommunity.Features.Email;

/// <summary>
/// Everything the app sends is first written here, in the same database as the change that caused it,
/// then delivered by <see cref="OutboxDispatcher"/>. A crash between the two loses nothing.
/// </summary>
public sealed class EmailOutbox(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    private readonly Channel<bool> _wakeUp = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public async Task EnqueueAsync(string to, string subject, string htmlBody, string textBody, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.OutboxMessages.Add(new OutboxMessage
        {
            To = to,
            Subject = subject,
            HtmlBody = htmlBody,
            TextBody = textBody,
            CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        _wakeUp.Writer.TryWrite(true);
    }

    /// <summary>Completes when a message was enqueued since the last call, or throws when the token fires.</summary>
    internal async Task WaitForWorkAsync(CancellationToken ct)
    {
        await _wakeUp.Reader.WaitToReadAsync(ct);
        _wakeUp.Reader.TryRead(out _);
    }
}
