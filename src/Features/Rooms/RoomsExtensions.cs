namespace PracticeCommunity.Features.Rooms;

public static class RoomsExtensions
{
    public static IHostApplicationBuilder AddRooms(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RoomService>();
        builder.Services.AddSingleton<ThreadLookup>();
        builder.Services.AddSingleton<PostViews>();
        builder.Services.AddSingleton<ThreadQueries>();
        builder.Services.AddSingleton<PostCommands>();
        builder.Services.AddSingleton<AnswerCommands>();
        builder.Services.AddSingleton<ReadMarks>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReadMarks>());
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
