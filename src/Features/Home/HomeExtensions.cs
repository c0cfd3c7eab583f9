namespace PracticeCommunity.Features.Home;

public static class HomeExtensions
{
    public static IHostApplicationBuilder AddHome(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HomeService>();
        return builder;
    }

    public static WebApplication MapHome(this WebApplication app)
    {
        app.MapGroup("/api/v1/me").WithTags("Home").RequireAuthorization()
            .MapGet("/home", async (Viewer viewer, HomeService home, CancellationToken ct) => TypedResults.Ok(await home.GetMemberHomeAsync(viewer, ct)))
            .WithName("GetMemberHome")
            .WithSummary("The caller's home: unanswered questions in their product groups, news on their own threads, unread mentions, the latest threads and rooms with unread threads");
        return app;
    }
}
