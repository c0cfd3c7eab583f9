using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Live;

/// <summary>
/// Issue 3, "Real clients": Microsoft.AspNetCore.SignalR.Client connects to /hubs/community with a bearer token,
/// joins threads and receives what other members do over HTTP; the hub's own methods keep the same rules as the API.
/// </summary>
public sealed class LiveHubTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Fact]
    public async Task A_member_watching_a_thread_receives_a_post_made_over_HTTP_exactly_once()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var watcher = await App.JoinAsAsync(Persona.Facilitator);
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom);
        await using var hub = await HubProbe.ConnectAsync(App, watcher.Token, "watcher");
        await hub.JoinThreadAsync(threadId);

        var created = await asker.ReplyAsync(threadId, "We trained **buyers and users** together.");

        var postId = created.Id();
        var received = await hub.WaitForAsync("PostCreated", e => e.IsPost(postId));
        Assert.Equal(threadId, received.Long("threadId"));
        Assert.Equal(created.Str("bodyHtml"), received.Str("bodyHtml"));
        Assert.Contains("<strong>buyers and users</strong>", received.Str("bodyHtml"));
        Assert.Equal(asker.DisplayName, received.GetProperty("author").Str("displayName"));
        Assert.Equal(asker.Organisation, received.GetProperty("author").Str("organisation"));
        var stored = (await watcher.ThreadAsync(threadId)).Post(postId);
        Assert.Equal(stored.Str("bodyHtml"), received.Str("bodyHtml"));

        await hub.SettleAsync(() => asker.ReplyAsync(threadId, "Marker: whatever was on its way has arrived.")); // a duplicate would be here by now
        Assert.Single(hub.Received("PostCreated"), e => e.IsPost(postId));
    }

    [Fact]
    public async Task A_post_sent_over_the_hub_is_stored_and_seen_over_HTTP()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var answerer = await App.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom);
        await using var hub = await HubProbe.ConnectAsync(App, answerer.Token, "answerer");
        await hub.JoinThreadAsync(threadId);

        var created = await hub.SendPostAsync(threadId, "Sent *live* over the hub.");

        Assert.Equal(threadId, created.Long("threadId"));
        Assert.Equal(answerer.DisplayName, created.GetProperty("author").Str("displayName"));
        var stored = (await asker.ThreadAsync(threadId)).Post(created.Id());
        Assert.Equal("<p>Sent <em>live</em> over the hub.</p>", stored.Str("bodyHtml").Trim());
        Assert.Equal(created.Str("bodyHtml"), stored.Str("bodyHtml"));
        // The sender's own connection hears it once too, like every other viewer.
        await hub.WaitForAsync("PostCreated", e => e.IsPost(created.Id()));
        await hub.SettleAsync(() => hub.SendPostAsync(threadId, "Marker."));
        Assert.Single(hub.Received("PostCreated"), e => e.IsPost(created.Id()));
    }

    [Fact]
    public async Task A_supplier_cannot_join_a_buyers_only_thread_and_hears_nothing_from_it()
    {
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        var (threadId, _) = await buyer.StartThreadAsync(BuyersOnlyRoom, "Internal budget talk before the tender");
        var roomId = (await buyer.RoomIdsAsync())[BuyersOnlyRoom];
        await using var buyersHub = await HubProbe.ConnectAsync(App, buyer.Token, "buyer");
        await buyersHub.JoinThreadAsync(threadId);
        await using var suppliersHub = await HubProbe.ConnectAsync(App, supplier.Token, "supplier");
        var (openThreadId, _) = await buyer.StartThreadAsync(OpenRoom, "An open thread the supplier follows");
        await suppliersHub.JoinThreadAsync(openThreadId);

        Assert.EndsWith("Not found.", await HubProbe.HubErrorAsync(() => suppliersHub.JoinThreadAsync(threadId)));
        Assert.EndsWith("Not found.", await HubProbe.HubErrorAsync(() => suppliersHub.Connection.InvokeAsync("JoinRoom", roomId)));
        Assert.EndsWith("Not found.", await HubProbe.HubErrorAsync(() => suppliersHub.SendPostWithDisclosureAsync(threadId, "Our offer!", false)));
        Assert.EndsWith("Not found.", await HubProbe.HubErrorAsync(() => suppliersHub.Connection.InvokeAsync("Typing", threadId)));

        var reply = await buyer.ReplyAsync(threadId, "Budget is 120k, keep it between us.");
        await buyer.StartThreadAsync(BuyersOnlyRoom, "Another buyers-only thread");

        await buyersHub.WaitForAsync("PostCreated", e => e.IsPost(reply.Id())); // it was published
        // A post in the open thread, published after all of that, reaches the supplier: anything else would be here first.
        await suppliersHub.SettleAsync(() => buyer.ReplyAsync(openThreadId, "Marker in the open thread."));
        Assert.True(suppliersHub.All.All(e => e.Payload.IsFor(openThreadId)), $"The supplier heard: {suppliersHub.Describe()}");
        Assert.DoesNotContain(buyersHub.Received("PresenceChanged").SelectMany(p => p.GetProperty("members").EnumerateArray()),
            m => m.GetString() == supplier.DisplayName);
        Assert.Equal(2, (await buyer.ThreadAsync(threadId)).Posts().Count); // the refused SendPost stored nothing
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { "", "Write something first." },
        { "   \n\t  ", "Write something first." },
        { Text(20_001), "at most 20" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task SendPost_with_an_empty_or_oversized_body_fails_with_a_clear_hub_error_and_stores_nothing(string body, string expected)
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom);
        await using var hub = await HubProbe.ConnectAsync(App, asker.Token, "asker");
        await hub.JoinThreadAsync(threadId);

        var message = await HubProbe.HubErrorAsync(() => hub.SendPostAsync(threadId, body));

        Assert.Contains(expected, message);
        if (body.Length > 20_000)
        {
            Assert.Matches(new Regex("20[,.]?001"), message); // says how long it is
        }
        Assert.Equal(HubConnectionState.Connected, hub.Connection.State); // an invalid post is an answer, not a dropped connection
        var thread = await asker.ThreadAsync(threadId);
        Assert.Single(thread.Posts());
        Assert.Equal(0, thread.GetProperty("replyCount").GetInt32());
        await hub.AssertNoneAsync("PostCreated", e => e.IsFor(threadId), () => asker.ReplyAsync(threadId, "Marker."));
    }

    [Fact]
    public async Task A_post_of_exactly_20000_non_ASCII_characters_is_accepted_over_the_hub_as_over_HTTP()
    {
        // 20,000 characters is within the limit, whatever the script: Greek, Czech or Bulgarian members write those too.
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom);
        var body = Text(20_000, 'é');
        using (var overHttp = await asker.Http.PostReplyAsync(threadId, body))
        {
            Assert.Equal(HttpStatusCode.Created, overHttp.StatusCode);
        }
        await using var hub = await HubProbe.ConnectAsync(App, asker.Token, "asker");
        await hub.JoinThreadAsync(threadId);

        var created = await hub.SendPostAsync(threadId, body).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Contains(body, created.Str("bodyHtml"));
        Assert.Equal(3, (await asker.ThreadAsync(threadId)).Posts().Count);
    }

    [Fact]
    public async Task Unknown_thread_ids_fail_with_not_found()
    {
        using var member = await App.JoinAsAsync(Persona.Buyer);
        await using var hub = await HubProbe.ConnectAsync(App, member.Token);

        Assert.EndsWith("Not found.", await HubProbe.HubErrorAsync(() => hub.JoinThreadAsync(987_654_321)));
        Assert.EndsWith("Not found.", await HubProbe.HubErrorAsync(() => hub.SendPostAsync(987_654_321, "Anyone here?")));
        Assert.EndsWith("Not found.", await HubProbe.HubErrorAsync(() => hub.Connection.InvokeAsync("JoinRoom", 987_654)));
        Assert.EndsWith("Not found.", await HubProbe.HubErrorAsync(() => hub.Connection.InvokeAsync("Typing", 987_654_321L)));
    }

    [Fact]
    public async Task Anonymous_clients_cannot_connect()
    {
        await using var connection = HubProbe.Build(App, accessToken: null);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
    }

    [Fact]
    public async Task Typing_reaches_the_other_member_and_presence_lists_both_names()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var answerer = await App.JoinAsAsync(Persona.Supplier);
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom);
        await using var askersHub = await HubProbe.ConnectAsync(App, asker.Token, "asker");
        await using var answerersHub = await HubProbe.ConnectAsync(App, answerer.Token, "answerer");

        await askersHub.JoinThreadAsync(threadId);
        await answerersHub.JoinThreadAsync(threadId);

        var both = await askersHub.WaitForAsync("PresenceChanged", e => e.IsFor(threadId) && e.GetProperty("members").GetArrayLength() == 2);
        Assert.Equal(new[] { asker.DisplayName, answerer.DisplayName }.Order(StringComparer.Ordinal), both.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).Order(StringComparer.Ordinal));

        await answerersHub.Connection.InvokeAsync("Typing", threadId);
        var typing = await askersHub.WaitForAsync("Typing", e => e.IsFor(threadId));
        Assert.Equal(answerer.DisplayName, typing.Str("displayName"));

        await answerersHub.LeaveThreadAsync(threadId);
        var one = await askersHub.WaitForAsync("PresenceChanged", e => e.IsFor(threadId) && e.GetProperty("members").GetArrayLength() == 1);
        Assert.Equal(asker.DisplayName, one.GetProperty("members")[0].GetString());
    }

    [Fact]
    public async Task Only_a_member_who_joined_the_thread_can_say_they_are_typing_in_it()
    {
        using var member = await App.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await member.StartThreadAsync(OpenRoom);
        await using var hub = await HubProbe.ConnectAsync(App, member.Token);

        Assert.EndsWith("Not found.", await HubProbe.HubErrorAsync(() => hub.Connection.InvokeAsync("Typing", threadId)));
    }

    [Fact]
    public async Task After_a_reconnect_the_tail_from_afterPostId_fills_the_gap_without_duplicates()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var reader = await App.JoinAsAsync(Persona.Buyer);
        var (threadId, openingId) = await asker.StartThreadAsync(OpenRoom);
        var seen = new List<long> { openingId };

        await using (var first = await HubProbe.ConnectAsync(App, reader.Token, "reader (first connection)"))
        {
            await first.JoinThreadAsync(threadId);
            for (var i = 1; i <= 2; i++)
            {
                var post = await asker.ReplyAsync(threadId, $"Live reply {i}");
                await first.WaitForAsync("PostCreated", e => e.IsPost(post.Id()));
                seen.Add(post.Id());
            }
        }
        // While the reader is away.
        var missed = new List<long>();
        for (var i = 3; i <= 5; i++)
        {
            missed.Add((await asker.ReplyAsync(threadId, $"Missed reply {i}")).Id());
        }

        await using var second = await HubProbe.ConnectAsync(App, reader.Token, "reader (second connection)");
        await second.JoinThreadAsync(threadId);
        var tail = await reader.ThreadAsync(threadId, afterPostId: seen[^1]);
        var tailIds = tail.Posts().Select(p => p.Id()).ToList();
        Assert.Equal(missed, tailIds);
        seen.AddRange(tailIds);
        var after = await asker.ReplyAsync(threadId, "Live again");
        await second.WaitForAsync("PostCreated", e => e.IsPost(after.Id()));
        seen.AddRange(second.Received("PostCreated").Where(e => e.IsFor(threadId)).Select(e => e.Long("postId")));

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        var all = (await reader.ThreadAsync(threadId)).Posts().Select(p => p.Id()).ToList();
        Assert.Equal(all, seen);
        Assert.Empty((await reader.ThreadAsync(threadId, afterPostId: after.Id())).Posts());
    }

    [Fact]
    public async Task Edits_deletions_and_hidden_posts_reach_everyone_watching()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var watcher = await App.JoinAsAsync(Persona.Supplier);
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom);
        var toEdit = await asker.ReplyAsync(threadId, "First version");
        var toDelete = await asker.ReplyAsync(threadId, "Posted by mistake");
        var toHide = await asker.ReplyAsync(threadId, "Something off-topic");
        await using var hub = await HubProbe.ConnectAsync(App, watcher.Token, "watcher");
        await hub.JoinThreadAsync(threadId);

        using (var edit = await asker.Http.PutAsJsonAsync($"/api/v1/threads/{threadId}/posts/{toEdit.Id()}", new { body = "Second **version**" }))
        {
            Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        }
        using (var delete = await asker.Http.DeleteAsync($"/api/v1/threads/{threadId}/posts/{toDelete.Id()}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }
        using (var hide = await moderator.Http.PostAsJsonAsync($"/api/v1/threads/{threadId}/posts/{toHide.Id()}/hide", new { reason = "Off-topic." }))
        {
            Assert.Equal(HttpStatusCode.NoContent, hide.StatusCode);
        }

        var edited = await hub.WaitForAsync("PostEdited", e => e.IsPost(toEdit.Id()));
        Assert.Contains("<strong>version</strong>", edited.Str("bodyHtml"));
        await hub.WaitForAsync("PostDeleted", e => e.IsPost(toDelete.Id()));
        await hub.WaitForAsync("PostHidden", e => e.IsPost(toHide.Id()));
    }

    [Fact]
    public async Task A_supplier_must_answer_the_disclosure_over_the_hub_too()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom);
        await using var hub = await HubProbe.ConnectAsync(App, supplier.Token, "supplier");

        var message = await HubProbe.HubErrorAsync(() => hub.SendPostAsync(threadId, "We lease desks."));
        Assert.Contains("Say whether this mentions your own product or service.", message);
        Assert.Single((await asker.ThreadAsync(threadId)).Posts());

        var created = await hub.SendPostWithDisclosureAsync(threadId, "We lease desks.", true);
        Assert.Equal(supplier.Organisation, created.GetProperty("author").Str("organisation"));
        Assert.True(created.GetProperty("mentionsOwnOffering").GetBoolean());
        var stored = (await asker.ThreadAsync(threadId)).Post(created.Id());
        Assert.Equal(supplier.Organisation, stored.GetProperty("author").Str("organisation"));
        Assert.True(stored.GetProperty("mentionsOwnOffering").GetBoolean());
    }

    [Fact]
    public async Task A_member_following_a_room_hears_of_new_threads_and_a_mention_moves_the_bell()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var follower = await App.JoinAsAsync(Persona.Facilitator);
        var roomId = (await follower.RoomIdsAsync())[OpenRoom];
        await using var hub = await HubProbe.ConnectAsync(App, follower.Token, "follower");
        await hub.Connection.InvokeAsync("JoinRoom", roomId);

        var (threadId, _) = await asker.StartThreadAsync(OpenRoom, "Who trains the contract managers?");
        var created = await hub.WaitForAsync("ThreadCreated", e => e.IsFor(threadId));
        Assert.Equal("Who trains the contract managers?", created.Str("title"));
        Assert.Equal("PracticeQuestion", created.Str("kind"));

        await asker.ReplyAsync(threadId, $"@[{follower.DisplayName}] you ran this last year, right?");
        var bell = await hub.WaitForAsync("NotificationsChanged", _ => true);
        var listed = await follower.NotificationsAsync();
        Assert.Equal(listed.GetProperty("unread").GetInt32(), bell.GetProperty("unread").GetInt32());
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), n => n.Str("kind") == "Mention" && n.GetProperty("threadId").GetInt64() == threadId);
    }

    [Fact]
    public async Task A_buyer_who_becomes_a_supplier_stops_hearing_the_buyers_only_thread_they_had_joined()
    {
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using var turncoat = await App.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await buyer.StartThreadAsync(BuyersOnlyRoom, "Which bidders worry us?");
        await using var hub = await HubProbe.ConnectAsync(App, turncoat.Token, "member who changed sides");
        await hub.JoinThreadAsync(threadId);
        var (openThreadId, _) = await buyer.StartThreadAsync(OpenRoom, "Open to everyone");
        await hub.JoinThreadAsync(openThreadId);

        // They join a supplier company: from now on buyers-only content is closed to them, on every path.
        using (var put = await turncoat.Http.PutProfileAsync(CommunitySteps.Profile("Supplier", "Supplier", Unique.Name("Bidder BV"), displayName: turncoat.DisplayName)))
        {
            await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, "changing sides");
        }
        using (var read = await turncoat.Http.GetAsync($"/api/v1/threads/{threadId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode); // the API already applies the new role
        }
        var reply = await buyer.ReplyAsync(threadId, "Bidder X looks weak on take-back.");

        await hub.AssertNoneAsync("PostCreated", e => e.IsPost(reply.Id()), () => buyer.ReplyAsync(openThreadId, "Marker in the open thread."));
    }

    [Fact]
    public async Task The_bell_count_sent_over_the_hub_leaves_out_notifications_the_member_may_no_longer_see()
    {
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using var turncoat = await App.JoinAsAsync(Persona.Buyer);
        var (secret, _) = await turncoat.StartThreadAsync(BuyersOnlyRoom, "Our long list of bidders to avoid");
        await buyer.ReplyAsync(secret, "Add Bidder Y to it.");
        Assert.Equal(1, (await turncoat.NotificationsAsync()).GetProperty("unread").GetInt32());

        using (var put = await turncoat.Http.PutProfileAsync(CommunitySteps.Profile("Supplier", "Supplier", Unique.Name("Bidder BV"), displayName: turncoat.DisplayName)))
        {
            await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, "changing sides");
        }
        var listed = await turncoat.NotificationsAsync();
        Assert.Equal(0, listed.GetProperty("unread").GetInt32());
        Assert.DoesNotContain("bidders to avoid", listed.GetRawText());

        await using var hub = await HubProbe.ConnectAsync(App, turncoat.Token, "member who changed sides");
        var (open, _) = await buyer.StartThreadAsync(OpenRoom);
        await buyer.ReplyAsync(open, $"@[{turncoat.DisplayName}] can your company lease this?");

        var bell = await hub.WaitForAsync("NotificationsChanged", _ => true);
        Assert.Equal(1, (await turncoat.NotificationsAsync()).GetProperty("unread").GetInt32());
        Assert.Equal(1, bell.GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task A_presence_part_that_arrives_after_a_newer_one_from_the_same_server_does_not_bring_its_names_back()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var watcher = await App.JoinAsAsync(Persona.Facilitator);
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom);
        await using var hub = await HubProbe.ConnectAsync(App, watcher.Token, "watcher");
        await hub.JoinThreadAsync(threadId);
        var bus = App.Services.GetRequiredService<PracticeCommunity.Features.Live.IEventBus>();
        var presence = App.Services.GetRequiredService<PracticeCommunity.Features.Live.PresenceTracker>();
        var ghost = Unique.Name("Gil Elsewhere");
        static bool Lists(JsonElement p, string name) => p.GetProperty("members").EnumerateArray().Any(m => m.GetString() == name);
        PracticeCommunity.Features.Live.PresencePart Part(string[] members, long version) =>
            new(threadId, "other-server-1", members, version) { Audience = PracticeCommunity.Data.RoomAudience.Open };

        // Another server has the member in the thread.
        await bus.PublishAsync(Part([ghost], 5));
        await hub.WaitForAsync("PresenceChanged", p => Lists(p, ghost));

        // They leave there (part 7); the part that server was repeating just before (6) arrives after it.
        var updates = hub.Received("PresenceChanged").Count;
        await bus.PublishAsync(Part([], 7));
        await bus.PublishAsync(Part([ghost], 6));
        await hub.WaitForAsync("PresenceChanged", _ => hub.Received("PresenceChanged").Skip(updates).Any(p => !Lists(p, ghost) && Lists(p, watcher.DisplayName)));
        await Task.Delay(PracticeCommunity.Features.Live.PresenceTracker.CoalesceWindow * 4);
        Assert.DoesNotContain(ghost, presence.MembersIn(threadId));

        // A newer part from that server counts again.
        await bus.PublishAsync(Part([ghost], 8));
        await hub.WaitForAsync("PresenceChanged", p => Lists(p, ghost) && hub.Received("PresenceChanged").Count(q => Lists(q, ghost)) == 2);
    }

    [Fact]
    public async Task This_servers_presence_parts_are_numbered_in_the_order_they_were_taken()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var first = await App.JoinAsAsync(Persona.Facilitator);
        using var second = await App.JoinAsAsync(Persona.Supplier);
        var (threadId, _) = await asker.StartThreadAsync(OpenRoom);
        var bus = App.Services.GetRequiredService<PracticeCommunity.Features.Live.IEventBus>();
        var presence = App.Services.GetRequiredService<PracticeCommunity.Features.Live.PresenceTracker>();
        var parts = new System.Collections.Concurrent.ConcurrentQueue<PracticeCommunity.Features.Live.PresencePart>();
        using var recording = bus.Subscribe(e =>
        {
            if (e is PracticeCommunity.Features.Live.PresencePart part && part.ThreadId == threadId) parts.Enqueue(part);
            return ValueTask.CompletedTask;
        });

        await using (var one = await HubProbe.ConnectAsync(App, first.Token, "first"))
        {
            await one.JoinThreadAsync(threadId);
            await Eventually.TrueAsync(() => parts.Any(p => p.Members.Contains(first.DisplayName)), "a part with the first member");
            await using var two = await HubProbe.ConnectAsync(App, second.Token, "second");
            await two.JoinThreadAsync(threadId);
            await Eventually.TrueAsync(() => parts.Any(p => p.Members.Count == 2), "a part with both members");
            await presence.AnnounceAsync();
        }
        await Eventually.TrueAsync(() => parts.LastOrDefault()?.Members.Count == 0, "the emptied part");

        var seen = parts.ToList();
        Assert.True(seen.Count >= 4, $"Expected the first, both, the repeat and the emptied part; got {seen.Count}.");
        Assert.Equal(seen.Select(p => p.Version).Order(), seen.Select(p => p.Version));
        Assert.Equal(seen.Count, seen.Select(p => p.Version).Distinct().Count());
    }
}
