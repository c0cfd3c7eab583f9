namespace PracticeCommunity.Data;

/// <summary>A discussion room: one question to consider of the framework.</summary>
public sealed class Room
{
    public int Id { get; set; }
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";

    /// <summary>Framework part, 1 to 4.</summary>
    public int Part { get; set; }

    /// <summary>Key of the framework step (see <c>Framework.Steps</c>).</summary>
    public string StepKey { get; set; } = "";

    public int SortOrder { get; set; }
    public RoomAudience Audience { get; set; }
    public bool IsArchived { get; set; }

    /// <summary>Set for rooms that came from the seed; the seed never touches a room again once loaded.</summary>
    public string? SeedKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public enum RoomAudience
{
    Open,
    BuyersOnly,
    MarketDialogue,
}
