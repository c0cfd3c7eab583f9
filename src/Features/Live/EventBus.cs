using System.Collections.Immutable;
using System.Threading.Channels;

namespace PracticeCommunity.Features.Live;

/// <summary>
/// The one way news travels inside the app. Services publish after their commit; Blazor components and the
/// hub subscribe. The in-process implementation serves one server; with several servers the Redis one
/// (<see cref="Redis.RedisEventBus"/>) hands each event to the listeners of every server, so no caller may
/// assume that publisher and subscriber share a process.
/// </summary>
public interface IEventBus
{
    ValueTask PublishAsync(CommunityEvent e, CancellationToken ct = default);

    /// <summary>Dispose the handle to stop listening.</summary>
    IDisposable Subscribe(Func<CommunityEvent, ValueTask> handler);

    /// <summary>
    /// For an in-memory cache that an event makes stale (viewers on <see cref="AccessChanged"/>): the handler runs
    /// on the publishing thread, before any <see cref="Subscribe"/> listener can see the event, so none of them reads
    /// the stale entry. That matters for events from another server, where nobody forgot the entry beforehand.
    /// It must be quick and must not block, throw or publish. Dispose the handle to stop.
    /// </summary>
    IDisposable SubscribeInline(Action<CommunityEvent> handler);
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
    private ImmutableArray<Action<CommunityEvent>> _inline = [];

    public ValueTask PublishAsync(CommunityEvent e, CancellationToken ct = default)
    {
        foreach (var handler in _inline)
        {
            try
            {
                handler(e);
            }
            catch (Exception ex)
            {
                LogHandlerFailed(ex, e.GetType().Name);
            }
        }
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

    public IDisposable SubscribeInline(Action<CommunityEvent> handler)
    {
        ImmutableInterlocked.Update(ref _inline, list => list.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref _inline, list => list.Remove(handler)));
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
