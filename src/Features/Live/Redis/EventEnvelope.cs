using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Moderation;

namespace PracticeCommunity.Features.Live.Redis;

/// <summary>
/// An event on its way between servers:
/// <c>{"origin":"web-1-3f2a9c1e","eventType":"PostCreated","audience":"BuyersOnly","payload":{…the hub's shape…}}</c>.
/// The audience travels beside the payload because the hub's shape leaves it out. The type is looked up in
/// <see cref="Crossing"/>, never resolved from the text, so a message can only ever become one of the app's own events.
/// </summary>
internal sealed record EventEnvelope(string Origin, string EventType, RoomAudience Audience, JsonElement Payload)
{
    /// <summary>The events every server hands to its own listeners. A new event type must be added here or to <see cref="ServerLocal"/>.</summary>
    public static readonly FrozenDictionary<string, Type> Crossing = new[]
    {
        typeof(PostCreated), typeof(PostEdited), typeof(PostHidden), typeof(PostStateChanged), typeof(PostDeleted),
        typeof(ThreadCreated), typeof(Typing), typeof(NotificationsChanged), typeof(AccessChanged),
        typeof(SessionLiveChanged), typeof(FlagsChanged), typeof(PresencePart), typeof(BusResumed),
    }.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>Events each server works out for itself: its presence lists are the union of every server's part.</summary>
    public static readonly FrozenSet<Type> ServerLocal = new[] { typeof(PresenceChanged) }.ToFrozenSet();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        // A message with a missing or null field is refused here rather than becoming an event no listener expects.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static bool Crosses(Type type) => Crossing.TryGetValue(type.Name, out var known) && known == type;

    public static byte[] Write(string origin, CommunityEvent e) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new EventEnvelope(origin, e.GetType().Name, e.Audience, JsonSerializer.SerializeToElement(e, e.GetType(), Json)), Json);

    /// <summary>Throws <see cref="JsonException"/> when the message is not a whole envelope.</summary>
    public static EventEnvelope Read(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<EventEnvelope>(utf8Json, Json) ?? throw new JsonException("The message is null.");

    /// <summary>
    /// The event it carries, or null when <see cref="EventType"/> is not one of <see cref="Crossing"/> (a newer server
    /// during a rolling update, say). Throws <see cref="JsonException"/> when the payload does not fit the type.
    /// </summary>
    public CommunityEvent? ToEvent()
    {
        if (!Crossing.TryGetValue(EventType, out var type)) return null;
        var e = Payload.Deserialize(type, Json) as CommunityEvent ?? throw new JsonException("The payload is null.");
        return e with { Audience = Audience };
    }
}
