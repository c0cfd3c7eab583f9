using System.Collections.Concurrent;

namespace PracticeCommunity.Features.Live;

/// <summary>
/// Who is looking at which thread, by connection (a hub connection or a Blazor circuit).
/// Kept in memory per server; with several servers each publishes its own part through the event bus.
/// Changes are coalesced: a burst of joins (a thousand viewers arriving) becomes one PresenceChanged,
/// sent only when the list of names actually changed.
/// </summary>
public sealed class PresenceTracker(IEventBus bus, TimeProvider time)
{
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<string, string>> _byThread = new();
    private readonly ConcurrentDictionary<(long, string), long> _lastTyping = new();
    private readonly ConcurrentDictionary<long, byte> _scheduled = new();
    private readonly ConcurrentDictionary<long, string> _lastPublished = new();
    private readonly ConcurrentDictionary<long, Data.RoomAudience> _audiences = new();

    /// <summary>How long a burst of joins and leaves is gathered before one update goes out.</summary>
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromMilliseconds(250);

    public Task JoinAsync(long threadId, string connectionKey, string displayName, Data.RoomAudience audience)
    {
        var members = _byThread.GetOrAdd(threadId, _ => new());
        _audiences[threadId] = audience;
        if (members.TryAdd(connectionKey, displayName))
        {
            Schedule(threadId);
        }
        return Task.CompletedTask;
    }

    public Task LeaveAsync(long threadId, string connectionKey)
    {
        if (_byThread.TryGetValue(threadId, out var members) && members.TryRemove(connectionKey, out _))
        {
            Schedule(threadId);
        }
        return Task.CompletedTask;
    }

    /// <summary>"X is typing", at most once per two seconds per member and thread.</summary>
    public async Task TypingAsync(long threadId, string displayName, Data.RoomAudience audience)
    {
        var now = time.GetTimestamp();
        var key = (threadId, displayName);
        if (_lastTyping.TryGetValue(key, out var last) && time.GetElapsedTime(last, now) < TimeSpan.FromSeconds(2)) return;
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

    private void Schedule(long threadId)
    {
        if (_scheduled.TryAdd(threadId, 0))
        {
            _ = PublishLaterAsync(threadId);
        }
    }

    private async Task PublishLaterAsync(long threadId)
    {
        await Task.Delay(CoalesceWindow, time);
        _scheduled.TryRemove(threadId, out _);
        var members = MembersIn(threadId);
        var key = string.Join('\n', members);
        if (_lastPublished.TryGetValue(threadId, out var last) && last == key) return;
        _lastPublished[threadId] = key;
        // The names in a buyers-only thread are buyers-only content too: the event carries the room's audience.
        await bus.PublishAsync(new PresenceChanged(threadId, members) { Audience = _audiences.GetValueOrDefault(threadId, Data.RoomAudience.BuyersOnly) });
    }
}
