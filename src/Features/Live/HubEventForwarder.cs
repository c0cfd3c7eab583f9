using Microsoft.AspNetCore.SignalR;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;

namespace PracticeCommunity.Features.Live;

/// <summary>
/// Sends every bus event to the hub groups that follow it; the hub itself never publishes twice.
/// Open and market-dialogue events go to the whole group. Buyers-only events go only to watchers who may
/// still enter the room: a Buyer status can be withdrawn after someone joined.
/// </summary>
internal sealed class HubEventForwarder(IEventBus bus, IHubContext<CommunityHub> hub, HubConnections connections, AccessGate access) : IHostedService
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
            case NotificationsChanged n:
                await hub.Clients.User(n.MemberId).SendAsync(name, new { unread = n.Unread });
                break;
            case ThreadCreated t:
                await SendAsync(CommunityHub.RoomGroup(t.RoomId), name, e);
                break;
            case SessionLiveChanged s:
                // No content: the watchers read the session again through the API, as its access rule allows.
                await hub.Clients.Group(CommunityHub.SessionGroup(s.SessionId)).SendAsync(name, new { sessionId = s.SessionId });
                break;
            case IThreadEvent t:
                await SendAsync(CommunityHub.ThreadGroup(t.ThreadId), name, e);
                break;
        }
    }

    private async Task SendAsync(string group, string name, CommunityEvent e)
    {
        if (e.Audience != RoomAudience.BuyersOnly)
        {
            await hub.Clients.Group(group).SendAsync(name, e);
            return;
        }
        var allowed = new List<string>();
        foreach (var watcher in connections.In(group).GroupBy(c => c.MemberId))
        {
            if (await access.MayStillEnterAsync(watcher.Key, e.Audience))
            {
                allowed.AddRange(watcher.Select(c => c.ConnectionId));
            }
        }
        if (allowed.Count > 0)
        {
            await hub.Clients.Clients(allowed).SendAsync(name, e);
        }
    }


    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
