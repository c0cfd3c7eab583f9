using System.Net;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Cases;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Moderation;

/// <summary>Issue 12: moderators rename, lock, pin, move and merge threads; every change is audited.</summary>
public sealed class ThreadToolsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private static Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> ChangeAsync(CommunityMember member, long threadId, object body) =>
        member.SendAsync(HttpMethod.Put, $"/api/v1/moderation/threads/{threadId}", body);

    [Fact]
    public async Task Moderators_lock_pin_rename_and_move_threads_and_members_cannot()
    {
        using var author = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var (threadId, _) = await author.StartThreadAsync(OpenRoom);
        await author.StartThreadAsync(OpenRoom); // a newer thread, which the pinned one must precede

        Assert.Equal(HttpStatusCode.Forbidden, (await ChangeAsync(author, threadId, new { locked = true })).Status);

        Assert.Equal(HttpStatusCode.OK, (await ChangeAsync(moderator, threadId, new { locked = true })).Status);
        var (refused, problem) = await author.SendAsync(HttpMethod.Post, $"/api/v1/threads/{threadId}/posts", new { body = "One more thing." });
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Contains("locked", problem.Str("detail"));
        Assert.Equal(HttpStatusCode.OK, (await ChangeAsync(moderator, threadId, new { locked = false })).Status);
        await author.ReplyAsync(threadId, "One more thing, now that it is open again.");

        Assert.Equal(HttpStatusCode.OK, (await ChangeAsync(moderator, threadId, new { pinned = true })).Status);
        var list = await author.Http.GetJsonAsync($"/api/v1/rooms/{OpenRoom}/threads");
        var first = list.GetProperty("items")[0];
        Assert.Equal(threadId, first.Id());
        Assert.True(first.GetProperty("isPinned").GetBoolean());

        var (badTitle, titleProblem) = await ChangeAsync(moderator, threadId, new { title = "Reuse \u202Efdp.exe" });
        Assert.Equal(HttpStatusCode.BadRequest, badTitle);
        Assert.Contains("title", titleProblem.ErrorFields());
        Assert.Equal(HttpStatusCode.BadRequest, (await ChangeAsync(moderator, threadId, new { title = " " })).Status);
        Assert.Equal(HttpStatusCode.OK, (await ChangeAsync(moderator, threadId, new { title = "Renamed by the moderator" })).Status);
        Assert.Equal("Renamed by the moderator", (await author.ThreadAsync(threadId)).Str("title"));

        Assert.Equal(HttpStatusCode.BadRequest, (await ChangeAsync(moderator, threadId, new { room = "no-such-room" })).Status);
        // Posts written for everyone are not moved in front of buyers only, nor the other way.
        var (across, acrossProblem) = await ChangeAsync(moderator, threadId, new { room = BuyersOnlyRoom });
        Assert.Equal(HttpStatusCode.BadRequest, across);
        Assert.Contains("room", acrossProblem.ErrorFields());
        var otherRoom = (await moderator.Http.GetJsonAsync("/api/v1/rooms")).EnumerateArray()
            .First(r => r.Str("audience") == "Open" && r.Str("slug") != OpenRoom).Str("slug");
        Assert.Equal(HttpStatusCode.OK, (await ChangeAsync(moderator, threadId, new { room = otherRoom })).Status);
        Assert.Equal(otherRoom, (await author.ThreadAsync(threadId)).GetProperty("room").Str("slug"));

        var audit = (await moderator.Http.GetJsonAsync($"/api/v1/moderation/audit?action=thread")).EnumerateArray()
            .Where(e => e.Str("targetId") == threadId.ToString()).Select(e => e.Str("action")).ToList();
        Assert.Equal(["thread.move", "thread.rename", "thread.pin", "thread.unlock", "thread.lock"], audit);
    }

    [Fact]
    public async Task Merging_a_duplicate_moves_its_posts_and_its_address_leads_to_the_other_thread()
    {
        using var author = await App.JoinAsAsync(Persona.Buyer);
        using var other = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var (original, _) = await author.StartThreadAsync(OpenRoom, body: "Who leases desks?");
        var (duplicate, duplicateOpening) = await other.StartThreadAsync(OpenRoom, body: "Anyone leasing desks?");
        var reply = (await author.ReplyAsync(duplicate, "We do, in Gent.")).Id();
        var (accepted, _) = await other.SendAsync(HttpMethod.Post, $"/api/v1/threads/{duplicate}/posts/{reply}/accept");
        Assert.True(accepted is HttpStatusCode.NoContent or HttpStatusCode.OK, $"accept: {(int)accepted}");
        using var follower = await App.JoinAsAsync(Persona.Supplier);
        var (followed, _) = await follower.SendAsync(HttpMethod.Put, $"/api/v1/threads/{duplicate}/subscription", new { level = "Following" });
        Assert.True(followed is HttpStatusCode.NoContent or HttpStatusCode.OK, $"follow: {(int)followed}");
        var (secret, _) = await author.StartThreadAsync(BuyersOnlyRoom);

        Assert.Equal(HttpStatusCode.Forbidden, (await author.SendAsync(HttpMethod.Post, $"/api/v1/moderation/threads/{duplicate}/merge", new { intoThreadId = original })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await moderator.SendAsync(HttpMethod.Post, $"/api/v1/moderation/threads/{duplicate}/merge", new { intoThreadId = duplicate })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await moderator.SendAsync(HttpMethod.Post, $"/api/v1/moderation/threads/{duplicate}/merge", new { intoThreadId = secret })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await moderator.SendAsync(HttpMethod.Post, $"/api/v1/moderation/threads/{duplicate}/merge", new { intoThreadId = 999_999_999 })).Status);

        Assert.Equal(HttpStatusCode.OK, (await moderator.SendAsync(HttpMethod.Post, $"/api/v1/moderation/threads/{duplicate}/merge", new { intoThreadId = original })).Status);
        var merged = await other.ThreadAsync(original);
        var ids = merged.Posts().Select(p => p.Id()).ToList();
        Assert.Contains(duplicateOpening, ids);
        Assert.Contains(reply, ids);
        Assert.Equal(2, merged.GetProperty("replyCount").GetInt32());
        // The duplicate's accepted answer and its followers came along.
        Assert.Equal(reply, merged.GetProperty("acceptedPostId").GetInt64());
        Assert.Contains("Following", (await follower.Http.GetStringAsync($"/api/v1/threads/{original}/subscription")));
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Get, $"/api/v1/threads/{duplicate}")).Status);
        using var page = await other.Http.GetAsync($"/threads/{duplicate}");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.EndsWith($"/threads/{original}", page.Headers.Location?.ToString());
    }
}
