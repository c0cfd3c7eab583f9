using Microsoft.AspNetCore.SignalR;

namespace PracticeCommunity.Features.Live;

/// <summary>Sends every bus event to the hub groups that follow it; the hub itself never publishes twice.</summary>
internal sealed class HubEventForwarder(IEventBus bus, IHubContext<CommunityHub> hub) : IHostedService
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
        var task = e switch
        {
            PostCreated p => hub.Clients.Group(CommunityHub.ThreadGroup(p.ThreadId)).SendAsync(name, p),
            PostEdited p => hub.Clients.Group(CommunityHub.ThreadGroup(p.ThreadId)).SendAsync(name, p),
            PostHidden p => hub.Clients.Group(CommunityHub.ThreadGroup(p.ThreadId)).SendAsync(name, p),
            PostDeleted p => hub.Clients.Group(CommunityHub.ThreadGroup(p.ThreadId)).SendAsync(name, p),
            PostStateChanged p => hub.Clients.Group(CommunityHub.ThreadGroup(p.ThreadId)).SendAsync(name, p),
            Typing p => hub.Clients.Group(CommunityHub.ThreadGroup(p.ThreadId)).SendAsync(name, p),
            PresenceChanged p => hub.Clients.Group(CommunityHub.ThreadGroup(p.ThreadId)).SendAsync(name, p),
            ThreadCreated t => hub.Clients.Group(CommunityHub.RoomGroup(t.RoomId)).SendAsync(name, t),
            NotificationsChanged n => hub.Clients.User(n.MemberId).SendAsync(name, new { unread = n.Unread }),
            _ => Task.CompletedTask,
        };
        await task;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
