using System.Net;
using System.Text.Json;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Cases;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Moderation;

/// <summary>Issue 12: members flag posts, threads and cases; three members hide it until reviewed; moderators agree or disagree.</summary>
public sealed class FlagTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private static Task<(HttpStatusCode Status, JsonElement Body)> FlagAsync(CommunityMember member, string type, long id, string reason = "Spam", string? text = null) =>
        member.SendAsync(HttpMethod.Post, "/api/v1/flags", new { targetType = type, targetId = id, reason, text });

    private static async Task<JsonElement?> QueuedAsync(CommunityMember moderator, string type, long id) =>
        (await moderator.Http.GetJsonAsync("/api/v1/moderation/flags")).EnumerateArray()
            .Where(i => i.Str("targetType") == type && i.GetProperty("targetId").GetInt64() == id).Select(i => (JsonElement?)i).FirstOrDefault();

    [Fact]
    public async Task Three_members_flagging_a_post_hide_it_until_a_moderator_agrees_with_a_reason_the_author_reads()
    {
        using var author = await App.JoinAsAsync(Persona.Supplier);
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var flaggers = new List<CommunityMember>();
        for (var i = 0; i < 3; i++) flaggers.Add(await App.JoinAsAsync(Persona.Buyer));
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom);
        var postId = (await author.ReplyAsync(threadId, "Buy our desks, 20% off this week only!")).Id();

        var (first, created) = await FlagAsync(flaggers[0], "Post", postId, "SalesPitch");
        Assert.Equal(HttpStatusCode.Created, first);
        Assert.False(created.GetProperty("targetHidden").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await FlagAsync(flaggers[0], "Post", postId, "Spam")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await FlagAsync(author, "Post", postId)).Status);
        await FlagAsync(flaggers[1], "Post", postId, "Spam");
        Assert.False((await asker.ThreadAsync(threadId)).Post(postId).GetProperty("isHidden").GetBoolean());
        var (third, hidden) = await FlagAsync(flaggers[2], "Post", postId, "Other", "Advertising in a practice question.");
        Assert.Equal(HttpStatusCode.Created, third);
        Assert.True(hidden.GetProperty("targetHidden").GetBoolean());
        Assert.True((await asker.ThreadAsync(threadId)).Post(postId).GetProperty("isHidden").GetBoolean());

        // The queue shows it first-hand: who flagged, why, and that it is hidden.
        var item = await QueuedAsync(moderator, "Post", postId) ?? throw new Xunit.Sdk.XunitException("not in the queue");
        Assert.Equal(3, item.GetProperty("reporters").GetInt32());
        Assert.True(item.GetProperty("hidden").GetBoolean());
        Assert.Contains("Buy our desks", item.Str("excerpt"));
        Assert.Equal(["Other", "Spam", "SalesPitch"], item.GetProperty("reasons").EnumerateArray().Select(r => r.Str("reason")));

        Assert.Equal(HttpStatusCode.Forbidden, (await asker.SendAsync(HttpMethod.Get, "/api/v1/moderation/flags")).Status);
        var flagId = item.GetProperty("flagId").GetInt64();
        Assert.Equal(HttpStatusCode.Forbidden, (await asker.SendAsync(HttpMethod.Post, $"/api/v1/moderation/flags/{flagId}/agree", new { reason = "x" })).Status);
        var (noReason, problem) = await moderator.SendAsync(HttpMethod.Post, $"/api/v1/moderation/flags/{flagId}/agree", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason);
        Assert.Contains("reason", problem.ErrorFields());
        Assert.Equal(HttpStatusCode.NoContent, (await moderator.SendAsync(HttpMethod.Post, $"/api/v1/moderation/flags/{flagId}/agree", new { reason = "Offers belong in market-dialogue rooms." })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await moderator.SendAsync(HttpMethod.Post, $"/api/v1/moderation/flags/{flagId}/disagree")).Status);
        Assert.Null(await QueuedAsync(moderator, "Post", postId));

        // The author reads the moderator's reason; the others see only that it is hidden.
        Assert.Equal("Offers belong in market-dialogue rooms.", (await author.ThreadAsync(threadId)).Post(postId).Str("hiddenReason"));
        var audit = (await moderator.Http.GetJsonAsync($"/api/v1/moderation/audit?action=flag")).EnumerateArray();
        Assert.Contains(audit, e => e.Str("action") == "flag.agree" && e.Str("targetId") == postId.ToString() && e.Str("reason") == "Offers belong in market-dialogue rooms.");
    }

    [Fact]
    public async Task A_thread_hidden_by_flags_comes_back_when_a_moderator_disagrees()
    {
        using var author = await App.JoinAsAsync(Persona.Buyer);
        using var reader = await App.JoinAsAsync(Persona.Supplier);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var (threadId, _) = await author.StartThreadAsync(OpenRoom, title: Unique.Name("Is leasing better than buying?"));
        for (var i = 0; i < 3; i++)
        {
            using var flagger = await App.JoinAsAsync(Persona.Buyer);
            Assert.Equal(HttpStatusCode.Created, (await FlagAsync(flagger, "Thread", threadId, "OffTopic")).Status);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await reader.SendAsync(HttpMethod.Get, $"/api/v1/threads/{threadId}")).Status);
        var notes = (await author.NotificationsAsync()).GetProperty("items").EnumerateArray();
        Assert.Contains(notes, n => n.Str("kind") == "ThreadHidden" && n.GetProperty("threadId").GetInt64() == threadId);

        var item = await QueuedAsync(moderator, "Thread", threadId) ?? throw new Xunit.Sdk.XunitException("not in the queue");
        Assert.True(item.GetProperty("hidden").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await moderator.SendAsync(HttpMethod.Post, $"/api/v1/moderation/flags/{item.GetProperty("flagId").GetInt64()}/disagree")).Status);
        Assert.Equal(HttpStatusCode.OK, (await reader.SendAsync(HttpMethod.Get, $"/api/v1/threads/{threadId}")).Status);
    }

    [Fact]
    public async Task A_case_a_moderator_agrees_to_hide_leaves_the_library_and_its_owner_reads_why()
    {
        using var owner = await App.JoinAsAsync(Persona.Buyer);
        using var reader = await App.JoinAsAsync(Persona.Supplier);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var title = Unique.Name("Confidential prices");
        var caseId = await CaseSteps.PublishCaseAsync(owner.Http, moderator.Http, CaseSteps.Body(title));
        var (status, flag) = await FlagAsync(reader, "Case", caseId, "ConfidentialTenderInformation", "It lists the other bidders' prices.");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(HttpStatusCode.NoContent, (await moderator.SendAsync(HttpMethod.Post, $"/api/v1/moderation/flags/{flag.Id()}/agree", new { reason = "Bidders' prices are confidential." })).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await reader.SendAsync(HttpMethod.Get, $"/api/v1/cases/{caseId}")).Status);
        Assert.Equal(0, (await reader.Http.GetJsonAsync($"/api/v1/cases?q={Uri.EscapeDataString(title)}")).GetProperty("total").GetInt32());
        var mine = await owner.Http.GetJsonAsync($"/api/v1/cases/{caseId}");
        Assert.Equal("Bidders' prices are confidential.", mine.Str("reviewComment"));
        Assert.Contains((await owner.NotificationsAsync()).GetProperty("items").EnumerateArray(), n => n.Str("kind") == "CaseHidden");
    }

    [Fact]
    public async Task Disagreeing_with_flags_never_undoes_a_moderators_own_hide()
    {
        using var author = await App.JoinAsAsync(Persona.Buyer);
        using var flagger = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var (threadId, _) = await author.StartThreadAsync(OpenRoom);
        var postId = (await author.ReplyAsync(threadId, "Rude words.")).Id();
        var (_, flag) = await FlagAsync(flagger, "Post", postId, "Disrespect");
        Assert.Equal(HttpStatusCode.NoContent, (await moderator.SendAsync(HttpMethod.Post, $"/api/v1/threads/{threadId}/posts/{postId}/hide", new { reason = "Disrespectful." })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await moderator.SendAsync(HttpMethod.Post, $"/api/v1/moderation/flags/{flag.Id()}/disagree")).Status);
        Assert.True((await author.ThreadAsync(threadId)).Post(postId).GetProperty("isHidden").GetBoolean());
    }

    public static TheoryData<string, object, HttpStatusCode, string?> BadFlags => new()
    {
        { "an unknown kind of target", new { targetType = "Member", targetId = 1, reason = "Spam" }, HttpStatusCode.BadRequest, "targetType" },
        { "an unknown reason", new { targetType = "Post", targetId = 1, reason = "Ugly" }, HttpStatusCode.BadRequest, "reason" },
        { "Other without a word", new { targetType = "Post", targetId = 1, reason = "Other", text = "  " }, HttpStatusCode.BadRequest, "text" },
        { "a text with a right-to-left override", new { targetType = "Post", targetId = 1, reason = "Spam", text = "see \u202Eevil" }, HttpStatusCode.BadRequest, "text" },
        { "an oversized text", new { targetType = "Post", targetId = 1, reason = "Spam", text = new string('x', 501) }, HttpStatusCode.BadRequest, "text" },
        { "a post that does not exist", new { targetType = "Post", targetId = 999_999_999, reason = "Spam" }, HttpStatusCode.NotFound, null },
    };

    [Theory]
    [MemberData(nameof(BadFlags))]
    public async Task Bad_flags_are_refused_clearly(string why, object body, HttpStatusCode expected, string? field)
    {
        using var member = await App.JoinAsAsync(Persona.Buyer);
        var (status, problem) = await member.SendAsync(HttpMethod.Post, "/api/v1/flags", body);
        Assert.True(status == expected, $"{why}: expected {(int)expected}, got {(int)status}");
        if (field is not null) Assert.Contains(field, problem.ErrorFields());
    }

    [Fact]
    public async Task A_supplier_cannot_flag_what_they_cannot_see_and_sales_pitches_belong_in_market_dialogue()
    {
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        using var other = await App.JoinAsAsync(Persona.Supplier);
        var (secret, secretPost) = await buyer.StartThreadAsync(BuyersOnlyRoom);
        Assert.Equal(HttpStatusCode.NotFound, (await FlagAsync(supplier, "Thread", secret)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await FlagAsync(supplier, "Post", secretPost)).Status);
        var (dialogue, _) = await buyer.StartThreadAsync(MarketDialogueRoom);
        var offer = (await other.ReplyAsync(dialogue, "We lease refurbished desks.")).Id();
        var (pitch, problem) = await FlagAsync(supplier, "Post", offer, "SalesPitch");
        Assert.Equal(HttpStatusCode.BadRequest, pitch);
        Assert.Contains("reason", problem.ErrorFields());
        Assert.Equal(HttpStatusCode.Created, (await FlagAsync(supplier, "Post", offer, "Disrespect")).Status);
    }
}
