using PracticeCommunity.Data;

namespace PracticeCommunity.Common;

/// <summary>
/// Who is asking, as every service sees it: the facts about a member that rules need. The rules themselves
/// (who may see and do what) are in Features/Access/AccessGate.
/// </summary>
public sealed record Viewer(
    string? MemberId,
    string DisplayName,
    CommunityRole? Role,
    RoleStatus RoleStatus,
    bool IsModerator,
    bool IsAdmin,
    string? OrganisationName,
    DateTimeOffset? MemberSince = null,
    bool HasDisplayName = true,
    SuspensionNotice? Suspension = null)
{
    public static Viewer Anonymous { get; } = new(null, "", null, RoleStatus.None, false, false, null, null, false);

    /// <summary>Minimal APIs take a <see cref="Viewer"/> parameter: the caller, read once per request.</summary>
    public static async ValueTask<Viewer?> BindAsync(HttpContext context) =>
        await context.RequestServices.GetRequiredService<IViewerSource>().GetViewerAsync(context.User, context.RequestAborted);

    /// <summary>A Buyer whose status a moderator has not granted yet: labelled as such wherever their name appears.</summary>
    public bool IsPendingBuyer => Role == CommunityRole.Buyer && RoleStatus == RoleStatus.Pending;

    public bool IsSignedIn => MemberId is not null;
    public bool IsStaff => IsModerator || IsAdmin;
    public bool IsGrantedBuyer => Role == CommunityRole.Buyer && RoleStatus == RoleStatus.Granted;
    public bool IsSupplier => Role == CommunityRole.Supplier && !IsStaff;

    /// <summary>A moderator suspended this member: they read their notice and nothing else.</summary>
    public bool IsSuspended => Suspension is not null;
}

/// <summary>Why and until when a member is suspended (null: until a moderator lifts it).</summary>
public sealed record SuspensionNotice(DateTimeOffset? Until, string Reason);

/// <summary>Where viewers come from (the members feature); Common depends on no feature.</summary>
public interface IViewerSource
{
    Task<Viewer> GetViewerAsync(System.Security.Claims.ClaimsPrincipal? principal, CancellationToken ct = default);
}
