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

/// <summary>Outcome of a change: either done, or errors per field (the same keys as the API's problem details).</summary>
public sealed record ChangeResult(IReadOnlyDictionary<string, string[]> Errors)
{
    public static ChangeResult Ok { get; } = new(new Dictionary<string, string[]>());
    public bool Succeeded => Errors.Count == 0;

    public static ChangeResult Fail(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

public sealed record PendingBuyer(string MemberId, string Email, string DisplayName, string? OrganisationName, string? Country, DateTimeOffset CreatedAt);

public sealed record MemberListItem(string MemberId, string Email, string DisplayName, string? OrganisationName, CommunityRole? Role, RoleStatus RoleStatus, IReadOnlyList<string> StaffRoles);

public sealed record MemberMatch(Viewer Viewer, string Email);
