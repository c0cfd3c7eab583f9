using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;

namespace PracticeCommunity.Features.Moderation;

/// <summary>An entry of the audit log, as moderators read it.</summary>
public sealed record AuditView(long Id, string ActorId, string ActorName, string Action, string TargetType, string TargetId, string? Reason,
    string? Before, string? After, DateTimeOffset At);

public sealed record AuditFilter(string? Actor = null, string? Action = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>
/// The audit log: every moderator and admin action, written by the service that performs it, in the same
/// transaction (<see cref="Add"/>), and read by moderators. Nobody edits it: there is no path that changes an entry,
/// and the database refuses it.
/// </summary>
public sealed class AuditLog(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public const int MaxListed = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds an entry to <paramref name="db"/>; it is saved with the action's own changes.</summary>
    public void Add(AppDbContext db, Viewer actor, string action, string targetType, object targetId, string? reason = null, object? before = null, object? after = null) =>
        db.Add(new AuditEntry
        {
            ActorId = actor.MemberId ?? "", ActorName = actor.DisplayName, Action = action, TargetType = targetType, TargetId = targetId.ToString() ?? "",
            Reason = reason, Before = before is null ? null : JsonSerializer.Serialize(before, Json), After = after is null ? null : JsonSerializer.Serialize(after, Json),
            At = time.GetUtcNow(),
        });

    /// <summary>Writes one entry on its own, for an action whose change was saved elsewhere.</summary>
    public async Task RecordAsync(Viewer actor, string action, string targetType, object targetId, string? reason = null, object? before = null, object? after = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Add(db, actor, action, targetType, targetId, reason, before, after);
        await db.SaveChangesAsync(ct);
    }

    public async Task<ServiceResult<IReadOnlyList<AuditView>>> ListAsync(Viewer viewer, AuditFilter filter, CancellationToken ct = default)
    {
        if (!AccessGate.CanModerate(viewer)) return ServiceResult<IReadOnlyList<AuditView>>.Forbidden("Only moderators read the audit log.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Set<AuditEntry>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Actor)) { var actor = filter.Actor.Trim(); q = q.Where(e => e.ActorId == actor || e.ActorName == actor); }
        if (!string.IsNullOrWhiteSpace(filter.Action)) { var action = filter.Action.Trim(); q = q.Where(e => e.Action == action || e.Action.StartsWith(action + ".")); }
        if (filter.From is { } from) q = q.Where(e => e.At >= from);
        if (filter.To is { } to) q = q.Where(e => e.At <= to);
        var entries = await q.OrderByDescending(e => e.Id).Take(MaxListed)
            .Select(e => new AuditView(e.Id, e.ActorId, e.ActorName, e.Action, e.TargetType, e.TargetId, e.Reason, e.Before, e.After, e.At)).ToListAsync(ct);
        return ServiceResult<IReadOnlyList<AuditView>>.Ok(entries);
    }
}
