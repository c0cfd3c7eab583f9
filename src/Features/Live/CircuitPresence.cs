using Microsoft.AspNetCore.Components.Server.Circuits;
using PracticeCommunity.Data;

namespace PracticeCommunity.Features.Live;

/// <summary>
/// Presence for a Blazor circuit: the threads its pages show. When the browser's connection drops (tab closed,
/// laptop shut) the member leaves those threads at once instead of when the circuit expires minutes later,
/// and comes back when the connection does.
/// </summary>
public sealed class CircuitPresence(PresenceTracker presence) : CircuitHandler
{
    private readonly string _key = "circuit:" + Guid.NewGuid().ToString("N");
    private readonly Dictionary<long, (string DisplayName, RoomAudience Audience)> _threads = [];
    private readonly Lock _lock = new();

    /// <summary>False while the browser's connection is down: such a page is not being read.</summary>
    public bool IsConnected { get; private set; } = true;

    public Task JoinAsync(long threadId, string displayName, RoomAudience audience)
    {
        lock (_lock) _threads[threadId] = (displayName, audience);
        return presence.JoinAsync(threadId, _key, displayName, audience);
    }

    public Task LeaveAsync(long threadId)
    {
        lock (_lock) _threads.Remove(threadId);
        return presence.LeaveAsync(threadId, _key);
    }

    public override async Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        IsConnected = false;
        foreach (var threadId in Snapshot().Select(t => t.Key))
        {
            await presence.LeaveAsync(threadId, _key);
        }
    }

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        IsConnected = true;
        foreach (var (threadId, (name, audience)) in Snapshot())
        {
            await presence.JoinAsync(threadId, _key, name, audience);
        }
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken) =>
        OnConnectionDownAsync(circuit, cancellationToken);

    private List<KeyValuePair<long, (string, RoomAudience)>> Snapshot()
    {
        lock (_lock) return _threads.ToList();
    }
}
