namespace PracticeCommunity.Data;

public sealed class Organisation
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public OrganisationType Type { get; set; }

    /// <summary>ISO 3166-1 alpha-2 country code.</summary>
    public string Country { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Email domain of the member who created it. Joining a public-buyer organisation from another
    /// domain needs a moderator's approval, so nobody speaks for a city by picking it from a list.</summary>
    public string? EmailDomain { get; set; }
}

public enum OrganisationType
{
    PublicBuyer,
    Supplier,
    Facilitator,
    Network,
}
