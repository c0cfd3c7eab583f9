using PracticeCommunity.Features.Members;

namespace PracticeCommunity.Features.Rooms;

/// <summary>
/// Thread tags are "group:value": <c>product:ict</c>, <c>country:BE</c>, <c>procedure:competitive-dialogue</c>.
/// </summary>
public static class ThreadTags
{
    public const string Product = "product";
    public const string Country = "country";
    public const string Procedure = "procedure";

    public static IReadOnlyList<string> Procedures { get; } =
    [
        "open", "restricted", "competitive-dialogue", "competitive-procedure-with-negotiation", "innovation-partnership",
        "negotiated-without-publication", "framework-agreement", "dynamic-purchasing-system", "below-threshold",
    ];

    /// <summary>Normalises a tag, or returns null when it is not one we know.</summary>
    public static string? Normalise(string? tag)
    {
        var parts = (tag ?? "").Trim().Split(':', 2);
        if (parts.Length != 2) return null;
        var (group, value) = (parts[0].ToLowerInvariant(), parts[1].Trim());
        return group switch
        {
            Product when ProductGroups.IsKnown(value.ToLowerInvariant()) => $"{Product}:{value.ToLowerInvariant()}",
            Country when Countries.IsKnown(value.ToUpperInvariant()) => $"{Country}:{value.ToUpperInvariant()}",
            Procedure when Procedures.Contains(value.ToLowerInvariant()) => $"{Procedure}:{value.ToLowerInvariant()}",
            _ => null,
        };
    }

    public static (string Group, string Value) Split(string tag) => tag.Split(':', 2) is [var g, var v] ? (g, v) : ("", tag);
}
