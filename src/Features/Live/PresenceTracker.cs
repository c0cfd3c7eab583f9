using System.Collections.Concurrent;

namespace PracticeCommunity.Features.Live;

/// <summary>
/// Who is looking at which thread, by connection (a hub connection or a Blazor circuit).
/// Kept in memory per server; with several servers each publishes its own part through the event bus.
/// </summary>
public sealed class PresenceTracker(IEventBus bus)
{
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<string, string>> _byThread = new();

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
