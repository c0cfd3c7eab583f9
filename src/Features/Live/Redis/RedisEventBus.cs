using System.Diagnostics.Metrics;
using System.Text.Json;
using StackExchange.Redis;

namespace PracticeCommunity.Features.Live.Redis;

/// <summary>
/// The event bus of several servers. An event goes first to this server's listeners through the in-process bus, so
/// pages and hub connections here keep their live updates while Redis is away; then it is published on
/// "{prefix}:events" (<see cref="EventEnvelope"/>) and every other server hands it to its own listeners. Publishing
/// never waits for Redis and never fails the caller: a post is saved and acknowledged with Redis down, and pages
/// catch up from the database once the link is back (<see cref="BusResumed"/>). StackExchange.Redis reconnects and
/// subscribes again by itself.
/// </summary>
internal sealed partial class RedisEventBus(
    InProcessEventBus local,
    IConnectionMultiplexer redis,
    ServerInstance instance,
    TimeProvider time,
    IMeterFactory meters,
    ILogger<RedisEventBus> logger) : BackgroundService, IEventBus
{
    /// <summary>"events" after the connection's own "{prefix}:" (<see cref="RedisConnection"/>).</summary>
    public static readonly RedisChannel EventsChannel = RedisChannel.Literal("events");

    public static readonly TimeSpan SubscribeRetry = TimeSpan.FromSeconds(5);

    /// <summary>After a Redis restart every server resumes within moments: their resumptions make one catch-up here.</summary>
    public static readonly TimeSpan ResumeWindow = TimeSpan.FromSeconds(1);

    public const string MeterName = "PracticeCommunity.Live";

    private readonly Counter<long> _notSent = meters.Create(MeterName).CreateCounter<long>("practicecommunity.live.redis.not_sent", "{event}",
        "Events that did not reach the other servers (Redis down, or the event could not be written)");

    private readonly Counter<long> _dropped = meters.Create(MeterName).CreateCounter<long>("practicecommunity.live.redis.dropped", "{message}",
        "Messages from other servers that were malformed or of an unknown event type");

    private int _failing;
    private volatile bool _listening;

    /// <summary>Whether this server hears the others (its subscription is in place); the readiness check says so.</summary>
    public bool IsListening => _listening && redis.IsConnected;
    private int _resumeScheduled;

    public IDisposable Subscribe(Func<CommunityEvent, ValueTask> handler) => local.Subscribe(handler);

    public IDisposable SubscribeInline(Action<CommunityEvent> handler) => local.SubscribeInline(handler);

    public async ValueTask PublishAsync(CommunityEvent e, CancellationToken ct = default)
    {
        if (e is BusResumed) ScheduleResume();
        else await local.PublishAsync(e, ct);

        var type = e.GetType();
        if (EventEnvelope.ServerLocal.Contains(type)) return;
        if (!EventEnvelope.Crosses(type))
        {
            _notSent.Add(1);
            LogNotCrossing(type.Name);
            return;
        }
        byte[] message;
        try
        {
            message = EventEnvelope.Write(instance.Id, e);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            _notSent.Add(1);
            LogNotWritten(ex, type.Name);
            return;
        }
        _ = SendAsync(message, type.Name);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.ConnectionFailed += OnConnectionFailed;
        redis.ConnectionRestored += OnConnectionRestored;
        var subscriber = redis.GetSubscriber();
        while (true)
        {
            try
            {
                var queue = await subscriber.SubscribeAsync(EventsChannel);
                queue.OnMessage(ReceiveAsync);
                _listening = true;
                LogSubscribed();
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSubscribeFailed(ex, SubscribeRetry.TotalSeconds);
                await ForgetFailedSubscriptionAsync(subscriber);
            }
            await Task.Delay(SubscribeRetry, time, stoppingToken);
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed -= OnConnectionFailed;
        redis.ConnectionRestored -= OnConnectionRestored;
        return base.StopAsync(cancellationToken);
    }

    private async Task SendAsync(byte[] message, string eventType)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(EventsChannel, message);
            if (Interlocked.Exchange(ref _failing, 0) == 1)
            {
                // What did not reach the others meanwhile is read from the database: tell them, and catch up here too.
                LogSendingAgain();
                ScheduleResume();
                _ = SendAsync(EventEnvelope.Write(instance.Id, new BusResumed()), nameof(BusResumed));
            }
        }
        catch (Exception ex)
        {
            _notSent.Add(1);
            // The first failure is a warning; the rest of an outage would only repeat it for every event.
            if (Interlocked.Exchange(ref _failing, 1) == 0) LogNotSent(ex, eventType);
            else LogStillNotSent(eventType);
        }
    }

    private async Task ReceiveAsync(ChannelMessage message)
    {
        EventEnvelope envelope;
        CommunityEvent? e;
        try
        {
            envelope = EventEnvelope.Read(((ReadOnlyMemory<byte>)message.Message).Span);
            if (envelope.Origin == instance.Id) return;
            e = envelope.ToEvent();
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            _dropped.Add(1);
            LogMalformed(ex);
            return;
        }
        if (e is null)
        {
            _dropped.Add(1);
            LogUnknownType(envelope.EventType, envelope.Origin);
            return;
        }
        if (e is BusResumed) ScheduleResume();
        else await local.PublishAsync(e);
    }

    /// <summary>
    /// A subscription that fails still leaves its queue registered with the multiplexer, where it would fill with
    /// messages nobody reads: the channel is this bus's alone, so it is dropped whole before the next attempt.
    /// </summary>
    private async Task ForgetFailedSubscriptionAsync(ISubscriber subscriber)
    {
        try
        {
            await subscriber.UnsubscribeAsync(EventsChannel);
        }
        catch (Exception ex)
        {
            LogSubscribeFailed(ex, SubscribeRetry.TotalSeconds);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        LogConnectionFailed(e.Exception, e.ConnectionType, e.FailureType, e.EndPoint?.ToString());

    /// <summary>
    /// Events published while the subscription was down are lost in both directions: this server's pages catch up,
    /// and the other servers are told to do the same.
    /// </summary>
    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        LogConnectionRestored(e.ConnectionType, e.EndPoint?.ToString());
        if (e.ConnectionType != ConnectionType.Subscription) return;
        ScheduleResume();
        _ = SendAsync(EventEnvelope.Write(instance.Id, new BusResumed()), nameof(BusResumed));
    }

    private void ScheduleResume()
    {
        if (Interlocked.Exchange(ref _resumeScheduled, 1) == 0) _ = ResumeLaterAsync();
    }

    private async Task ResumeLaterAsync()
    {
        await Task.Delay(ResumeWindow, time);
        Interlocked.Exchange(ref _resumeScheduled, 0);
        LogResumed();
        await local.PublishAsync(new BusResumed());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for other servers' events on Redis")]
    private partial void LogSubscribed();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not listen for other servers' events on Redis; trying again in {Seconds} s")]
    private partial void LogSubscribeFailed(Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis connection failed ({ConnectionType}, {FailureType}, {EndPoint}): this server's users still get their own server's live updates")]
    private partial void LogConnectionFailed(Exception? exception, ConnectionType connectionType, ConnectionFailureType failureType, string? endPoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection restored ({ConnectionType}, {EndPoint})")]
    private partial void LogConnectionRestored(ConnectionType connectionType, string? endPoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "The link between servers is back: pages read again what they show")]
    private partial void LogResumed();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{EventType} did not reach the other servers; later failures are logged at debug level until Redis takes events again")]
    private partial void LogNotSent(Exception exception, string eventType);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{EventType} did not reach the other servers")]
    private partial void LogStillNotSent(string eventType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis takes events again")]
    private partial void LogSendingAgain();

    [LoggerMessage(Level = LogLevel.Error, Message = "{EventType} is not listed in EventEnvelope.Crossing: it stays on this server")]
    private partial void LogNotCrossing(string eventType);

    [LoggerMessage(Level = LogLevel.Error, Message = "{EventType} could not be written for the other servers")]
    private partial void LogNotWritten(Exception exception, string eventType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A malformed message from another server was dropped")]
    private partial void LogMalformed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message of unknown type {EventType} from server {Origin} was dropped")]
    private partial void LogUnknownType(string eventType, string origin);
}
