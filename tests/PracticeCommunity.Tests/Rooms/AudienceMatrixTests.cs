using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Live;

namespace PracticeCommunity.Tests.Rooms;

/// <summary>
/// Issue 3, "Authorization matrix": for each persona, each room audience and each path (page, API, hub join, hub send,
/// mention, notification, export), allowed or denied. Denied reads are 404 (never 403, which would confirm that the
/// thing exists) and never carry the hidden thread's title.
/// </summary>
public sealed class AudienceMatrixTests(AudienceWorld world) : IClassFixture<AudienceWorld>
{
    private CommunityAppFactory App => world.App;

    /// <summary>The rule under test (domain.md): buyers-only rooms are for granted buyers and staff; open and market-dialogue rooms for every member.</summary>
    private static bool MaySee(Persona persona, string audience) =>
        audience != "BuyersOnly" || persona is Persona.Buyer or Persona.Moderator;

    public static TheoryData<Persona, string> Everyone()
    {
        var data = new TheoryData<Persona, string>();
        foreach (var persona in Enum.GetValues<Persona>())
        {
            foreach (var audience in AudienceWorld.Audiences)
            {
                data.Add(persona, audience);
            }
        }
        return data;
    }

    public static TheoryData<Persona> OutsidersOfBuyersOnlyRooms() => new() { Persona.PendingBuyer, Persona.Supplier, Persona.Facilitator };

    private static async Task AssertHiddenAsync(HttpResponseMessage response, SeededThread thread, string doing)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{doing}: expected 404, got {(int)response.StatusCode}: {body}");
        Assert.DoesNotContain(thread.Marker, body);
        Assert.DoesNotContain("what did the last tender cost", body);
    }

    // ---------- API ----------

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task Room_list(Persona persona, string audience)
    {
        var thread = world.Threads[audience];
        using var response = await world[persona].Http.GetAsync("/api/v1/rooms");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var slugs = JsonDocument.Parse(body).RootElement.EnumerateArray().Select(r => r.GetProperty("slug").GetString()).ToList();
        Assert.Equal(MaySee(persona, audience), slugs.Contains(thread.Room));
        if (!MaySee(persona, audience))
        {
            Assert.DoesNotContain(RoomsTestKit.BuyersOnlyRoom, body);
            Assert.DoesNotContain("\"BuyersOnly\"", body);
        }
    }

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task Thread_list_of_the_room_by_slug_and_by_id(Persona persona, string audience)
    {
        var thread = world.Threads[audience];
        foreach (var room in new[] { thread.Room, world.RoomIds[thread.Room].ToString() })
        {
            using var response = await world[persona].Http.GetAsync($"/api/v1/rooms/{room}/threads");
            if (MaySee(persona, audience))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray();
                Assert.Contains(items, t => t.Id() == thread.Id && t.Str("title") == thread.Title);
            }
            else
            {
                await AssertHiddenAsync(response, thread, $"{persona} listing threads of {room}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task Thread_with_its_posts(Persona persona, string audience)
    {
        var thread = world.Threads[audience];
        using var response = await world[persona].Http.GetAsync($"/api/v1/threads/{thread.Id}");
        if (MaySee(persona, audience))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(thread.Title, json.Str("title"));
            Assert.Contains(json.Posts(), p => p.Id() == thread.ReplyId);
        }
        else
        {
            await AssertHiddenAsync(response, thread, $"{persona} reading thread {thread.Id}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task Earlier_versions_of_a_post(Persona persona, string audience)
    {
        var thread = world.Threads[audience];
        using var response = await world[persona].Http.GetAsync($"/api/v1/threads/{thread.Id}/posts/{thread.ReplyId}/revisions");
        if (MaySee(persona, audience))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            await AssertHiddenAsync(response, thread, $"{persona} reading revisions in thread {thread.Id}");
        }
    }

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task Reply_over_the_API(Persona persona, string audience)
    {
        var thread = world.Threads[audience];
        var text = $"Reply by {persona} {Guid.NewGuid():N}";
        using var response = await world[persona].Http.PostReplyAsync(thread.Id, text, mentionsOwnOffering: false);
        var stored = (await world[Persona.Buyer].ThreadAsync(thread.Id)).Posts().Where(p => p.Str("bodyHtml").Contains(text)).ToList();
        if (MaySee(persona, audience))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Single(stored);
        }
        else
        {
            await AssertHiddenAsync(response, thread, $"{persona} replying in thread {thread.Id}");
            Assert.Empty(stored);
        }
    }

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task Starting_a_thread_in_the_room(Persona persona, string audience)
    {
        var thread = world.Threads[audience];
        var kind = persona == Persona.Supplier ? "PracticeShare" : "PracticeQuestion";
        using var response = await world[persona].Http.PostThreadAsync(thread.Room,
            new { title = Unique.Name("Matrix thread"), body = "Hello", kind, tags = Array.Empty<string>(), mentionsOwnOffering = false });
        var expected = !MaySee(persona, audience) ? HttpStatusCode.NotFound
            : persona == Persona.Supplier && audience == "MarketDialogue" ? HttpStatusCode.Forbidden // buyers ask, suppliers answer
            : HttpStatusCode.Created;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{persona} starting a thread in {audience}: expected {expected}, got {response.StatusCode}: {body}");
        if (expected == HttpStatusCode.NotFound)
        {
            Assert.DoesNotContain(thread.Marker, body);
        }
    }

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task Room_list_unread_counts(Persona persona, string audience)
    {
        var thread = world.Threads[audience];
        var viewer = await App.ViewerOfAsync(world[persona].Id);
        var unread = await App.Services.GetRequiredService<ThreadQueries>().UnreadThreadsPerRoomAsync(viewer);

        // Every member joined before the seeded threads were started, so each room they may enter has unread threads.
        Assert.Equal(MaySee(persona, audience), unread.ContainsKey(world.RoomIds[thread.Room]));
    }

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task Search(Persona persona, string audience)
    {
        var thread = world.Threads[audience];
        var word = thread.Marker.Split('-')[^1]; // the unguessable part is one word for the index
        foreach (var query in new[] { $"?q={word}", $"?q={word}&roomId={thread.Room}", $"?q=first+reply+{audience}" })
        {
            using var response = await world[persona].Http.GetAsync("/api/v1/search" + query);
            var body = await response.Content.ReadAsStringAsync();
            if (MaySee(persona, audience))
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{persona} searching {query}: {(int)response.StatusCode} {body}");
                var hits = JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray();
                Assert.Contains(hits, h => h.GetProperty("threadId").GetInt64() == thread.Id);
            }
            else
            {
                // Nothing to find: no hit, no title, and a hidden room named in the filter is as unknown as a missing one.
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{persona} searching {query}: {(int)response.StatusCode} {body}");
                Assert.DoesNotContain("what did the last tender cost", body);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var results = JsonDocument.Parse(body).RootElement;
                    Assert.DoesNotContain(results.GetProperty("items").EnumerateArray(), h => h.GetProperty("threadId").GetInt64() == thread.Id);
                    Assert.DoesNotContain(word, results.GetProperty("items").GetRawText()); // the query itself is echoed; the hits must not carry it
                    Assert.Equal(0, results.GetProperty("totalCount").GetInt32()); // only that thread has these words: even the count must not tell
                }
            }
        }
    }

    // ---------- pages (server-rendered; the bearer token signs the request in like the cookie does) ----------

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task Thread_and_room_pages(Persona persona, string audience)
    {
        var thread = world.Threads[audience];
        foreach (var path in new[] { $"/threads/{thread.Id}", $"/rooms/{thread.Room}" })
        {
            using var response = await world[persona].Http.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            if (MaySee(persona, audience))
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{persona} GET {path}: {(int)response.StatusCode}");
                Assert.Contains(System.Net.WebUtility.HtmlEncode(thread.Title), body);
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{persona} GET {path}: expected 404, got {(int)response.StatusCode}");
                Assert.DoesNotContain(thread.Marker, body);
                Assert.DoesNotContain("How can city departments or colleagues across departments share best practices", body);
            }
        }
    }

    // ---------- hub ----------

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task Hub_join_thread_and_room(Persona persona, string audience)
    {
        var thread = world.Threads[audience];
        await using var hub = await HubProbe.ConnectAsync(App, world[persona].Token, persona.ToString());
        if (MaySee(persona, audience))
        {
            await hub.JoinThreadAsync(thread.Id);
            await hub.Connection.InvokeAsync("JoinRoom", world.RoomIds[thread.Room]);
        }
        else
        {
            Assert.EndsWith("Not found.", await HubProbe.HubErrorAsync(() => hub.JoinThreadAsync(thread.Id)));
            Assert.EndsWith("Not found.", await HubProbe.HubErrorAsync(() => hub.Connection.InvokeAsync("JoinRoom", world.RoomIds[thread.Room])));
        }
    }

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task Hub_send_post(Persona persona, string audience)
    {
        var thread = world.Threads[audience];
        var text = $"Hub post by {persona} {Guid.NewGuid():N}";
        await using var hub = await HubProbe.ConnectAsync(App, world[persona].Token, persona.ToString());
        if (MaySee(persona, audience))
        {
            var created = await hub.SendPostWithDisclosureAsync(thread.Id, text, false);
            Assert.Equal(thread.Id, created.Long("threadId"));
        }
        else
        {
            var message = await HubProbe.HubErrorAsync(() => hub.SendPostWithDisclosureAsync(thread.Id, text, false));
            Assert.EndsWith("Not found.", message);
            Assert.DoesNotContain(thread.Marker, message);
        }
        var stored = (await world[Persona.Buyer].ThreadAsync(thread.Id)).Posts().Count(p => p.Str("bodyHtml").Contains(text));
        Assert.Equal(MaySee(persona, audience) ? 1 : 0, stored);
    }

    // ---------- anonymous ----------

    [Fact]
    public async Task Anonymous_callers_get_401_from_every_API_path()
    {
        using var client = App.Anonymous();
        var thread = world.Threads["BuyersOnly"];
        var open = world.Threads["Open"];
        var requests = new List<(HttpMethod Method, string Path, object? Body)>
        {
            (HttpMethod.Get, "/api/v1/rooms", null),
            (HttpMethod.Get, $"/api/v1/rooms/{open.Room}/threads", null),
            (HttpMethod.Get, $"/api/v1/rooms/{thread.Room}/threads", null),
            (HttpMethod.Get, $"/api/v1/threads/{open.Id}", null),
            (HttpMethod.Get, $"/api/v1/threads/{thread.Id}", null),
            (HttpMethod.Get, $"/api/v1/threads/{thread.Id}/posts/{thread.ReplyId}/revisions", null),
            (HttpMethod.Get, $"/api/v1/threads/{thread.Id}/mentions?prefix=a", null),
            (HttpMethod.Get, "/api/v1/notifications", null),
            (HttpMethod.Get, $"/api/v1/rooms/{RoomsTestKit.MarketDialogueRoom}/record.html", null),
            (HttpMethod.Post, $"/api/v1/threads/{open.Id}/posts", new { body = "Anonymous reply" }),
            (HttpMethod.Post, $"/api/v1/rooms/{open.Room}/threads", new { title = "Anonymous", body = "Hi", kind = "PracticeQuestion" }),
            (HttpMethod.Put, $"/api/v1/threads/{open.Id}/posts/{open.ReplyId}", new { body = "Anonymous edit" }),
            (HttpMethod.Delete, $"/api/v1/threads/{open.Id}/posts/{open.ReplyId}", null),
            (HttpMethod.Post, $"/api/v1/threads/{open.Id}/posts/{open.ReplyId}/accept", null),
            (HttpMethod.Delete, $"/api/v1/threads/{open.Id}/posts/{open.ReplyId}/accept", null),
            (HttpMethod.Get, "/api/v1/me/home", null),
        };
        var wrong = new List<string>();
        foreach (var (method, path, body) in requests)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Unauthorized) wrong.Add($"{method} {path} → {(int)response.StatusCode}");
            Assert.DoesNotContain(thread.Marker, text);
        }
        Assert.True(wrong.Count == 0, "Anonymous requests must get 401: " + string.Join("; ", wrong));
        var posts = (await world[Persona.Buyer].ThreadAsync(open.Id)).Posts();
        Assert.DoesNotContain(posts, p => p.Str("bodyHtml").Contains("Anonymous"));
        Assert.False(posts.Single(p => p.Id() == open.ReplyId).GetProperty("isDeleted").GetBoolean());
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_for_a_thread_page_and_see_no_buyers_only_room()
    {
        using var client = App.Anonymous();
        using (var response = await client.GetAsync($"/threads/{world.Threads["BuyersOnly"].Id}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/Login", response.Headers.Location?.ToString());
            Assert.DoesNotContain(world.Threads["BuyersOnly"].Marker, await response.Content.ReadAsStringAsync());
        }
        using (var response = await client.GetAsync($"/rooms/{RoomsTestKit.BuyersOnlyRoom}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    // ---------- mentions and notifications ----------

    [Theory]
    [MemberData(nameof(OutsidersOfBuyersOnlyRooms))]
    public async Task A_member_who_may_not_enter_a_buyers_only_room_cannot_be_mentioned_into_it(Persona outsider)
    {
        var thread = world.Threads["BuyersOnly"];
        var target = world[outsider];
        var moderator = world[Persona.Moderator];
        await using var outsidersHub = await HubProbe.ConnectAsync(App, target.Token, outsider.ToString());

        var post = await world[Persona.Buyer].ReplyAsync(thread.Id, $"@[{target.DisplayName}] and @[{moderator.DisplayName}], what do you think?");

        // The moderator may see the room: mentioned, notified. The outsider is neither.
        Assert.Contains($"data-member-id=\"{moderator.Id}\"", post.Str("bodyHtml"));
        Assert.DoesNotContain(target.Id, post.Str("bodyHtml"));
        var moderators = await moderator.NotificationsAsync();
        Assert.Contains(moderators.GetProperty("items").EnumerateArray(), n => n.Str("kind") == "Mention" && n.GetProperty("postId").GetInt64() == post.Id());
        // A mention the outsider may see, sent after: once its bell change is here, an earlier one would have been too.
        var marker = await world[Persona.Buyer].ReplyAsync(world.Threads["Open"].Id, $"@[{target.DisplayName}], over to you here.");
        await outsidersHub.WaitForAsync("NotificationsChanged", _ => true);
        Assert.Single(outsidersHub.Received("NotificationsChanged"));
        var outsiders = await target.NotificationsAsync();
        Assert.Contains(outsiders.GetProperty("items").EnumerateArray(), n => n.GetProperty("postId").GetInt64() == marker.Id());
        Assert.DoesNotContain(outsiders.GetProperty("items").EnumerateArray(), n => n.GetProperty("threadId").GetInt64() == thread.Id);
        Assert.DoesNotContain(thread.Marker, outsiders.GetRawText());
    }

    [Fact]
    public async Task A_supplier_mentioned_in_an_open_room_is_notified()
    {
        var thread = world.Threads["Open"];
        var supplier = world[Persona.Supplier];

        var post = await world[Persona.Buyer].ReplyAsync(thread.Id, $"@[{supplier.DisplayName}] could you lease these?");

        Assert.Contains($"data-member-id=\"{supplier.Id}\"", post.Str("bodyHtml"));
        var notifications = await supplier.NotificationsAsync();
        Assert.Contains(notifications.GetProperty("items").EnumerateArray(), n => n.Str("kind") == "Mention" && n.GetProperty("postId").GetInt64() == post.Id());
        Assert.True(notifications.GetProperty("unread").GetInt32() >= 1);
    }

    [Fact]
    public async Task Mention_suggestions_offer_only_members_who_may_see_the_room()
    {
        var supplier = world[Persona.Supplier];
        var prefix = supplier.DisplayName[..^4];
        var buyer = world[Persona.Buyer];

        var inOpen = await buyer.Http.GetJsonAsync($"/api/v1/threads/{world.Threads["Open"].Id}/mentions?prefix={Uri.EscapeDataString(prefix)}");
        var inBuyersOnly = await buyer.Http.GetJsonAsync($"/api/v1/threads/{world.Threads["BuyersOnly"].Id}/mentions?prefix={Uri.EscapeDataString(prefix)}");
        var supplierAsking = await supplier.Http.GetJsonAsync($"/api/v1/threads/{world.Threads["BuyersOnly"].Id}/mentions?prefix={Uri.EscapeDataString(buyer.DisplayName[..4])}");

        Assert.Contains(inOpen.EnumerateArray(), n => n.GetString() == supplier.DisplayName);
        Assert.DoesNotContain(inBuyersOnly.EnumerateArray(), n => n.GetString() == supplier.DisplayName);
        Assert.Empty(supplierAsking.EnumerateArray());
    }

    [Fact]
    public async Task Replies_in_a_buyers_only_thread_never_notify_an_outsider_even_one_who_asked_there_before_changing_sides()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await asker.StartThreadAsync(RoomsTestKit.BuyersOnlyRoom, "Marker-sidechange how do we score bidders?");
        using (var put = await asker.Http.PutProfileAsync(CommunitySteps.Profile("Supplier", "Supplier", Unique.Name("Bidder BV"), displayName: asker.DisplayName)))
        {
            await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, "changing sides");
        }

        await world[Persona.Buyer].ReplyAsync(threadId, "Score take-back at 20%.");

        var notifications = await asker.NotificationsAsync();
        Assert.Equal(0, notifications.GetProperty("unread").GetInt32());
        Assert.Empty(notifications.GetProperty("items").EnumerateArray());
    }

    // ---------- market-dialogue record ----------

    public static TheoryData<Persona, HttpStatusCode> ExportRights() => new()
    {
        { Persona.Buyer, HttpStatusCode.OK },
        { Persona.Moderator, HttpStatusCode.OK },
        { Persona.Supplier, HttpStatusCode.Forbidden },
        { Persona.Facilitator, HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(ExportRights))]
    public async Task Market_dialogue_record_export(Persona persona, HttpStatusCode expected)
    {
        var thread = world.Threads["MarketDialogue"];
        await world[Persona.Supplier].ReplyAsync(thread.Id, "We take back and refurbish **every chair**.", mentionsOwnOffering: true);

        using var response = await world[persona].Http.GetAsync($"/api/v1/rooms/{thread.Room}/record.html");

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK) return;
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(System.Net.WebUtility.HtmlEncode(thread.Title), html);
        var posts = (await world[Persona.Buyer].ThreadAsync(thread.Id)).Posts();
        Assert.True(posts.Count >= 3);
        foreach (var post in posts)
        {
            Assert.Contains(post.Str("bodyHtml"), html);
        }
        Assert.Contains(world[Persona.Supplier].Organisation!, html);
        Assert.DoesNotContain(world.Threads["BuyersOnly"].Marker, html);
        Assert.DoesNotContain(world.Threads["Open"].Marker, html);
    }

    [Fact]
    public async Task A_supplier_asking_for_the_record_of_a_buyers_only_room_gets_404()
    {
        using var response = await world[Persona.Supplier].Http.GetAsync($"/api/v1/rooms/{RoomsTestKit.BuyersOnlyRoom}/record.html");

        await AssertHiddenAsync(response, world.Threads["BuyersOnly"], "supplier exporting a buyers-only room");
    }
}
