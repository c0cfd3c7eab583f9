namespace PracticeCommunity.Testing;

/// <summary>Wall-clock times for scheduling test sessions: live mode opens 30 minutes before a session starts.</summary>
public static class SessionClock
{
    /// <summary>The local time, to the minute, <paramref name="minutes"/> from now in <paramref name="zoneId"/>.</summary>
    public static DateTime LocalIn(int minutes, string zoneId = "Europe/Brussels")
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddMinutes(minutes), TimeZoneInfo.FindSystemTimeZoneById(zoneId)).DateTime;
        return new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0);
    }
}
