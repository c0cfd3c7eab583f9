using System.Collections.Immutable;
using System.Threading.Channels;

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

/// <summary>
/// The bus of one server. Publishing never waits for a listener: each subscriber has its own bounded queue and
/// a pump that hands it the events in order. A listener that is slow or gone fills only its own queue; past
/// <see cref="QueueCapacity"/> its events are dropped (and logged), never the publisher's time.
/// </summary>
internal sealed partial class InProcessEventBus(ILogger<InProcessEventBus> logger) : IEventBus
{
    public const int QueueCapacity = 10_000;

    private ImmutableArray<Subscriber> _subscribers = [];

    public ValueTask PublishAsync(CommunityEvent e, CancellationToken ct = default)
    {
        foreach (var subscriber in _subscribers)
        {
            if (!subscriber.Queue.Writer.TryWrite(e))
            {
                LogDropped(e.GetType().Name);
            }
        }
        return ValueTask.CompletedTask;
    }

    public IDisposable Subscribe(Func<CommunityEvent, ValueTask> handler)
    {
        var subscriber = new Subscriber(Channel.CreateBounded<CommunityEvent>(new BoundedChannelOptions(QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        }));
        subscriber.Pump = PumpAsync(subscriber.Queue.Reader, handler);
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(subscriber));
        return new Subscription(() =>
        {
            ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(subscriber));
            subscriber.Queue.Writer.TryComplete();
        });
    }

    private async Task PumpAsync(ChannelReader<CommunityEvent> reader, Func<CommunityEvent, ValueTask> handler)
    {
        await Task.Yield();
        await foreach (var e in reader.ReadAllAsync())
        {
            try
            {
                await handler(e);
            }
            catch (Exception ex)
            {
                // One broken listener (a closed circuit, say) must not stop its own later events either.
                LogHandlerFailed(ex, e.GetType().Name);
            }
        }
    }

    private sealed class Subscriber(Channel<CommunityEvent> queue)
    {
        public Channel<CommunityEvent> Queue { get; } = queue;
        public Task? Pump { get; set; }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "A listener's queue is full: {EventType} dropped for it")]
    private partial void LogDropped(string eventType);
}
