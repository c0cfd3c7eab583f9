using System.Security.Cryptography;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using PracticeCommunity.Data;
using PracticeCommunity.Hosting;

namespace PracticeCommunity.Features.Sessions;

/// <summary>
/// Sessions as iCalendar (Ical.Net): a stable UID per session, a SEQUENCE that rises with every change, the
/// session's own TZID, and METHOD:CANCEL for a cancellation. The place and the link are written only for those
/// who may know them.
/// </summary>
public sealed class SessionCalendar(PublicUrls urls)
{
    public const string ProductId = "-//PracticeCommunity//Sessions//EN";

    public string Uid(long sessionId) => $"session-{sessionId}@{urls.BaseUri.Host}";

    /// <summary>One calendar with these sessions; <paramref name="withDetails"/> says, per session, whether the place and link go in.</summary>
    public string Write(IEnumerable<Session> sessions, Func<Session, bool> withDetails, string method = "PUBLISH", string? name = null)
    {
        var calendar = new Calendar { ProductId = ProductId, Method = method };
        if (name is not null) calendar.AddProperty("X-WR-CALNAME", name);
        foreach (var zone in sessions.Select(s => s.TimeZone).Distinct()) calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone));
        foreach (var session in sessions)
        {
            var details = withDetails(session);
            var zone = SessionTimes.FindZone(session.TimeZone) ?? TimeZoneInfo.Utc;
            var link = urls.For($"/sessions/{session.Id}");
            var description = session.Description.Length > 0 ? session.Description + "\n\n" + link : link;
            if (details && session.OnlineUrl is { } online) description += "\n\nOnline: " + online;
            var cancelled = session.Status == SessionStatus.Cancelled || method == "CANCEL";
            calendar.Events.Add(new CalendarEvent
            {
                Uid = Uid(session.Id),
                Sequence = session.Sequence,
                Summary = session.Title,
                Description = description,
                Location = details ? session.Place ?? session.OnlineUrl : null,
                Url = new Uri(link),
                DtStart = new CalDateTime(TimeZoneInfo.ConvertTime(session.StartsAtUtc, zone).DateTime, session.TimeZone),
                DtEnd = new CalDateTime(TimeZoneInfo.ConvertTime(session.EndsAtUtc, zone).DateTime, session.TimeZone),
                DtStamp = new CalDateTime(session.UpdatedAt.UtcDateTime, "UTC"),
                Status = cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            });
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    /// <summary>A new secret for a calendar feed address, and the hash that is stored.</summary>
    public static (string Token, string Hash) NewFeedToken()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (token, HashOf(token));
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
