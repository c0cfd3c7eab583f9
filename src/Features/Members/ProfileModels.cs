using PracticeCommunity.Data;

namespace PracticeCommunity.Features.Members;

/// <summary>What a member sends to complete or change their profile (API body and form model alike).</summary>
public sealed class ProfileInput
{
    public string? DisplayName { get; set; }
    public string? TimeZone { get; set; }
    public OrganisationInput? Organisation { get; set; }
    public string? Role { get; set; }
    public List<string>? ProductGroups { get; set; }
}

/// <summary>An organisation to join: <see cref="Id"/> of an existing one, or name, type and country.</summary>
public sealed class OrganisationInput
{
    public int? Id { get; set; }
    public string? Name { get; set; }
    public string? Type { get; set; }
    public string? Country { get; set; }
}

public sealed record OrganisationView(int Id, string Name, OrganisationType Type, string Country);

public sealed record ProfileView(
    string Id,
    string Email,
    string DisplayName,
    string TimeZone,
    OrganisationView? Organisation,
    CommunityRole? Role,
    RoleStatus RoleStatus,
    IReadOnlyList<string> ProductGroups,
    IReadOnlyList<string> StaffRoles,
    bool ProfileComplete);

public sealed record PendingBuyer(string MemberId, string Email, string DisplayName, string? OrganisationName, string? Country, DateTimeOffset CreatedAt);

public sealed record MemberListItem(string MemberId, string Email, string DisplayName, string? OrganisationName, CommunityRole? Role, RoleStatus RoleStatus, IReadOnlyList<string> StaffRoles);

public sealed record MemberMatch(Viewer Viewer, string Email);
