using PracticeCommunity.Data;
namespace PracticeCommunity.Features.Email;

/// <summary>
/// When digests fall due: at the member's hour in their own time zone, every day or on their weekday. A slot is
/// identified by its moment in UTC, and each slot is handled once.
/// </summary>
public static class DigestSchedule
{
    public static TimeSpan Length(DigestFrequency frequency) => frequency == DigestFrequency.Daily ? TimeSpan.FromDays(1) : TimeSpan.FromDays(7);

    /// <summary>The latest slot at or before <paramref name="now"/>; null when digests are off.</summary>
    public static DateTimeOffset? LastSlot(DateTimeOffset now, TimeZoneInfo zone, EmailSettings settings)
    {
        if (settings.Digest == DigestFrequency.Off) return null;
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var candidate = local.Date.AddHours(Math.Clamp(settings.DigestHour, 0, 23));
        if (candidate > local) candidate = candidate.AddDays(-1);
        if (settings.Digest == DigestFrequency.Weekly)
        {
            while (candidate.DayOfWeek != settings.DigestWeekday) candidate = candidate.AddDays(-1);
        }
        // Compared in UTC: on the night the clocks go back, the local hour may lie ahead of now.
        var slot = ToUtc(candidate, zone);
        return slot <= now ? slot : ToUtc(candidate.AddDays(settings.Digest == DigestFrequency.Weekly ? -7 : -1), zone);
    }

    /// <summary>The first slot after <paramref name="now"/>; null when digests are off.</summary>
    public static DateTimeOffset? NextSlot(DateTimeOffset now, TimeZoneInfo zone, EmailSettings settings)
    {
        if (settings.Digest == DigestFrequency.Off) return null;
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var candidate = local.Date.AddHours(Math.Clamp(settings.DigestHour, 0, 23));
        if (candidate <= local) candidate = candidate.AddDays(1);
        if (settings.Digest == DigestFrequency.Weekly)
        {
            while (candidate.DayOfWeek != settings.DigestWeekday) candidate = candidate.AddDays(1);
        }
        var slot = ToUtc(candidate, zone);
        return slot > now ? slot : ToUtc(candidate.AddDays(settings.Digest == DigestFrequency.Weekly ? 7 : 1), zone);
    }

    private static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        // An hour that does not exist on a spring-forward night is the next one that does.
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // An hour that happens twice (clocks going back) is its first occurrence: the larger offset.
        var offset = zone.IsAmbiguousTime(unspecified) ? zone.GetAmbiguousTimeOffsets(unspecified).Max() : zone.GetUtcOffset(unspecified);
        return new DateTimeOffset(unspecified, offset).ToUniversalTime();
    }
}
