using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Moderation;

/// <summary>POST /api/v1/moderation/members/{memberId}/suspension: 1, 3, 7 or 30 days, or null for until lifted.</summary>
public sealed record SuspensionInput(int? Days, string? Reason);

/// <summary>A member's suspension as moderators and the member see it.</summary>
public sealed record SuspensionView(string MemberId, bool Suspended, DateTimeOffset? Since, DateTimeOffset? Until, string? Reason);

/// <summary>
/// Moderators suspend a member for a while or until lifted, with a reason the member reads. The change is audited and
/// published as the access gate's <see cref="Live.AccessChanged"/> event, so the member's open pages and hub
/// connections are closed at once (<see cref="SuspensionEnforcer"/>).
/// </summary>
public sealed partial class Suspensions(
    IDbContextFactory<AppDbContext> dbFactory,
    MemberService members,
    AuditLog audit,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    ILogger<Suspensions> logger)
{
    public static IReadOnlyList<int> AllowedDays { get; } = [1, 3, 7, 30];

    public async Task<ServiceResult<SuspensionView>> SuspendAsync(Viewer moderator, string memberId, SuspensionInput input, CancellationToken ct = default)
    {
        if (!AccessGate.CanModerate(moderator)) return ServiceResult<SuspensionView>.Forbidden(L["Only moderators suspend members."]);
        if (await members.GetViewerByIdAsync(memberId, ct) is not { } member) return ServiceResult<SuspensionView>.NotFound();
        if (!AccessGate.CanSuspend(moderator, member)) return ServiceResult<SuspensionView>.Forbidden(L["Moderators and admins are not suspended; an admin takes their role away instead."]);
        var errors = new FieldErrors();
        if (input.Days is { } days && !AllowedDays.Contains(days)) errors.Add("days", L["Suspend for 1, 3, 7 or 30 days, or until lifted (no days)."]);
        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length == 0) errors.Add("reason", L["Say why: the member reads it."]);
        else if (reason.Length > Limits.HideReason) errors.Add("reason", L["A reason can be at most {0} characters (this one has {1}).", Limits.HideReason, reason.Length]);
        else if (TextRules.HasInvisibleOrControl(reason)) errors.Add("reason", L["The reason cannot contain control or invisible formatting characters."]);
        if (errors.Any) return errors.ToResult<SuspensionView>();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Users.FirstAsync(u => u.Id == memberId, ct);
        var before = View(row);
        var now = time.GetUtcNow();
        row.SuspendedAt = now;
        row.SuspendedUntil = input.Days is { } d ? now.AddDays(d) : null;
        row.SuspensionReason = reason;
        audit.Add(db, moderator, "member.suspend", "Member", memberId, reason, before, View(row));
        await db.SaveChangesAsync(ct);
        LogSuspended(memberId, input.Days, moderator.MemberId!);
        await members.AccessChangedAsync(memberId, ct);
        return ServiceResult<SuspensionView>.Ok(View(row));
    }

    public async Task<ServiceResult<SuspensionView>> LiftAsync(Viewer moderator, string memberId, CancellationToken ct = default)
    {
        if (!AccessGate.CanModerate(moderator)) return ServiceResult<SuspensionView>.Forbidden(L["Only moderators lift suspensions."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Users.FirstOrDefaultAsync(u => u.Id == memberId, ct);
        if (row is null) return ServiceResult<SuspensionView>.NotFound();
        if (row.SuspendedAt is null) return ServiceResult<SuspensionView>.Ok(View(row));
        var before = View(row);
        (row.SuspendedAt, row.SuspendedUntil, row.SuspensionReason) = (null, null, null);
        audit.Add(db, moderator, "member.unsuspend", "Member", memberId, null, before, View(row));
        await db.SaveChangesAsync(ct);
        LogLifted(memberId, moderator.MemberId!);
        await members.AccessChangedAsync(memberId, ct);
        return ServiceResult<SuspensionView>.Ok(View(row));
    }

    public async Task<ServiceResult<SuspensionView>> GetAsync(Viewer viewer, string memberId, CancellationToken ct = default)
    {
        if (viewer.MemberId != memberId && !AccessGate.CanModerate(viewer)) return ServiceResult<SuspensionView>.NotFound();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == memberId, ct);
        return row is null ? ServiceResult<SuspensionView>.NotFound() : ServiceResult<SuspensionView>.Ok(View(row));
    }

    private SuspensionView View(Member m)
    {
        var active = m.SuspendedAt is not null && (m.SuspendedUntil is null || m.SuspendedUntil > time.GetUtcNow());
        return new SuspensionView(m.Id, active, active ? m.SuspendedAt : null, active ? m.SuspendedUntil : null, active ? m.SuspensionReason : null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} suspended for {Days} days (null: until lifted) by {ModeratorId}")]
    private partial void LogSuspended(string memberId, int? days, string moderatorId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Suspension of member {MemberId} lifted by {ModeratorId}")]
    private partial void LogLifted(string memberId, string moderatorId);
}
