using System.Collections.Concurrent;

namespace PracticeCommunity.Features.Live;

/// <summary>
/// Who is looking at which thread, by connection (a hub connection or a Blazor circuit).
/// Kept in memory per server; with several servers each publishes its own part through the event bus.
/// </summary>
public sealed class PresenceTracker(IEventBus bus)
{
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<string, string>> _byThread = new();
    private readonly ConcurrentDictionary<(long, string), long> _lastTyping = new();

    public async Task JoinAsync(long threadId, string connectionKey, string displayName, Data.RoomAudience audience)
    {
        var members = _byThread.GetOrAdd(threadId, _ => new());
        if (members.TryAdd(connectionKey, displayName))
        {
            await PublishAsync(threadId, audience);
        }
    }

    public async Task LeaveAsync(long threadId, string connectionKey, Data.RoomAudience audience)
    {
        if (_byThread.TryGetValue(threadId, out var members) && members.TryRemove(connectionKey, out _))
        {
            await PublishAsync(threadId, audience);
        }
    }

    /// <summary>"X is typing", at most once per two seconds per member and thread.</summary>
    public async Task TypingAsync(long threadId, string displayName, Data.RoomAudience audience)
    {
        var now = Environment.TickCount64;
        var key = (threadId, displayName);
        if (_lastTyping.TryGetValue(key, out var last) && now - last < 2000) return;
        _lastTyping[key] = now;
        if (_lastTyping.Count > 10_000) _lastTyping.Clear();
        await bus.PublishAsync(new Typing(threadId, displayName) { Audience = audience });
    }

    public bool IsIn(long threadId, string connectionKey) =>
        _byThread.TryGetValue(threadId, out var members) && members.ContainsKey(connectionKey);

    public IReadOnlyList<long> ThreadsOf(string connectionKey) =>
        _byThread.Where(t => t.Value.ContainsKey(connectionKey)).Select(t => t.Key).ToList();

    public IReadOnlyList<string> MembersIn(long threadId) =>
        _byThread.TryGetValue(threadId, out var members)
            ? members.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.CurrentCulture).ToList()
            : [];

    private ValueTask PublishAsync(long threadId, Data.RoomAudience audience) =>
        bus.PublishAsync(new PresenceChanged(threadId, MembersIn(threadId)) { Audience = audience });
}
