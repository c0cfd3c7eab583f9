using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;

namespace PracticeCommunity.Tests.Rooms;

/// <summary>
/// Issue 3, a room's thread list: filters by kind, tag and "unanswered", paging through many threads newest activity
/// first, and the unread state. Each test uses a seeded room of its own, so the counts are exact.
/// </summary>
public sealed class ThreadListTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string PagingRoom = "criteria-food-waste";
    private const string FilterRoom = "criteria-packaging-reuse";
    private const string UnreadRoom = "criteria-mobility-sharing";
    private const string OtherRoom = "needs-existing-assets";

    private CommunityAppFactory App => fixture.App;

    private static async Task<JsonElement> ListAsync(CommunityMember member, string room, string query = "") =>
        await member.Http.GetJsonAsync($"/api/v1/rooms/{room}/threads{query}");

    private static List<long> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(t => t.Id()).ToList();

    [Fact]
    public async Task Sixty_threads_page_by_25_newest_activity_first()
    {
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        var started = new List<long>();
        for (var i = 1; i <= 60; i++)
        {
            started.Add((await buyer.StartThreadAsync(PagingRoom, $"Paging thread {i:00}", "Body")).ThreadId);
        }

        var page1 = await ListAsync(buyer, PagingRoom);
        var page2 = await ListAsync(buyer, PagingRoom, "?page=2");
        var page3 = await ListAsync(buyer, PagingRoom, "?page=3");

        Assert.Equal(25, Ids(page1).Count);
        Assert.Equal(25, Ids(page2).Count);
        Assert.Equal(10, Ids(page3).Count);
        Assert.Equal(60, page1.GetProperty("totalCount").GetInt32());
        Assert.Equal(3, page1.GetProperty("pageCount").GetInt32());
        Assert.Equal(3, page3.GetProperty("page").GetInt32());
        var newestFirst = Enumerable.Reverse(started).ToList();
        Assert.Equal(newestFirst, Ids(page1).Concat(Ids(page2)).Concat(Ids(page3)));
        Assert.Equal("Paging thread 60", page1.GetProperty("items")[0].Str("title"));
        Assert.Empty(Ids(await ListAsync(buyer, PagingRoom, "?page=4")));

        // A reply is activity: the oldest thread moves to the top.
        await buyer.ReplyAsync(started[0], "Bumping the first one");
        var after = Ids(await ListAsync(buyer, PagingRoom));
        Assert.Equal(started[0], after[0]);
        Assert.Equal(newestFirst.Take(24), after.Skip(1));
    }

    [Fact]
    public async Task Filters_by_kind_tag_and_unanswered()
    {
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        var (ictQuestion, _) = await buyer.StartThreadAsync(FilterRoom, "ICT question", tags: ["product:ict", "country:be"]);
        var (textileShare, _) = await buyer.StartThreadAsync(FilterRoom, "Textile share", kind: "PracticeShare", tags: ["product:textiles"]);
        var (answeredQuestion, _) = await buyer.StartThreadAsync(FilterRoom, "Answered question", tags: ["procedure:open"]);
        var (ictCase, _) = await buyer.StartThreadAsync(FilterRoom, "ICT case", kind: "CaseProposal", tags: ["Product:ICT"]);
        await supplier.ReplyAsync(answeredQuestion, "Here is how.");

        Assert.Equal([answeredQuestion, ictQuestion], Ids(await ListAsync(supplier, FilterRoom, "?kind=PracticeQuestion")));
        Assert.Equal([textileShare], Ids(await ListAsync(supplier, FilterRoom, "?kind=practiceshare")));
        Assert.Equal([ictCase, ictQuestion], Ids(await ListAsync(supplier, FilterRoom, "?tag=product:ict")));
        Assert.Equal([ictQuestion], Ids(await ListAsync(supplier, FilterRoom, "?tag=country:BE")));
        Assert.Equal([ictCase, textileShare, ictQuestion], Ids(await ListAsync(supplier, FilterRoom, "?unanswered=true")));
        Assert.Equal([ictQuestion], Ids(await ListAsync(supplier, FilterRoom, "?kind=PracticeQuestion&unanswered=true&tag=product:ict")));
        Assert.Empty(Ids(await ListAsync(supplier, FilterRoom, "?tag=product:spaceships")));

        var all = await ListAsync(supplier, FilterRoom);
        var row = all.GetProperty("items").EnumerateArray().Single(t => t.Id() == ictQuestion);
        Assert.Equal(["product:ict", "country:BE"], row.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(buyer.DisplayName, row.GetProperty("author").Str("displayName"));
        Assert.Equal(buyer.Organisation, row.GetProperty("author").Str("organisation"));
        var answered = all.GetProperty("items").EnumerateArray().Single(t => t.Id() == answeredQuestion);
        Assert.Equal(1, answered.GetProperty("replyCount").GetInt32());

        using var bogus = await supplier.Http.GetAsync($"/api/v1/rooms/{FilterRoom}/threads?kind=Bogus");
        var problem = await Problem.ReadAsync(bogus);
        problem.AssertIsBadRequestProblem();
        Assert.True(problem.Errors.ContainsKey("kind"));
    }

    [Fact]
    public async Task A_thread_is_unread_for_a_member_until_they_read_it_and_again_when_someone_else_posts()
    {
        using var author = await App.JoinAsAsync(Persona.Buyer);
        using var reader = await App.JoinAsAsync(Persona.Facilitator);
        var threads = App.Services.GetRequiredService<ThreadQueries>();
        var readerView = await App.ViewerOfAsync(reader.Id);
        var roomId = (await reader.RoomIdsAsync())[UnreadRoom];
        Assert.False((await threads.UnreadThreadsPerRoomAsync(readerView)).ContainsKey(roomId));

        var (threadId, _) = await author.StartThreadAsync(UnreadRoom, "Lease or share?");
        Assert.Equal(1, (await threads.UnreadThreadsPerRoomAsync(readerView))[roomId]);
        Assert.True(Row(await ListAsync(reader, UnreadRoom), threadId).GetProperty("hasUnread").GetBoolean());

        // The thread page marks what the member has seen (as it does when the page is open).
        var lastPost = (await reader.ThreadAsync(threadId)).Posts().Max(p => p.Id());
        await App.Services.GetRequiredService<ReadMarks>().MarkReadAsync(readerView, threadId, lastPost);
        Assert.False((await threads.UnreadThreadsPerRoomAsync(readerView)).ContainsKey(roomId));
        Assert.False(Row(await ListAsync(reader, UnreadRoom), threadId).GetProperty("hasUnread").GetBoolean());
        Assert.Equal(lastPost, (await reader.ThreadAsync(threadId)).GetProperty("lastReadPostId").GetInt64());

        await author.ReplyAsync(threadId, "Sharing, for pool cars.");
        Assert.Equal(1, (await threads.UnreadThreadsPerRoomAsync(readerView))[roomId]);
        Assert.True(Row(await ListAsync(reader, UnreadRoom), threadId).GetProperty("hasUnread").GetBoolean());
    }

    private static JsonElement Row(JsonElement page, long threadId) =>
        page.GetProperty("items").EnumerateArray().Single(t => t.Id() == threadId);

    [Fact]
    public async Task Unknown_rooms_and_threads_are_404()
    {
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        var (threadId, openingId) = await buyer.StartThreadAsync(OtherRoom, "Known thread");
        var paths = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Get, "/api/v1/rooms/no-such-room/threads"),
            (HttpMethod.Get, "/api/v1/rooms/999999/threads"),
            (HttpMethod.Get, "/api/v1/threads/999999999"),
            (HttpMethod.Get, $"/api/v1/threads/{threadId}/posts/999999999/revisions"),
            (HttpMethod.Get, $"/api/v1/threads/999999999/posts/{openingId}/revisions"),
            (HttpMethod.Post, "/api/v1/threads/999999999/posts/1/accept"),
            (HttpMethod.Post, $"/api/v1/threads/{threadId}/posts/999999999/accept"),
            (HttpMethod.Post, $"/api/v1/threads/{threadId}/posts/999999999/hide"),
            (HttpMethod.Delete, $"/api/v1/threads/{threadId}/posts/999999999/hide"),
            (HttpMethod.Get, "/api/v1/threads/999999999/subscription"),
            (HttpMethod.Get, "/api/v1/rooms/no-such-room/subscription"),
            (HttpMethod.Delete, $"/api/v1/threads/{threadId}/posts/999999999"),
            (HttpMethod.Get, "/api/v1/rooms/no-such-room/record.html"),
        };
        foreach (var (method, path) in paths)
        {
            using var response = await buyer.Http.SendAsync(new HttpRequestMessage(method, path));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
        }
        using (var reply = await buyer.Http.PostReplyAsync(999_999_999, "Into the void"))
        {
            Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
        }
        using (var start = await buyer.Http.PostThreadAsync("no-such-room", new { title = "T", body = "B", kind = "PracticeQuestion" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, start.StatusCode);
        }
        using (var edit = await buyer.Http.PutAsync($"/api/v1/threads/{threadId}/posts/999999999", System.Net.Http.Json.JsonContent.Create(new { body = "x" })))
        {
            Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        }
    }
}
