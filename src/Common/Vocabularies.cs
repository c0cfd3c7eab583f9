namespace PracticeCommunity.Common;

/// <summary>Product groups a thread, member or case can be tagged with.</summary>
public static class ProductGroups
{
    public static IReadOnlyList<string> All { get; } =
    [
        "office-furniture", "ict", "textiles", "food-and-catering", "construction-and-buildings", "mobility",
        "plastics-and-packaging", "energy-and-lighting", "cleaning", "events", "other",
    ];

    public static bool IsKnown(string value) => All.Contains(value);
}

/// <summary>ISO 3166-1 alpha-2 countries, from the runtime's region data.</summary>
public static class Countries
{
    private static readonly Lazy<IReadOnlyList<(string Code, string Name)>> AllCountries = new(() =>
        System.Globalization.CultureInfo.GetCultures(System.Globalization.CultureTypes.SpecificCultures)
            .Select(c => { try { return new System.Globalization.RegionInfo(c.Name); } catch (ArgumentException) { return null; } })
            .Where(r => r is not null && r.TwoLetterISORegionName.Length == 2 && r.TwoLetterISORegionName.All(char.IsAsciiLetterUpper))
            .DistinctBy(r => r!.TwoLetterISORegionName)
            .Select(r => (r!.TwoLetterISORegionName, r.EnglishName))
            .OrderBy(r => r.EnglishName)
            .ToList());

    public static IReadOnlyList<(string Code, string Name)> All => AllCountries.Value;

    public static bool IsKnown(string code) => All.Any(c => c.Code == code);
}

/// <summary>ISO 4217 currency codes in use, from the runtime's region data.</summary>
public static class Currencies
{
    private static readonly Lazy<IReadOnlySet<string>> AllCodes = new(() =>
        System.Globalization.CultureInfo.GetCultures(System.Globalization.CultureTypes.SpecificCultures)
            .Select(c => { try { return new System.Globalization.RegionInfo(c.Name).ISOCurrencySymbol; } catch (ArgumentException) { return null; } })
            .Where(code => code is { Length: 3 } && code.All(char.IsAsciiLetterUpper))
            .Select(code => code!)
            .ToHashSet());

    public static IReadOnlySet<string> All => AllCodes.Value;

    /// <summary>The ones most members use, first in the form's list.</summary>
    public static IReadOnlyList<string> Common { get; } = ["EUR", "GBP", "SEK", "DKK", "PLN", "CHF", "NOK", "CZK", "HUF", "USD"];

    public static bool IsKnown(string code) => All.Contains(code);
}
