using System.Globalization;

namespace PracticeCommunity.Features.Sessions;

/// <summary>
/// Wall-clock times in a session's own IANA zone, both ways. A local time that does not exist (the hour skipped in
/// spring) is refused; one that happens twice (the hour repeated in autumn) needs its offset, so the moderator
/// chooses, and nothing is ever shifted silently.
/// </summary>
public static class SessionTimes
{
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm"];

    public static TimeZoneInfo? FindZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;

    public enum Problem { None, Unreadable, DoesNotExist, Ambiguous, WrongOffset }

    /// <summary>The UTC instant of a local time in a zone, or why there is none.</summary>
    public static (DateTimeOffset Utc, Problem Problem, TimeSpan[] Offsets) ToUtc(string? text, TimeZoneInfo zone)
    {
        text = text?.Trim() ?? "";
        if (text.Length is 0 or > 40) return (default, Problem.Unreadable, []);
        DateTime local;
        TimeSpan? offset = null;
        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var plain))
        {
            local = plain;
        }
        else if (text.Length > 19 && (text.EndsWith('Z') || text[^6] is '+' or '-')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
        {
            local = withOffset.DateTime;
            offset = withOffset.Offset;
        }
        else
        {
            return (default, Problem.Unreadable, []);
        }
        // A session is in this century or the next; anything else is a typo (and would overflow the conversion).
        if (local.Year is < 2000 or > 2200) return (default, Problem.Unreadable, []);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local)) return (default, Problem.DoesNotExist, []);
        var offsets = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local) : [zone.GetUtcOffset(local)];
        if (offset is { } chosen)
        {
            return offsets.Contains(chosen) ? (new DateTimeOffset(local, chosen).ToUniversalTime(), Problem.None, offsets) : (default, Problem.WrongOffset, offsets);
        }
        if (offsets.Length > 1) return (default, Problem.Ambiguous, offsets);
        return (new DateTimeOffset(local, offsets[0]).ToUniversalTime(), Problem.None, offsets);
    }

    /// <summary>"2027-03-18T14:00:00": the local wall-clock time, without offset, as the contract gives it.</summary>
    public static string Local(DateTimeOffset utc, string zoneId) =>
        TimeZoneInfo.ConvertTime(utc, FindZone(zoneId) ?? TimeZoneInfo.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Offset(TimeSpan offset) => (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
