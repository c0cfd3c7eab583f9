using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Rooms;

/// <summary>
/// A long thread is read from its end in windows (issue 6: a page keeps only what it shows): the newest posts, then
/// older ones on request, with the question and the accepted answer always on top of a page.
/// </summary>
public sealed class ThreadWindowTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private async Task<(CommunityMember Asker, long ThreadId, long OpeningId, List<long> Replies)> LongQuestionAsync(int replies)
    {
        var asker = await App.JoinAsAsync(Persona.Buyer);
        using var answerer = await App.JoinAsAsync(Persona.Buyer);
        var (threadId, openingId) = await asker.StartThreadAsync(OpenRoom, kind: "PracticeQuestion");
        var ids = new List<long>();
        for (var i = 0; i < replies; i++) ids.Add((await answerer.ReplyAsync(threadId, $"Reply {i}")).Id());
        return (asker, threadId, openingId, ids);
    }

    [Fact]
    public async Task The_api_pages_back_through_a_thread_with_limit_and_beforePostId_and_says_when_nothing_older_is_left()
    {
        var (asker, threadId, openingId, replies) = await LongQuestionAsync(30);
        using var _ = asker;

        var newest = await asker.Http.GetJsonAsync($"/api/v1/threads/{threadId}?limit=20");
        Assert.Equal(replies[10..], newest.Posts().Select(p => p.Id()));
        Assert.True(newest.GetProperty("hasEarlierPosts").GetBoolean());

        var older = await asker.Http.GetJsonAsync($"/api/v1/threads/{threadId}?limit=20&beforePostId={replies[10]}");
        Assert.Equal([openingId, .. replies[..10]], older.Posts().Select(p => p.Id()));
        Assert.False(older.GetProperty("hasEarlierPosts").GetBoolean());

        var whole = await asker.ThreadAsync(threadId);
        Assert.Equal(31, whole.Posts().Count);
        Assert.False(whole.GetProperty("hasEarlierPosts").GetBoolean());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-3")]
    [InlineData("abc")]
    [InlineData("99999999999999999999")]
    [InlineData("%E2%80%8B5")]
    public async Task A_limit_outside_1_to_100_is_refused_and_names_the_field(string limit)
    {
        using var reader = await App.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await reader.StartThreadAsync(OpenRoom);

        using var response = await reader.Http.GetAsync($"/api/v1/threads/{threadId}?limit={limit}");

        var problem = await Problem.ReadAsync(response);
        problem.AssertIsBadRequestProblem();
        Assert.True(problem.Errors.ContainsKey("limit"), $"errors: {string.Join(", ", problem.Errors.Keys)}");
    }

    [Fact]
    public async Task A_page_window_brings_the_question_and_the_accepted_answer_however_far_back_they_are()
    {
        var (asker, threadId, openingId, replies) = await LongQuestionAsync(45);
        using var _ = asker;
        using (var accepted = await asker.Http.PostAsync($"/api/v1/threads/{threadId}/posts/{replies[2]}/accept", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        }
        var threads = App.Services.GetRequiredService<ThreadQueries>();
        var viewer = await App.ViewerOfAsync(asker.Id);

        var first = (await threads.GetThreadAsync(viewer, threadId, new PostWindow(Take: 20, WithOpeningAndAccepted: true))).Value!;
        Assert.Equal([openingId, replies[2], .. replies[25..]], first.Posts.Select(p => p.Id));
        Assert.True(first.HasEarlierPosts);

        var second = (await threads.GetThreadAsync(viewer, threadId, new PostWindow(BeforePostId: replies[25], Take: 20, WithOpeningAndAccepted: true))).Value!;
        Assert.Equal([openingId, replies[2], .. replies[5..25]], second.Posts.Select(p => p.Id));
        Assert.True(second.HasEarlierPosts);

        // Only the question and the accepted answer are older than the last window: nothing earlier is left to load.
        var last = (await threads.GetThreadAsync(viewer, threadId, new PostWindow(BeforePostId: replies[5], Take: 20, WithOpeningAndAccepted: true))).Value!;
        Assert.Equal([openingId, replies[2], replies[0], replies[1], replies[3], replies[4]], last.Posts.Select(p => p.Id));
        Assert.False(last.HasEarlierPosts);
    }

    [Fact]
    public async Task Paging_a_buyers_only_thread_shows_a_supplier_nothing_whatever_the_window()
    {
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        var (threadId, openingId) = await buyer.StartThreadAsync(BuyersOnlyRoom);
        var reply = await buyer.ReplyAsync(threadId, "Between buyers only: 212 euro per desk.");

        foreach (var query in new[] { "?limit=1", $"?beforePostId={reply.Id()}&limit=5", $"?afterPostId={openingId - 1}" })
        {
            using var response = await supplier.Http.GetAsync($"/api/v1/threads/{threadId}{query}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("212 euro", await response.Content.ReadAsStringAsync());
        }
        // Nor can they touch its answers: the thread does not exist for them.
        using var withdraw = await supplier.Http.DeleteAsync($"/api/v1/threads/{threadId}/posts/{reply.Id()}/accept");
        Assert.Equal(HttpStatusCode.NotFound, withdraw.StatusCode);
    }
}
