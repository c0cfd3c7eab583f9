namespace PracticeCommunity.Features.Rooms;

public static class RoomsExtensions
{
    public static IHostApplicationBuilder AddRooms(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RoomService>();
        builder.Services.AddSingleton<ThreadService>();
        builder.Services.AddSingleton<MarketDialogueRecord>();
        builder.Services.AddSingleton<Markdown.MarkdownRenderer>();
        return builder;
    }

    public static WebApplication MapRooms(this WebApplication app)
    {
        app.MapRoomsApi();
        app.MapMarketDialogueRecord();
        return app;
    }
}
