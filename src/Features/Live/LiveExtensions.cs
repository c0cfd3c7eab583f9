using PracticeCommunity.Data;

namespace PracticeCommunity.Features.Live;

public static class LiveExtensions
{
    /// <summary>Room for a 20,000-character post (up to 4 bytes each in UTF-8) plus the JSON around it.</summary>
    public const long MaxHubMessageBytes = Limits.PostBody * 4 + 4096;

    public static IHostApplicationBuilder AddLive(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = MaxHubMessageBytes;
                Microsoft.AspNetCore.SignalR.HubOptionsExtensions.AddFilter<Security.HubCallLimit>(o);
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddSingleton<IEventBus, InProcessEventBus>();
        builder.Services.AddSingleton<PresenceTracker>();
        builder.Services.AddSingleton<HubConnections>();
        builder.Services.AddScoped<CircuitPresence>();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<CircuitPresence>());
        builder.Services.AddHostedService<HubEventForwarder>();
        return builder;
    }

    public static WebApplication MapLive(this WebApplication app)
    {
        app.MapHub<CommunityHub>("/hubs/community");
        return app;
    }
}
