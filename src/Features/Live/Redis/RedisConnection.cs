using StackExchange.Redis;

namespace PracticeCommunity.Features.Live.Redis;

/// <summary>
/// The one connection to Redis that the event bus, SignalR's backplane and the health check share. It never stops the
/// app: with Redis down at start it connects later by itself (<c>AbortOnConnectFail = false</c>), after a short wait.
/// </summary>
internal static class RedisConnection
{
    /// <summary>How long start-up waits for Redis before going on without it, unless the configuration says otherwise.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// "{prefix}:" before every channel of this connection: the bus's "events", and all of SignalR's, since the
    /// backplane is handed this connection and does not make its own.
    /// </summary>
    public static RedisChannel ChannelPrefix(RedisOptions options) => RedisChannel.Literal(options.ChannelPrefix + ":");

    public static bool IsValid(string? configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration)) return false;
        try
        {
            return ConfigurationOptions.Parse(configuration).EndPoints.Count > 0;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException)
        {
            return false;
        }
    }

    public static IConnectionMultiplexer Connect(RedisOptions options, ServerInstance instance)
    {
        var configuration = ConfigurationOptions.Parse(options.Configuration!);
        configuration.AbortOnConnectFail = false;
        if (!options.Configuration!.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
        {
            configuration.ConnectTimeout = (int)ConnectTimeout.TotalMilliseconds;
        }
        configuration.ClientName = $"{options.ChannelPrefix}:{instance.Id}";
        configuration.ChannelPrefix = ChannelPrefix(options);
        return ConnectionMultiplexer.Connect(configuration);
    }
}
