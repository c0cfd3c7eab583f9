using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using BackplaneOptions = Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions;

namespace PracticeCommunity.Features.Live.Redis;

internal static class RedisExtensions
{
    public static bool HasRedis(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{RedisOptions.SectionName}:{nameof(RedisOptions.Configuration)}"]);

    /// <summary>
    /// Several servers: one shared Redis connection, the Redis event bus in place of the in-process one, SignalR's
    /// Redis backplane on that same connection, and the "redis" readiness check.
    /// </summary>
    public static void AddRedis(this IServiceCollection services, ISignalRServerBuilder signalR)
    {
        services.AddOptions<RedisOptions>()
            .BindConfiguration(RedisOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => RedisConnection.IsValid(o.Configuration),
                "Redis:Configuration must be a StackExchange.Redis configuration string with at least one server, such as redis.internal:6379,password=…")
            .ValidateOnStart();
        services.AddSingleton(sp => RedisConnection.Connect(sp.GetRequiredService<IOptions<RedisOptions>>().Value, sp.GetRequiredService<ServerInstance>()));

        services.AddSingleton<RedisEventBus>();
        services.AddSingleton<IEventBus>(sp => sp.GetRequiredService<RedisEventBus>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisEventBus>());

        signalR.AddStackExchangeRedis();
        services.AddOptions<BackplaneOptions>().Configure<IServiceProvider, IOptions<RedisOptions>>((backplane, sp, redis) =>
        {
            backplane.ConnectionFactory = _ => Task.FromResult(sp.GetRequiredService<IConnectionMultiplexer>());
            // Only read when the backplane connects by itself; the shared connection carries the same prefix.
            backplane.Configuration.ChannelPrefix = RedisConnection.ChannelPrefix(redis.Value);
        });
        KeepCircuitsOffRedis(services);
        // The community hub's connections are this server's first, so that a Redis outage never keeps one out.
        services.AddSingleton<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisHubLifetimeManager<CommunityHub>>();
        services.AddSingleton<HubLifetimeManager<CommunityHub>, OutageTolerantHubLifetimeManager<CommunityHub>>();

        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, ["ready"]);
    }

    /// <summary>
    /// AddStackExchangeRedis gives every hub the Redis lifetime manager, Blazor's own circuit hub included, and a
    /// circuit then needs Redis to connect and to receive its renders (dotnet/aspnetcore#58971). A circuit lives on one
    /// server and talks to no other, so its hub keeps the in-memory manager.
    /// </summary>
    private static void KeepCircuitsOffRedis(IServiceCollection services)
    {
        var componentHub = typeof(Microsoft.AspNetCore.Components.Server.CircuitOptions).Assembly
            .GetType("Microsoft.AspNetCore.Components.Server.ComponentHub")
            ?? throw new InvalidOperationException("Blazor's ComponentHub was not found: with the Redis backplane, every page would depend on Redis.");
        services.AddSingleton(
            typeof(HubLifetimeManager<>).MakeGenericType(componentHub),
            typeof(DefaultHubLifetimeManager<>).MakeGenericType(componentHub));
    }
}
