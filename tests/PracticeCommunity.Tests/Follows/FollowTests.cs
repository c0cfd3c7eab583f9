using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Follows;

/// <summary>Issue 8, follow and mute over the API: who hears of a new post, gathered per thread, never beyond their rooms.</summary>
public sealed class FollowTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private static async Task<JsonElement> SetAsync(CommunityMember member, string path, string level)
    {
        using var response = await member.Http.PutAsJsonAsync(path, new { level });
        await CommunitySteps.EnsureAsync(response, HttpStatusCode.OK, $"{member} setting {path} to {level}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<JsonElement> FollowThreadAsync(CommunityMember member, long threadId, string level = "Following") =>
        SetAsync(member, $"/api/v1/threads/{threadId}/subscription", level);

    private static Task<JsonElement> FollowRoomAsync(CommunityMember member, string room, string level = "Following") =>
        SetAsync(member, $"/api/v1/rooms/{room}/subscription", level);

    private static async Task<List<JsonElement>> NotificationsAboutAsync(CommunityMember member, long threadId) =>
        (await member.NotificationsAsync()).GetProperty("items").EnumerateArray().Where(n => n.GetProperty("threadId").GetInt64() == threadId).ToList();

    [Fact]
    public async Task A_followed_thread_brings_one_notification_that_gathers_its_new_posts_until_read()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var follower = await App.JoinAsAsync(Persona.Supplier);
        using var replier = await App.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom);

        var set = await FollowThreadAsync(follower, threadId);
        Assert.Equal(("Following", "Normal", "Following"), (set.Str("level"), set.Str("roomLevel"), set.Str("effective")));
        await replier.ReplyAsync(threadId, "First answer.");
        var second = await replier.ReplyAsync(threadId, "Second answer.");

        var gathered = Assert.Single(await NotificationsAboutAsync(follower, threadId));
        Assert.Equal("FollowedActivity", gathered.Str("kind"));
        Assert.Equal(second.Id(), gathered.GetProperty("postId").GetInt64());
        Assert.Equal(replier.DisplayName, gathered.Str("actorName"));
        Assert.Equal(1, (await follower.NotificationsAsync()).GetProperty("unread").GetInt32());

        // Once read, the next post is news again.
        using (var read = await follower.Http.PostAsync("/api/v1/notifications/read", null)) Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        await asker.ReplyAsync(threadId, "Thanks both.");
        var all = await NotificationsAboutAsync(follower, threadId);
        Assert.Equal(2, all.Count);
        Assert.False(all[0].GetProperty("isRead").GetBoolean());
        // The asker gets their own kind of notification, once per reply, and nothing for their own post.
        Assert.Equal(["AnswerToMyQuestion", "AnswerToMyQuestion"], (await NotificationsAboutAsync(asker, threadId)).Select(n => n.Str("kind")));

        await FollowThreadAsync(follower, threadId, "Normal");
        await replier.ReplyAsync(threadId, "A third answer.");
        Assert.Equal(2, (await NotificationsAboutAsync(follower, threadId)).Count);
    }

    [Fact]
    public async Task A_followed_room_notifies_of_new_threads_and_posts_except_in_threads_muted_there()
    {
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using var follower = await App.JoinAsAsync(Persona.Buyer);
        await FollowRoomAsync(follower, OpenRoom);

        var (fresh, _) = await buyer.StartThreadAsync(OpenRoom, "A new thread in a followed room");
        Assert.Equal("FollowedActivity", Assert.Single(await NotificationsAboutAsync(follower, fresh)).Str("kind"));

        var (quiet, _) = await buyer.StartThreadAsync(OpenRoom, "A thread the follower does not care for");
        using (var read = await follower.Http.PostAsync("/api/v1/notifications/read", null)) Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        var muted = await FollowThreadAsync(follower, quiet, "Muted");
        Assert.Equal(("Muted", "Following", "Muted"), (muted.Str("level"), muted.Str("roomLevel"), muted.Str("effective")));
        await buyer.ReplyAsync(quiet, "News nobody muted would get.");
        Assert.True(Assert.Single(await NotificationsAboutAsync(follower, quiet)).GetProperty("isRead").GetBoolean()); // only the one from its start

        // Another room is not followed.
        var (elsewhere, _) = await buyer.StartThreadAsync(BuyersOnlyRoom);
        Assert.Empty(await NotificationsAboutAsync(follower, elsewhere));

        var mine = await follower.Http.GetJsonAsync("/api/v1/me/subscriptions");
        Assert.Contains(mine.GetProperty("rooms").EnumerateArray(), r => r.Str("slug") == OpenRoom && r.Str("level") == "Following");
        Assert.Contains(mine.GetProperty("threads").EnumerateArray(), t => t.Id() == quiet && t.Str("level") == "Muted");
        await FollowRoomAsync(follower, OpenRoom, "Normal");
    }

    [Fact]
    public async Task A_member_gets_one_notification_per_post_the_most_personal_one()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var replier = await App.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom);
        await FollowThreadAsync(asker, threadId);

        // A reply to my question, in a thread I follow, that mentions me: one notification, the mention.
        await replier.ReplyAsync(threadId, $"@{asker.DisplayName} we did this last year.");

        Assert.Equal(["Mention"], (await NotificationsAboutAsync(asker, threadId)).Select(n => n.Str("kind")));
    }

    [Fact]
    public async Task Muting_my_own_thread_stops_replies_but_not_a_mention_of_me()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var replier = await App.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom);
        await FollowThreadAsync(asker, threadId, "Muted");

        await replier.ReplyAsync(threadId, "A reply the asker muted.");
        Assert.Empty(await NotificationsAboutAsync(asker, threadId));

        await replier.ReplyAsync(threadId, $"@[{asker.DisplayName}] but this one is for you.");
        Assert.Equal("Mention", Assert.Single(await NotificationsAboutAsync(asker, threadId)).Str("kind"));
    }

    [Fact]
    public async Task A_muted_room_leaves_the_home_page_and_a_followed_thread_joins_my_threads()
    {
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using var member = await App.JoinAsAsync(Persona.Buyer);
        var (muted, _) = await buyer.StartThreadAsync(BuyersOnlyRoom, Unique.Name("In a muted room"));
        var (followed, _) = await buyer.StartThreadAsync(OpenRoom, Unique.Name("Followed"));
        await FollowRoomAsync(member, BuyersOnlyRoom, "Muted");
        await FollowThreadAsync(member, followed);
        await buyer.ReplyAsync(followed, "News on a followed thread.");
        await buyer.ReplyAsync(muted, "News in a muted room.");

        var home = await member.Http.GetJsonAsync("/api/v1/me/home");

        var latest = home.GetProperty("latest").EnumerateArray().Select(t => t.Id()).ToList();
        Assert.DoesNotContain(muted, latest);
        Assert.Contains(followed, latest);
        Assert.Contains(followed, home.GetProperty("myThreadsWithNews").EnumerateArray().Select(t => t.Id()));
        Assert.DoesNotContain(home.GetProperty("roomsWithNews").EnumerateArray(), r => r.Str("slug") == BuyersOnlyRoom);
        Assert.Empty(await NotificationsAboutAsync(member, muted));
    }

    [Fact]
    public async Task A_supplier_cannot_follow_buyers_only_rooms_or_threads_and_hears_nothing_from_them()
    {
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        var (secret, _) = await buyer.StartThreadAsync(BuyersOnlyRoom, "Budget talk");

        foreach (var path in new[] { $"/api/v1/rooms/{BuyersOnlyRoom}/subscription", $"/api/v1/threads/{secret}/subscription" })
        {
            using var put = await supplier.Http.PutAsJsonAsync(path, new { level = "Following" });
            Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
            Assert.DoesNotContain("Budget", await put.Content.ReadAsStringAsync());
            using var get = await supplier.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }

        await buyer.ReplyAsync(secret, "More budget talk.");
        Assert.Empty(await NotificationsAboutAsync(supplier, secret));
        var mine = await supplier.Http.GetJsonAsync("/api/v1/me/subscriptions");
        Assert.Empty(mine.GetProperty("rooms").EnumerateArray());
        Assert.Empty(mine.GetProperty("threads").EnumerateArray());
    }

    [Theory]
    [InlineData("""{ "level": "Loud" }""")]
    [InlineData("""{ "level": "1" }""")]
    [InlineData("""{ "level": "" }""")]
    [InlineData("""{ "level": null }""")]
    [InlineData("""{}""")]
    [InlineData("""{ "level": "Following\u202E" }""")]
    public async Task An_unknown_level_is_a_400_on_level_and_changes_nothing(string json)
    {
        using var member = await App.JoinAsAsync(Persona.Buyer);
        await FollowRoomAsync(member, OpenRoom);

        using var response = await member.Http.PutAsync($"/api/v1/rooms/{OpenRoom}/subscription", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await Problem.ReadAsync(response);
        problem.AssertIsBadRequestProblem();
        Assert.Equal(["Choose a level: Following, Muted or Normal."], problem.Errors["level"]);
        Assert.Equal("Following", (await member.Http.GetJsonAsync($"/api/v1/rooms/{OpenRoom}/subscription")).Str("level"));
        await FollowRoomAsync(member, OpenRoom, "normal");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{ "level": 2 }""")]
    public async Task A_malformed_body_is_a_clean_400(string json)
    {
        using var member = await App.JoinAsAsync(Persona.Buyer);
        using var response = await member.Http.PutAsync($"/api/v1/rooms/{OpenRoom}/subscription", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Visitors_get_401()
    {
        using var anonymous = App.Anonymous();
        using var response = await anonymous.PutAsJsonAsync($"/api/v1/rooms/{OpenRoom}/subscription", new { level = "Following" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
