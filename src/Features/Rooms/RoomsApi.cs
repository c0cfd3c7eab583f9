using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Hosting;

namespace PracticeCommunity.Features.Rooms;

internal static class RoomsApi
{
    public static void MapRoomsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Rooms").RequireAuthorization();
        api.MapGet("/rooms", async (Viewer viewer, RoomService rooms, CancellationToken ct) =>
            TypedResults.Ok(await rooms.ListRoomsAsync(viewer, ct)))
            .WithName("ListRooms").WithSummary("Rooms the caller may see");

        api.MapGet("/rooms/{roomId}/threads", async (string roomId, int? page, string? kind, string? tag, bool? unanswered,
                Viewer viewer, ThreadQueries threads, CancellationToken ct) =>
            {
                var parsedKind = EnumNames.Parse<ThreadKind>(kind);
                if (!string.IsNullOrEmpty(kind) && parsedKind is null)
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = ["Unknown thread kind."] });
                }
                return (await threads.ListThreadsAsync(viewer, roomId, new ThreadFilter(parsedKind, tag, unanswered ?? false, page ?? 1), ct)).ToHttp();
            })
            .WithName("ListThreads").WithSummary("Threads in a room, newest activity first")
            .Produces<ThreadListPage>().ProducesValidationProblem();

        api.MapPost("/rooms/{roomId}/threads", async (string roomId, NewThreadInput input, Viewer viewer, PostCommands threads, CancellationToken ct) =>
            (await threads.CreateThreadAsync(viewer, roomId, input, ct))
                .ToHttp(created => TypedResults.Created($"/api/v1/threads/{created.Id}", created)))
            .WithName("CreateThread").WithSummary("Start a thread in a room")
            .Produces<CreatedThread>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/threads/{threadId:long}", async (long threadId, long? afterPostId, long? beforePostId, int? limit, Viewer viewer, ThreadQueries threads, CancellationToken ct) =>
            (await threads.GetThreadAsync(viewer, threadId, new PostWindow(afterPostId, beforePostId, limit ?? ThreadQueries.PostPageSize), ct)).ToHttp())
            .WithName("GetThread")
            .WithSummary("A thread with its newest posts (?limit=, at most 100), those before ?beforePostId=, or the tail after ?afterPostId=; hasEarlierPosts says whether older ones exist")
            .Produces<ThreadDetail>().ProducesValidationProblem();

        api.MapPost("/threads/{threadId:long}/posts", async (long threadId, NewPostInput input, Viewer viewer, PostCommands threads, CancellationToken ct) =>
            (await threads.CreatePostAsync(viewer, threadId, input, ct))
                .ToHttp(post => TypedResults.Created($"/api/v1/threads/{threadId}#post-{post.Id}", post)))
            .WithName("CreatePost").WithSummary("Reply in a thread")
            .Produces<CreatedPost>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPut("/threads/{threadId:long}/posts/{postId:long}", async (long threadId, long postId, EditPostInput input, Viewer viewer, PostCommands threads, CancellationToken ct) =>
            (await threads.EditPostAsync(viewer, threadId, postId, input, ct)).ToHttp())
            .WithName("EditPost").WithSummary("Edit your own post (earlier versions are kept)")
            .Produces<PostView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapDelete("/threads/{threadId:long}/posts/{postId:long}", async (long threadId, long postId, Viewer viewer, PostCommands threads, CancellationToken ct) =>
            (await threads.DeletePostAsync(viewer, threadId, postId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("DeletePost").WithSummary("Delete your own post (it stays as deleted)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/threads/{threadId:long}/posts/{postId:long}/revisions", async (long threadId, long postId, Viewer viewer, ThreadQueries threads, CancellationToken ct) =>
            (await threads.GetRevisionsAsync(viewer, threadId, postId, ct)).ToHttp())
            .WithName("GetPostRevisions").WithSummary("Earlier versions of an edited post")
            .Produces<IReadOnlyList<PostRevisionView>>();

        api.MapPost("/threads/{threadId:long}/posts/{postId:long}/accept", async (long threadId, long postId, Viewer viewer, AnswerCommands threads, CancellationToken ct) =>
            (await threads.AcceptAnswerAsync(viewer, threadId, postId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("AcceptAnswer").WithSummary("The asker accepts an answer")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapDelete("/threads/{threadId:long}/posts/{postId:long}/accept", async (long threadId, long postId, Viewer viewer, AnswerCommands threads, CancellationToken ct) =>
            (await threads.UnacceptAnswerAsync(viewer, threadId, postId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("UnacceptAnswer").WithSummary("The asker withdraws their acceptance of an answer")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("/threads/{threadId:long}/posts/{postId:long}/validate", async (long threadId, long postId, [FromBody] ValidateInput? input, Viewer viewer, AnswerCommands threads, CancellationToken ct) =>
            (await threads.ValidateAnswerAsync(viewer, threadId, postId, input?.Applied ?? false, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("ValidateAnswer").WithSummary("Mark an answer buyer-validated (moderators, or buyers who applied it)")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/threads/{threadId:long}/posts/{postId:long}/hide", async (long threadId, long postId, [FromBody] HidePostInput? input, Viewer viewer, PostCommands threads, CancellationToken ct) =>
            (await threads.HidePostAsync(viewer, threadId, postId, input ?? new HidePostInput(), ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("HidePost").WithSummary("A moderator hides a post, with a reason its author sees")
            .WithDescription("Body: { reason } (1 to 500 characters). The author and moderators still see the post, marked hidden; everyone else sees that a moderator hid it.")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapDelete("/threads/{threadId:long}/posts/{postId:long}/hide", async (long threadId, long postId, Viewer viewer, PostCommands threads, CancellationToken ct) =>
            (await threads.RestorePostAsync(viewer, threadId, postId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("RestorePost").WithSummary("A moderator takes a hide back")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/threads/{threadId:long}/mentions", async (long threadId, string? prefix, Viewer viewer, ThreadQueries threads, CancellationToken ct) =>
            TypedResults.Ok(await threads.SuggestMentionsAsync(viewer, threadId, prefix ?? "", ct)))
            .WithName("SuggestMentions").WithSummary("Members who may see the thread, by display-name prefix");
    }

    /// <summary>The market-dialogue record as one HTML file (also linked from the room page).</summary>
    public static void MapMarketDialogueRecord(this IEndpointRouteBuilder app)
    {
        static async Task<IResult> ExportAsync(string roomId, Viewer viewer, MarketDialogueRecord record, CancellationToken ct) =>
            (await record.ExportAsync(viewer, roomId, ct))
                .ToHttp(file => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(file.Html), "text/html; charset=utf-8", file.FileName));
        app.MapGet("/api/v1/rooms/{roomId}/record.html", ExportAsync).WithTags("Rooms").WithName("ExportMarketDialogueRecord").RequireAuthorization()
            .WithSummary("The market-dialogue record of a room as one HTML file (buyers and moderators)")
            .Produces(StatusCodes.Status200OK, contentType: "text/html").ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/rooms/{roomId}/record.html", ExportAsync).ExcludeFromDescription().RequireAuthorization();
    }

    internal sealed record ValidateInput(bool Applied);
}
