using PracticeCommunity.Features.Members;

namespace PracticeCommunity.Tests.Features.Members;

/// <summary>Issue 8: the profile's time zones, grouped by region with readable names and today's offset.</summary>
public sealed class TimeZoneChoicesTests
{
    private static TimeZoneChoice Find(IReadOnlyList<TimeZoneRegion> regions, string region, string id) =>
        regions.Single(r => r.Name == region).Zones.Single(z => z.Id == id);

    [Fact]
    public void Zones_are_grouped_by_region_with_the_offset_of_the_day()
    {
        var winter = TimeZoneChoices.Regions(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var summer = TimeZoneChoices.Regions(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal("Brussels (UTC+01:00)", Find(winter, "Europe", "Europe/Brussels").Label);
        Assert.Equal("Brussels (UTC+02:00)", Find(summer, "Europe", "Europe/Brussels").Label);
        Assert.Equal("Argentina / Buenos Aires (UTC-03:00)", Find(winter, "America", "America/Argentina/Buenos_Aires").Label);
        Assert.Equal("UTC", Find(winter, "UTC", "UTC").Label);
        Assert.DoesNotContain(winter, r => r.Name == "Etc");
        Assert.Equal(winter.Select(r => r.Name).Order(StringComparer.Ordinal), winter.Select(r => r.Name));
    }
}
