namespace PracticeCommunity.Data;

/// <summary>An email domain whose members get Buyer status without waiting for a moderator.</summary>
public sealed class PublicBodyDomain
{
    public int Id { get; set; }
    public string Domain { get; set; } = "";
    public string? AddedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
