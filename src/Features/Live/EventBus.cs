using System.Collections.Immutable;

namespace PracticeCommunity.Features.Live;

/// <summary>
/// The one way news travels inside the app. Services publish after their commit; Blazor components and the
/// hub subscribe. The in-process implementation serves one server; a Redis-backed one replaces it for
/// several servers, so no caller may assume that publisher and subscriber share a process.
/// </summary>
public interface IEventBus
{
    ValueTask PublishAsync(CommunityEvent e, CancellationToken ct = default);

    /// <summary>Dispose the handle to stop listening.</summary>
    IDisposable Subscribe(Func<CommunityEvent, ValueTask> handler);
}

internal sealed partial class InProcessEventBus(ILogger<InProcessEventBus> logger) : IEventBus
{
    private ImmutableArray<Func<CommunityEvent, ValueTask>> _handlers = [];

    public async ValueTask PublishAsync(CommunityEvent e, CancellationToken ct = default)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                await handler(e);
            }
            catch (Exception ex)
            {
                // One broken listener (a closed circuit, say) must not keep the event from the others.
                LogHandlerFailed(ex, e.GetType().Name);
            }
        }
    }

    public IDisposable Subscribe(Func<CommunityEvent, ValueTask> handler)
    {
        ImmutableInterlocked.Update(ref _handlers, list => list.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref _handlers, list => list.Remove(handler)));
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An event listener failed on {EventType}")]
    private partial void LogHandlerFailed(Exception ex, string eventType);
}
