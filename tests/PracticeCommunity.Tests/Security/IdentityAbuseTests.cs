using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PracticeCommunity.Data;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Live;
using PracticeCommunity.Tests.Rooms;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Security;

/// <summary>
/// Security probe items 6 (impersonation), 7 (invisible characters), 8 (an email address shown as a name)
/// and 10 (the hub trusting a role for 30 seconds).
/// </summary>
public sealed class IdentityAbuseTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Theory]
    [InlineData("ANNA {0}")]
    [InlineData("Ánna {0}")]
    [InlineData("Anna\u00A0{0}")]
    [InlineData("Anna  {0}")]
    [InlineData("Ａｎｎａ {0}")]
    public async Task A_display_name_that_looks_like_another_members_is_refused(string lookalike)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        using var first = await App.MemberWithProfileAsync(Unique.Email("anna"), CommunitySteps.Profile("Facilitator", "Facilitator", displayName: $"Anna {suffix}"));

        using var second = await App.RegisterConfirmedMemberAsync(Unique.Email("impostor"));
        using var response = await second.PutProfileAsync(CommunitySteps.Profile("Facilitator", "Facilitator", displayName: string.Format(lookalike, suffix)));

        var problem = await Problem.ReadAsync(response);
        problem.AssertIsBadRequestProblem();
        Assert.Contains("displayName", problem.Errors.Keys);
        Assert.Null((await second.GetMeAsync()).GetProperty("role").GetString() is { } role ? role : null);
    }

    [Fact]
    public async Task Mention_suggestions_never_offer_two_identical_names()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var buyer = await App.JoinAsAsync(Persona.Buyer, displayName: $"Anna{suffix}");
        using var impostor = await App.RegisterConfirmedMemberAsync(Unique.Email("impostor"));
        using (var taken = await impostor.PutProfileAsync(CommunitySteps.Profile("Facilitator", "Facilitator", displayName: $"ANNA{suffix}")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        }
        var (threadId, _) = await buyer.StartThreadAsync(RoomsTestKit.OpenRoom);

        // Someone else asks (members are never offered themselves).
        var asker = await App.JoinAsAsync(Persona.Facilitator);
        var names = (await asker.Http.GetJsonAsync($"/api/v1/threads/{threadId}/mentions?prefix=anna{suffix}")).EnumerateArray().Select(n => n.GetString()).ToList();

        Assert.Equal([$"Anna{suffix}"], names);
    }

    [Fact]
    public async Task A_pending_buyer_who_picks_a_city_by_id_posts_labelled_as_not_yet_verified()
    {
        var city = await App.JoinAsAsync(Persona.Buyer, organisation: Unique.Name("Stad Gent"));
        var organisationId = (await city.Http.GetMeAsync()).GetProperty("organisation").GetProperty("id").GetInt32();

        // A newcomer from another domain picks that city from the list.
        using var newcomer = await App.RegisterConfirmedMemberAsync(Unique.Email("anna", "gmail.example"));
        var name = Unique.Name("Anna");
        using (var put = await newcomer.PutProfileAsync(new { displayName = name, timeZone = "Europe/Brussels", organisation = new { id = organisationId }, role = "Buyer", productGroups = new[] { "ict" } }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        Assert.Equal("Pending", await newcomer.RoleStatusAsync());

        var (threadId, _) = await city.StartThreadAsync(RoomsTestKit.OpenRoom);
        using var reply = await newcomer.PostReplyAsync(threadId, "Speaking for the city, or am I?");
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        var created = await reply.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Pending", created.GetProperty("author").GetProperty("roleStatus").GetString());

        var shown = (await city.ThreadAsync(threadId)).Post(created.Id());
        Assert.Equal(name, shown.GetProperty("author").GetProperty("displayName").GetString());
        Assert.Equal("Pending", shown.GetProperty("author").GetProperty("roleStatus").GetString());
        Assert.Equal(JsonValueKind.Null, (await city.ThreadAsync(threadId)).Post(created.Id() - 1).GetProperty("author").GetProperty("roleStatus").ValueKind);
    }

    [Fact]
    public async Task A_public_body_address_of_another_city_does_not_grant_Buyer_status_in_this_one()
    {
        var city = await App.JoinAsAsync(Persona.Buyer, organisation: Unique.Name("Stad Antwerpen"));
        var organisationId = (await city.Http.GetMeAsync()).GetProperty("organisation").GetProperty("id").GetInt32();

        // The city was created from a gent.be address; a colleague on a subdomain of it joins at once.
        using var outsider = await App.RegisterConfirmedMemberAsync(Unique.Email("outsider", "other.gent.be"));
        using (var put = await outsider.PutProfileAsync(new { displayName = Unique.Name("Olaf"), timeZone = "Europe/Brussels", organisation = new { id = organisationId }, role = "Buyer", productGroups = new[] { "ict" } }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        Assert.Equal("Granted", await outsider.RoleStatusAsync());

        // Now the city is someone else's domain: a gent.be address (on the public-body list) picking it waits for a moderator.
        await using (var db = await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            await db.Organisations.Where(o => o.Id == organisationId).ExecuteUpdateAsync(s => s.SetProperty(o => o.EmailDomain, "antwerpen.be"));
        }
        using var gentBuyer = await App.RegisterConfirmedMemberAsync(Unique.Email("gentbuyer", CommunityAppFactory.PublicBodyDomain));
        using (var put = await gentBuyer.PutProfileAsync(new { displayName = Unique.Name("Gert"), timeZone = "Europe/Brussels", organisation = new { id = organisationId }, role = "Buyer", productGroups = new[] { "ict" } }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        Assert.Equal("Pending", await gentBuyer.RoleStatusAsync());
    }

    public static TheoryData<string> InvisibleCharacters => new()
    {
        "\u202E", // right-to-left override
        "\u200B", // zero-width space
        "\u200D", // zero-width joiner
        "\u2066", "\u2067", "\u2068", "\u2069", // isolates
        "\uFEFF", // zero-width no-break space
        "\u2028", // line separator
        "\u2029", // paragraph separator
        "\u0007", // bell (a control character, refused before too)
    };

    [Theory]
    [MemberData(nameof(InvisibleCharacters))]
    public async Task Names_and_titles_with_invisible_characters_are_refused_on_every_path(string invisible)
    {
        using var member = await App.RegisterConfirmedMemberAsync(Unique.Email("invisible"));
        using (var name = await member.PutProfileAsync(CommunitySteps.Profile("Facilitator", "Facilitator", displayName: $"Ev{invisible}e {Guid.NewGuid():N}"[..20])))
        {
            Assert.Contains("displayName", (await Problem.ReadAsync(name)).Errors.Keys);
        }
        using (var organisation = await member.PutProfileAsync(CommunitySteps.Profile("Facilitator", "Facilitator", organisationName: $"Kennis{invisible}Partners {Guid.NewGuid():N}")))
        {
            Assert.Contains("organisation.name", (await Problem.ReadAsync(organisation)).Errors.Keys);
        }
        Assert.Equal(JsonValueKind.Null, (await member.GetMeAsync()).GetProperty("role").ValueKind);

        var buyer = await App.JoinAsAsync(Persona.Buyer);
        var title = $"Desk{invisible}leasing {Guid.NewGuid():N}";
        using (var thread = await buyer.Http.PostThreadAsync(RoomsTestKit.OpenRoom, new { title, body = "x", kind = "PracticeQuestion", tags = Array.Empty<string>() }))
        {
            Assert.Contains("title", (await Problem.ReadAsync(thread)).Errors.Keys);
        }
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Threads.AnyAsync(t => t.Title == title));
    }

    [Fact]
    public async Task A_member_without_a_profile_is_New_member_live_and_cannot_post()
    {
        var buyer = await App.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await buyer.StartThreadAsync(RoomsTestKit.OpenRoom);
        await using var watcher = await HubProbe.ConnectAsync(App, buyer.Token);
        await watcher.JoinThreadAsync(threadId);

        var email = Unique.Email("noname");
        await App.CreateConfirmedAccountAsync(email);
        await using (var db = await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, ""));
        }
        var token = await App.LoginAsync(email);
        await using var newcomer = await HubProbe.ConnectAsync(App, token);
        await newcomer.JoinThreadAsync(threadId);
        await newcomer.Connection.InvokeAsync("Typing", threadId);

        var presence = await watcher.WaitForAsync("PresenceChanged", e => e.IsFor(threadId) && e.GetProperty("members").GetArrayLength() == 2);
        var typing = await watcher.WaitForAsync("Typing", e => e.IsFor(threadId));
        Assert.Contains("New member", presence.GetProperty("members").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("New member", typing.GetProperty("displayName").GetString());
        Assert.DoesNotContain(email, watcher.Describe(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(email.Split('@')[0], string.Join(" ", watcher.All.Select(e => e.Payload.ToString())), StringComparison.OrdinalIgnoreCase);

        var error = await HubProbe.HubErrorAsync(() => newcomer.SendPostAsync(threadId, "Hello"));
        Assert.Contains("Complete your profile", error, StringComparison.Ordinal);
        using var api = App.ClientWithToken(token);
        using var post = await api.PostReplyAsync(threadId, "Hello");
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
    }

    [Fact]
    public async Task A_buyer_who_becomes_a_supplier_loses_the_buyers_only_thread_on_the_hub_at_once()
    {
        var switcher = await App.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await switcher.StartThreadAsync(RoomsTestKit.BuyersOnlyRoom);
        await using var hub = await HubProbe.ConnectAsync(App, switcher.Token);
        await hub.JoinThreadAsync(threadId);
        await hub.SendPostAsync(threadId, "Still a buyer.");

        using (var put = await switcher.Http.PutProfileAsync(CommunitySteps.Profile("Supplier", "Supplier", displayName: switcher.DisplayName)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        Assert.EndsWith("Not found.", await HubProbe.HubErrorAsync(() => hub.SendPostAsync(threadId, "Now a supplier, posting as a buyer?")));
        Assert.EndsWith("Not found.", await HubProbe.HubErrorAsync(() => hub.Connection.InvokeAsync("Typing", threadId)));
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Posts.AnyAsync(p => p.ThreadId == threadId && p.BodyMarkdown.StartsWith("Now a supplier")));
    }
}
