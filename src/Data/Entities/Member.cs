using Microsoft.AspNetCore.Identity;

namespace PracticeCommunity.Data;

/// <summary>A person in the community. Identity user plus the profile the community needs.</summary>
public sealed class Member : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary><see cref="DisplayName"/> as compared for uniqueness (accents, case and kinds of space folded); unique.</summary>
    public string? NormalizedDisplayName { get; set; }

    /// <summary>IANA time zone id, for example Europe/Brussels.</summary>
    public string TimeZone { get; set; } = "UTC";

    public int? OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }

    /// <summary>The community role the member asked for; null until the profile is complete.</summary>
    public CommunityRole? Role { get; set; }

    public RoleStatus RoleStatus { get; set; } = RoleStatus.None;

    /// <summary>Product groups the member follows (values of <see cref="ProductGroups"/>).</summary>
    public List<string> ProductGroups { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>SHA-256 (hex) of the secret in the member's calendar feed address; null until they make one.</summary>
    public string? CalendarTokenHash { get; set; }

    /// <summary>Set while a moderator has suspended the member; <see cref="SuspendedUntil"/> null means until lifted.</summary>
    public DateTimeOffset? SuspendedAt { get; set; }
    public DateTimeOffset? SuspendedUntil { get; set; }
    public string? SuspensionReason { get; set; }

    /// <summary>Set when the member deleted their account: personal data erased, posts kept as "former member".</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public bool ProfileComplete => Role is not null && OrganisationId is not null && DisplayName.Length > 0;
}

public enum CommunityRole
{
    Buyer,
    Supplier,
    Facilitator,
}

public enum RoleStatus
{
    /// <summary>No role requested yet (profile incomplete).</summary>
    None,
    Pending,
    Granted,
    /// <summary>A moderator declined the Buyer request; the member keeps open rooms only.</summary>
    Declined,
}
