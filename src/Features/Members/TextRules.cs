using System.Text.RegularExpressions;

namespace PracticeCommunity.Features.Members;

/// <summary>Small checks on plain-text fields (names, domains) shared by every form and endpoint.</summary>
public static partial class TextRules
{
    public static bool HasMarkupOrControl(string value) =>
        value.Any(c => c is '<' or '>' || char.IsControl(c));

    public static bool IsDomain(string value) => value.Length <= 253 && DomainPattern().IsMatch(value);

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex DomainPattern();
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
