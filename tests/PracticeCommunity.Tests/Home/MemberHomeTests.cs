using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Home;

/// <summary>Issue 8, a member's home over GET /api/v1/me/home: what needs them and what is new, never beyond their rooms.</summary>
public sealed class MemberHomeTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private static async Task FollowProductGroupsAsync(CommunityMember member, params string[] groups)
    {
        var (role, type) = member.Persona switch
        {
            Persona.Supplier => ("Supplier", "Supplier"),
            Persona.Facilitator => ("Facilitator", "Facilitator"),
            _ => ("Buyer", "PublicBuyer"),
        };
        using var put = await member.Http.PutProfileAsync(CommunitySteps.Profile(role, type, member.Organisation, member.DisplayName, productGroups: groups));
        await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, $"{member} choosing product groups");
    }

    private static async Task<JsonElement> HomeAsync(CommunityMember member) => await member.Http.GetJsonAsync("/api/v1/me/home");

    private static List<long> Ids(JsonElement home, string list) => home.GetProperty(list).EnumerateArray().Select(t => t.Id()).ToList();

    [Fact]
    public async Task A_supplier_sees_unanswered_questions_in_their_product_groups_oldest_first_and_nothing_buyers_only()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var other = await App.JoinAsAsync(Persona.Buyer);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        await FollowProductGroupsAsync(supplier, "ict");
        string[] ict = ["product:ict"];

        var (older, _) = await asker.StartThreadAsync(OpenRoom, "Which laptops last ten years?", tags: ict);
        var (newer, _) = await asker.StartThreadAsync(MarketDialogueRoom, "Who refurbishes screens?", tags: ict);
        var (secret, _) = await asker.StartThreadAsync(BuyersOnlyRoom, "Our ICT budget is 212000 euro: too much?", tags: ict);
        var (answered, _) = await asker.StartThreadAsync(OpenRoom, "Who leases phones?", tags: ict);
        await other.ReplyAsync(answered, "We do, since 2021.");
        var (textiles, _) = await asker.StartThreadAsync(OpenRoom, "Which uniforms can be rented?", tags: ["product:textiles"]);
        var (share, _) = await asker.StartThreadAsync(OpenRoom, "How we bought refurbished ICT", kind: "PracticeShare", tags: ict);

        var home = await HomeAsync(supplier);
        var questions = Ids(home, "questionsForMe");
        Assert.True(home.GetProperty("hasProductGroups").GetBoolean());
        Assert.Contains(older, questions);
        Assert.Contains(newer, questions);
        Assert.True(questions.IndexOf(older) < questions.IndexOf(newer), "A supplier sees the question waiting longest first.");
        Assert.DoesNotContain(secret, questions);
        Assert.DoesNotContain(answered, questions);
        Assert.DoesNotContain(textiles, questions);
        Assert.DoesNotContain(share, questions);
        // Nowhere on the supplier's home: not in the latest threads, not in the rooms with news.
        Assert.DoesNotContain("212000", home.GetRawText());
        Assert.DoesNotContain(BuyersOnlyRoom, home.GetRawText());

        // A granted buyer with the same product group sees the buyers-only question too, newest first; never their own.
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        await FollowProductGroupsAsync(buyer, "ict");
        var buyersQuestions = Ids(await HomeAsync(buyer), "questionsForMe");
        Assert.Contains(secret, buyersQuestions);
        Assert.True(buyersQuestions.IndexOf(secret) < buyersQuestions.IndexOf(older), "Others see the newest question first.");
        await FollowProductGroupsAsync(asker, "ict");
        Assert.DoesNotContain(older, Ids(await HomeAsync(asker), "questionsForMe"));
    }

    [Fact]
    public async Task News_on_my_threads_and_mentions_show_until_I_have_read_them()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var replier = await App.JoinAsAsync(Persona.Facilitator);
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom, "How often do you meet suppliers?");

        var quiet = await HomeAsync(asker);
        Assert.DoesNotContain(threadId, Ids(quiet, "myThreadsWithNews"));
        Assert.Contains(threadId, Ids(quiet, "latest"));

        var reply = await replier.ReplyAsync(threadId, $"@[{asker.DisplayName}] twice a year, before each tender.");
        var home = await HomeAsync(asker);
        Assert.Contains(threadId, Ids(home, "myThreadsWithNews"));
        Assert.Contains(home.GetProperty("unreadMentions").EnumerateArray(), m => m.GetProperty("postId").GetInt64() == reply.Id());
        var latest = home.GetProperty("latest").EnumerateArray().Single(t => t.Id() == threadId);
        Assert.True(latest.GetProperty("hasUnread").GetBoolean());
        Assert.Contains(home.GetProperty("roomsWithNews").EnumerateArray(), r => r.Str("slug") == OpenRoom);

        var viewer = await App.ViewerOfAsync(asker.Id);
        await App.Services.GetRequiredService<ReadMarks>().MarkReadAsync(viewer, threadId, reply.Id());
        using (var read = await asker.Http.PostAsync("/api/v1/notifications/read", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        }
        var after = await HomeAsync(asker);
        Assert.DoesNotContain(threadId, Ids(after, "myThreadsWithNews"));
        Assert.Empty(after.GetProperty("unreadMentions").EnumerateArray());
        Assert.False(after.GetProperty("latest").EnumerateArray().Single(t => t.Id() == threadId).GetProperty("hasUnread").GetBoolean());
    }

    [Fact]
    public async Task Without_product_groups_the_home_says_so_and_visitors_get_no_home()
    {
        using var newcomer = await App.JoinAsAsync(Persona.Facilitator);
        await FollowProductGroupsAsync(newcomer); // none

        var home = await HomeAsync(newcomer);
        Assert.False(home.GetProperty("hasProductGroups").GetBoolean());
        Assert.Empty(home.GetProperty("questionsForMe").EnumerateArray());

        using var anonymous = App.Anonymous();
        using var refused = await anonymous.GetAsync("/api/v1/me/home");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_buyer_whose_status_is_withdrawn_no_longer_finds_buyers_only_threads_on_their_home()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var switcher = await App.JoinAsAsync(Persona.Buyer);
        await FollowProductGroupsAsync(switcher, "mobility");
        var (secret, _) = await asker.StartThreadAsync(BuyersOnlyRoom, "Our fleet tender: 31 vans at 48000 euro", tags: ["product:mobility"]);
        Assert.Contains(secret, Ids(await HomeAsync(switcher), "questionsForMe"));

        using (var put = await switcher.Http.PutProfileAsync(CommunitySteps.Profile("Supplier", "Supplier", Unique.Name("Van Co"), switcher.DisplayName, productGroups: ["mobility"])))
        {
            await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, "switching to supplier");
        }
        var home = await HomeAsync(switcher);
        Assert.DoesNotContain(secret, Ids(home, "questionsForMe"));
        Assert.DoesNotContain("48000", home.GetRawText());
    }
}
