using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Moderation;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Email;

public enum OutboxState
{
    Queued,
    Sent,
    Failed,
}

/// <summary>One message in the outbox as moderators see it: never the body (it may hold a sign-in link).</summary>
public sealed record OutboxItem(long Id, string To, string Kind, string Subject, OutboxState State, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? FailedAt, string? LastError, bool CanRetry);

public sealed record OutboxListing(IReadOnlyList<OutboxItem> Items, int Queued, int Sent, int Failed);

/// <summary>The outbox for moderators: what is queued, sent and failed (with the error), and retrying a failed message.</summary>
public sealed class OutboxReview(IDbContextFactory<AppDbContext> dbFactory, EmailOutbox outbox, AuditLog audit, IStringLocalizer<Strings> L)
{
    public async Task<ServiceResult<OutboxListing>> ListAsync(Viewer viewer, string? state, int take = 100, CancellationToken ct = default)
    {
        if (!AccessGate.CanModerate(viewer)) return ServiceResult<OutboxListing>.Forbidden(L["Only moderators see the outbox."]);
        OutboxState? filter = null;
        if (!string.IsNullOrWhiteSpace(state) && (filter = EnumNames.Parse<OutboxState>(state)) is null)
            return ServiceResult<OutboxListing>.Invalid("state", L["Choose Queued, Sent or Failed."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var all = db.OutboxMessages.AsNoTracking();
        var q = filter switch
        {
            OutboxState.Queued => all.Where(m => m.SentAt == null && m.FailedAt == null),
            OutboxState.Sent => all.Where(m => m.SentAt != null),
            OutboxState.Failed => all.Where(m => m.FailedAt != null && m.SentAt == null),
            _ => all,
        };
        var rows = await q.OrderByDescending(m => m.Id).Take(Math.Clamp(take, 1, 500))
            .Select(m => new { m.Id, m.To, m.Kind, m.Subject, m.Attempts, m.CreatedAt, m.SentAt, m.NextAttemptAt, m.FailedAt, m.LastError })
            .ToListAsync(ct);
        var items = rows.Select(m =>
        {
            var s = m.SentAt is not null ? OutboxState.Sent : m.FailedAt is not null ? OutboxState.Failed : OutboxState.Queued;
            return new OutboxItem(m.Id, m.To, m.Kind, m.Subject, s, m.Attempts, m.CreatedAt, m.SentAt, m.NextAttemptAt, m.FailedAt, m.LastError, s == OutboxState.Failed);
        }).ToList();
        return ServiceResult<OutboxListing>.Ok(new OutboxListing(items,
            await all.CountAsync(m => m.SentAt == null && m.FailedAt == null, ct),
            await all.CountAsync(m => m.SentAt != null, ct),
            await all.CountAsync(m => m.FailedAt != null && m.SentAt == null, ct)));
    }

    /// <summary>Sends a failed message again: a fresh set of attempts, at once.</summary>
    public async Task<ServiceResult<OutboxItem>> RetryAsync(Viewer viewer, long id, CancellationToken ct = default)
    {
        if (!AccessGate.CanModerate(viewer)) return ServiceResult<OutboxItem>.Forbidden(L["Only moderators see the outbox."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.OutboxMessages.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (message is null) return ServiceResult<OutboxItem>.NotFound();
        if (message.SentAt is not null || message.FailedAt is null) return ServiceResult<OutboxItem>.Conflict(L["Only a failed message can be retried."]);
        (message.FailedAt, message.Attempts, message.NextAttemptAt, message.ClaimedUntil) = (null, 0, null, null);
        audit.Add(db, viewer, "outbox.retry", "OutboxMessage", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null,
            new { error = message.LastError }, new { to = message.To, subject = message.Subject });
        await db.SaveChangesAsync(ct);
        outbox.Wake();
        return ServiceResult<OutboxItem>.Ok(new OutboxItem(message.Id, message.To, message.Kind, message.Subject, OutboxState.Queued, 0, message.CreatedAt,
            null, null, null, message.LastError, false));
    }
}
