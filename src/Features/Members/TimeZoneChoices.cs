using System.Globalization;

namespace PracticeCommunity.Features.Members;

/// <summary>One time zone as the profile offers it: "Brussels (UTC+01:00)" under "Europe", stored as its IANA id.</summary>
public sealed record TimeZoneChoice(string Id, string Label);

public sealed record TimeZoneRegion(string Name, IReadOnlyList<TimeZoneChoice> Zones);

/// <summary>
/// The IANA time zones grouped by region with readable labels and today's offset, instead of a raw list of some
/// 400 ids. A browser's select jumps to a city as the member types its name.
/// </summary>
public static class TimeZoneChoices
{
    public static IReadOnlyList<TimeZoneRegion> Regions(DateTimeOffset now) =>
        TimeZoneInfo.GetSystemTimeZones()
            .Where(z => z.Id.Contains('/') && !z.Id.StartsWith("Etc/", StringComparison.Ordinal))
            .Select(z => (Region: z.Id[..z.Id.IndexOf('/')], Choice: new TimeZoneChoice(z.Id, Label(z, now))))
            .Append((Region: "UTC", Choice: new TimeZoneChoice("UTC", "UTC")))
            .GroupBy(x => x.Region, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new TimeZoneRegion(g.Key, g.Select(x => x.Choice).OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList()))
            .ToList();

    private static string Label(TimeZoneInfo zone, DateTimeOffset now)
    {
        var place = zone.Id[(zone.Id.IndexOf('/') + 1)..].Replace('_', ' ').Replace("/", " / ", StringComparison.Ordinal);
        var offset = zone.GetUtcOffset(now);
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return string.Create(CultureInfo.InvariantCulture, $"{place} (UTC{sign}{offset.Duration():hh\\:mm})");
    }
}
