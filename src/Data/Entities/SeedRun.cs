namespace PracticeCommunity.Data;

/// <summary>Records that a seed step ran, so it runs once and never again.</summary>
public sealed class SeedRun
{
    public string Key { get; set; } = "";
    public DateTimeOffset RanAt { get; set; }
}
