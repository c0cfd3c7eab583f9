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
        api.MapGet("/rooms", async (ClaimsPrincipal user, MemberService members, RoomService rooms, CancellationToken ct) =>
            TypedResults.Ok(await rooms.ListRoomsAsync(await members.GetViewerAsync(user, ct), ct)))
            .WithName("ListRooms").WithSummary("Rooms the caller may see");

        api.MapGet("/rooms/{roomId}/threads", async (string roomId, int? page, string? kind, string? tag, bool? unanswered,
                ClaimsPrincipal user, MemberService members, ThreadService threads, CancellationToken ct) =>
            {
                var parsedKind = EnumNames.Parse<ThreadKind>(kind);
                if (!string.IsNullOrEmpty(kind) && parsedKind is null)
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = ["Unknown thread kind."] });
                }
                var viewer = await members.GetViewerAsync(user, ct);
                return (await threads.ListThreadsAsync(viewer, roomId, new ThreadFilter(parsedKind, tag, unanswered ?? false, page ?? 1), ct)).ToHttp();
            })
            .WithName("ListThreads").WithSummary("Threads in a room, newest activity first");

        api.MapPost("/rooms/{roomId}/threads", async (string roomId, NewThreadInput input, ClaimsPrincipal user, MemberService members, ThreadService threads, CancellationToken ct) =>
            (await threads.CreateThreadAsync(await members.GetViewerAsync(user, ct), roomId, input, ct))
                .ToHttp(created => TypedResults.Created($"/api/v1/threads/{created.Id}", created)))
            .WithName("CreateThread");

        api.MapGet("/threads/{threadId:long}", async (long threadId, long? afterPostId, long? beforePostId, ClaimsPrincipal user, MemberService members, ThreadService threads, CancellationToken ct) =>
            (await threads.GetThreadAsync(await members.GetViewerAsync(user, ct), threadId, afterPostId, beforePostId, ct)).ToHttp())
            .WithName("GetThread").WithSummary("A thread with its posts; ?afterPostId= for the tail");

        api.MapPost("/threads/{threadId:long}/posts", async (long threadId, NewPostInput input, ClaimsPrincipal user, MemberService members, ThreadService threads, CancellationToken ct) =>
            (await threads.CreatePostAsync(await members.GetViewerAsync(user, ct), threadId, input, ct))
                .ToHttp(post => TypedResults.Created($"/api/v1/threads/{threadId}#post-{post.Id}", post)))
            .WithName("CreatePost");

        api.MapPut("/threads/{threadId:long}/posts/{postId:long}", async (long threadId, long postId, EditPostInput input, ClaimsPrincipal user, MemberService members, ThreadService threads, CancellationToken ct) =>
            (await threads.EditPostAsync(await members.GetViewerAsync(user, ct), threadId, postId, input, ct)).ToHttp())
            .WithName("EditPost");

        api.MapDelete("/threads/{threadId:long}/posts/{postId:long}", async (long threadId, long postId, ClaimsPrincipal user, MemberService members, ThreadService threads, CancellationToken ct) =>
            (await threads.DeletePostAsync(await members.GetViewerAsync(user, ct), threadId, postId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("DeletePost");

        api.MapGet("/threads/{threadId:long}/posts/{postId:long}/revisions", async (long threadId, long postId, ClaimsPrincipal user, MemberService members, ThreadService threads, CancellationToken ct) =>
            (await threads.GetRevisionsAsync(await members.GetViewerAsync(user, ct), threadId, postId, ct)).ToHttp())
            .WithName("GetPostRevisions").WithSummary("Earlier versions of an edited post");

        api.MapPost("/threads/{threadId:long}/posts/{postId:long}/accept", async (long threadId, long postId, ClaimsPrincipal user, MemberService members, ThreadService threads, CancellationToken ct) =>
            (await threads.AcceptAnswerAsync(await members.GetViewerAsync(user, ct), threadId, postId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("AcceptAnswer").WithSummary("The asker accepts an answer");

        api.MapPost("/threads/{threadId:long}/posts/{postId:long}/validate", async (long threadId, long postId, [FromBody] ValidateInput? input, ClaimsPrincipal user, MemberService members, ThreadService threads, CancellationToken ct) =>
            (await threads.ValidateAnswerAsync(await members.GetViewerAsync(user, ct), threadId, postId, input?.Applied ?? false, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("ValidateAnswer").WithSummary("Mark an answer buyer-validated (moderators, or buyers who applied it)");

        api.MapPost("/threads/{threadId:long}/posts/{postId:long}/hide", async (long threadId, long postId, ClaimsPrincipal user, MemberService members, ThreadService threads, CancellationToken ct) =>
            (await threads.HidePostAsync(await members.GetViewerAsync(user, ct), threadId, postId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("HidePost").WithSummary("A moderator hides a post");

        api.MapGet("/threads/{threadId:long}/mentions", async (long threadId, string? prefix, ClaimsPrincipal user, MemberService members, ThreadService threads, CancellationToken ct) =>
            TypedResults.Ok(await threads.SuggestMentionsAsync(await members.GetViewerAsync(user, ct), threadId, prefix ?? "", ct)))
            .WithName("SuggestMentions").WithSummary("Members who may see the thread, by display-name prefix");
    }

    /// <summary>The market-dialogue record as one HTML file (also linked from the room page).</summary>
    public static void MapMarketDialogueRecord(this IEndpointRouteBuilder app)
    {
        static async Task<IResult> ExportAsync(string roomId, ClaimsPrincipal user, MemberService members, MarketDialogueRecord record, CancellationToken ct) =>
            (await record.ExportAsync(await members.GetViewerAsync(user, ct), roomId, ct))
                .ToHttp(file => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(file.Html), "text/html; charset=utf-8", file.FileName));
        app.MapGet("/api/v1/rooms/{roomId}/record.html", ExportAsync).WithTags("Rooms").WithName("ExportMarketDialogueRecord").RequireAuthorization();
        app.MapGet("/rooms/{roomId}/record.html", ExportAsync).ExcludeFromDescription().RequireAuthorization();
    }

    internal sealed record ValidateInput(bool Applied);
}
