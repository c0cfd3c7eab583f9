using PracticeCommunity.Data;
using PracticeCommunity.Features.Live.Redis;

namespace PracticeCommunity.Features.Live;

public static class LiveExtensions
{
    /// <summary>Room for a 20,000-character post (up to 4 bytes each in UTF-8) plus the JSON around it.</summary>
    public const long MaxHubMessageBytes = Limits.PostBody * 4 + 4096;

    /// <summary>
    /// One server: the in-process bus. Several servers (<c>Redis:Configuration</c> set): the Redis bus and backplane
    /// (<see cref="RedisExtensions.AddRedis"/>). Nothing else differs, because every server delivers every event to its
    /// own hub connections and circuits either way.
    /// </summary>
    public static IHostApplicationBuilder AddLive(this IHostApplicationBuilder builder)
    {
        var signalR = builder.Services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = MaxHubMessageBytes;
                Microsoft.AspNetCore.SignalR.HubOptionsExtensions.AddFilter<Security.HubCallLimit>(o);
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddSingleton<ServerInstance>();
        builder.Services.AddSingleton<InProcessEventBus>();
        if (builder.Configuration.HasRedis())
        {
            builder.Services.AddRedis(signalR);
        }
        else
        {
            builder.Services.AddSingleton<IEventBus>(sp => sp.GetRequiredService<InProcessEventBus>());
        }
        builder.Services.AddSingleton<PresenceTracker>();
        builder.Services.AddSingleton<HubConnections>();
        builder.Services.AddScoped<CircuitPresence>();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<CircuitPresence>());
        builder.Services.AddHostedService<HubEventForwarder>();
        builder.Services.AddHostedService<PresenceAnnouncer>();
        return builder;
    }

    public static WebApplication MapLive(this WebApplication app)
    {
        app.MapHub<CommunityHub>("/hubs/community");
        return app;
    }
}
