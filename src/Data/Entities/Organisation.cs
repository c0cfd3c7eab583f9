namespace PracticeCommunity.Data;

public sealed class Organisation
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public OrganisationType Type { get; set; }

    /// <summary>ISO 3166-1 alpha-2 country code.</summary>
    public string Country { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

public enum OrganisationType
{
    PublicBuyer,
    Supplier,
    Facilitator,
    Network,
}
