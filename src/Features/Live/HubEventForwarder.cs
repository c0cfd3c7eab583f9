using Microsoft.AspNetCore.SignalR;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;

namespace PracticeCommunity.Features.Live;

/// <summary>
/// Sends every bus event to the hub connections of this server that follow it. Every server does the same for its
/// own connections, whichever server the event came from, so nothing goes through SignalR groups or users: with the
/// Redis backplane those reach every server's connections from every server (each event once per server), and with
/// Redis down they reach nobody. A send to this server's connections is written to them directly, Redis or not.
/// Open and market-dialogue events go to every watcher. Buyers-only events go only to watchers who may still enter
/// the room: a Buyer status can be withdrawn after someone joined.
/// </summary>
internal sealed class HubEventForwarder(
    IEventBus bus, IHubContext<CommunityHub> hub, HubConnections connections, AccessGate access) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.Subscribe(ForwardAsync);
        return Task.CompletedTask;
    }

    private async ValueTask ForwardAsync(CommunityEvent e)
    {
        var name = e.GetType().Name;
        switch (e)
        {
            case BusResumed:
                // The link between servers was down: scripts read again what they show, as pages do.
                await SendAsync(connections.All(), "Resync", new { });
                break;
            case NotificationsChanged n:
                await SendAsync(connections.Of(n.MemberId), name, new { unread = n.Unread });
                break;
            case ThreadCreated t:
                await SendToWatchersAsync(CommunityHub.RoomGroup(t.RoomId), name, e);
                break;
            case SessionLiveChanged s:
                // No content: the watchers read the session again through the API, as its access rule allows.
                await SendAsync(connections.In(CommunityHub.SessionGroup(s.SessionId)).Select(c => c.ConnectionId), name, new { sessionId = s.SessionId });
                break;
            case IThreadEvent t:
                await SendToWatchersAsync(CommunityHub.ThreadGroup(t.ThreadId), name, e);
                break;
        }
    }

    private async Task SendToWatchersAsync(string group, string name, CommunityEvent e)
    {
        var watchers = connections.In(group);
        if (e.Audience != RoomAudience.BuyersOnly)
        {
            await SendAsync(watchers.Select(c => c.ConnectionId), name, e);
            return;
        }
        var allowed = new List<string>();
        foreach (var watcher in watchers.GroupBy(c => c.MemberId))
        {
            if (await access.MayStillEnterAsync(watcher.Key, e.Audience))
            {
                allowed.AddRange(watcher.Select(c => c.ConnectionId));
            }
        }
        await SendAsync(allowed, name, e);
    }

    /// <summary>
    /// One send to the list: the message is serialized once for a thousand watchers. With Redis, the community hub's
    /// lifetime manager (<see cref="Redis.OutageTolerantHubLifetimeManager{THub}"/>) writes to this server's connections
    /// directly too, so the list never goes through Redis.
    /// </summary>
    private Task SendAsync(IEnumerable<string> connectionIds, string name, object payload)
    {
        var ids = connectionIds as IReadOnlyList<string> ?? connectionIds.ToList();
        return ids.Count == 0 ? Task.CompletedTask : hub.Clients.Clients(ids).SendAsync(name, payload);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
