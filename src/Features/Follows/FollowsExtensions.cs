using Microsoft.AspNetCore.Mvc;

namespace PracticeCommunity.Features.Follows;

public static class FollowsExtensions
{
    public static IHostApplicationBuilder AddFollows(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FollowService>();
        return builder;
    }

    public static WebApplication MapFollows(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Follows").RequireAuthorization();

        api.MapGet("/rooms/{roomId}/subscription", async (string roomId, Viewer viewer, FollowService follows, CancellationToken ct) =>
                (await follows.GetRoomAsync(viewer, roomId, ct)).ToHttp())
            .WithName("GetRoomSubscription").WithSummary("Whether the caller follows or muted a room")
            .Produces<SubscriptionView>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/rooms/{roomId}/subscription", async (string roomId, [FromBody] SubscriptionInput? input, Viewer viewer, FollowService follows, CancellationToken ct) =>
                (await follows.SetRoomAsync(viewer, roomId, input ?? new SubscriptionInput(), ct)).ToHttp())
            .WithName("SetRoomSubscription").WithSummary("Follow, mute or go back to normal for a room")
            .WithDescription("Body: { level: \"Following\" | \"Muted\" | \"Normal\" }. Following a room notifies the caller of every new post in it " +
                "(one notification per thread until read); muting it stops everything but direct @mentions. A thread's own level wins over its room's.")
            .Produces<SubscriptionView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/threads/{threadId:long}/subscription", async (long threadId, Viewer viewer, FollowService follows, CancellationToken ct) =>
                (await follows.GetThreadAsync(viewer, threadId, ct)).ToHttp())
            .WithName("GetThreadSubscription").WithSummary("Whether the caller follows or muted a thread, and its room")
            .Produces<SubscriptionView>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/threads/{threadId:long}/subscription", async (long threadId, [FromBody] SubscriptionInput? input, Viewer viewer, FollowService follows, CancellationToken ct) =>
                (await follows.SetThreadAsync(viewer, threadId, input ?? new SubscriptionInput(), ct)).ToHttp())
            .WithName("SetThreadSubscription").WithSummary("Follow, mute or go back to normal for a thread")
            .WithDescription("Body: { level: \"Following\" | \"Muted\" | \"Normal\" }.")
            .Produces<SubscriptionView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/me/subscriptions", async (Viewer viewer, FollowService follows, CancellationToken ct) => TypedResults.Ok(await follows.ListAsync(viewer, ct)))
            .WithName("ListMySubscriptions").WithSummary("The rooms and threads the caller follows or muted");
        return app;
    }
}
