using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Cases;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Moderation;

/// <summary>Issue 12, data rights: a member's export holds exactly their data; deleting an account erases them and keeps their posts readable.</summary>
public sealed class DataRightsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private static async Task<Dictionary<string, string>> ExportAsync(CommunityMember member)
    {
        using var response = await member.Http.GetAsync("/api/v1/me/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        var files = new Dictionary<string, string>();
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            files[entry.FullName] = await reader.ReadToEndAsync();
            JsonDocument.Parse(files[entry.FullName]).Dispose(); // every file is JSON
        }
        return files;
    }

    [Fact]
    public async Task The_export_holds_exactly_the_members_data_and_nobody_elses()
    {
        using var me = await App.JoinAsAsync(Persona.Buyer);
        using var other = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var mine = Unique.Name("my own words");
        var theirs = Unique.Name("someone else's words");
        var (threadId, openingId) = await me.StartThreadAsync(OpenRoom, body: mine);
        await other.ReplyAsync(threadId, theirs);
        using (var edit = await me.Http.PutAsJsonAsync($"/api/v1/threads/{threadId}/posts/{openingId}", new { body = mine + " (edited)" }))
            await CommunitySteps.EnsureAsync(edit, HttpStatusCode.OK, "editing my post");
        await CaseSteps.PublishCaseAsync(me.Http, moderator.Http, CaseSteps.Body(Unique.Name("My case")));
        await other.ProposeAsync(CaseSteps.Body(Unique.Name("Their draft")));

        var files = await ExportAsync(me);
        Assert.Superset(new HashSet<string> { "profile.json", "posts.json", "threads.json", "cases.json", "replications.json", "registrations.json", "follows.json", "flags.json", "notifications.json" },
            files.Keys.ToHashSet());
        Assert.Contains(me.Email, files["profile.json"], StringComparison.OrdinalIgnoreCase);
        Assert.Contains(mine + " (edited)", files["posts.json"]);
        Assert.Contains(mine, files["posts.json"]); // the earlier version too
        Assert.Contains("My case", files["cases.json"]);
        var all = string.Concat(files.Values);
        Assert.DoesNotContain(theirs, all);
        Assert.DoesNotContain("Their draft", all);
        Assert.DoesNotContain(other.Email, all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(other.Id, all);
    }

    [Fact]
    public async Task A_buyer_who_became_a_supplier_exports_their_own_replies_but_not_the_buyers_only_threads_around_them()
    {
        using var turncoat = await App.JoinAsAsync(Persona.Buyer);
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        var secretTitle = Unique.Name("Our budget for the desk tender");
        var (secret, _) = await buyer.StartThreadAsync(BuyersOnlyRoom, title: secretTitle);
        var myWords = Unique.Name("my reply between buyers");
        await turncoat.ReplyAsync(secret, myWords);
        using (var put = await turncoat.Http.PutProfileAsync(CommunitySteps.Profile("Supplier", "Supplier", Unique.Name("Bidder BV"), displayName: turncoat.DisplayName)))
            await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, "becoming a supplier");

        var all = string.Concat((await ExportAsync(turncoat)).Values);
        Assert.Contains(myWords, all);
        Assert.DoesNotContain(secretTitle, all);
    }

    [Fact]
    public async Task Deleting_an_account_erases_the_person_keeps_the_threads_readable_and_ends_every_sign_in()
    {
        using var leaver = await App.JoinAsAsync(Persona.Buyer, organisation: Unique.Name("Stad Brugge"));
        using var reader = await App.JoinAsAsync(Persona.Supplier);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var words = Unique.Name("Lease the furniture, do not buy it");
        var (threadId, _) = await leaver.StartThreadAsync(OpenRoom, body: words);
        var published = await CaseSteps.PublishCaseAsync(leaver.Http, moderator.Http);
        var draft = await leaver.ProposeAsync(CaseSteps.Body(Unique.Name("Unfinished draft")));

        var (wrong, problem) = await leaver.SendAsync(HttpMethod.Delete, "/api/v1/me", new { password = "not my password" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong);
        Assert.Contains("password", problem.ErrorFields());
        Assert.Equal(HttpStatusCode.OK, (await leaver.SendAsync(HttpMethod.Get, "/api/v1/me")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await leaver.SendAsync(HttpMethod.Delete, "/api/v1/me", new { password = CommunitySteps.Password })).Status);

        // Every sign-in ends: the token no longer works, and the password no longer signs in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await leaver.SendAsync(HttpMethod.Get, "/api/v1/me")).Status);
        using (var login = await App.PostLoginAsync(leaver.Email))
            Assert.NotEqual(HttpStatusCode.OK, login.StatusCode);

        // The thread reads on, by a former member; nothing says who they were.
        var thread = await reader.ThreadAsync(threadId);
        var opening = thread.Posts()[0];
        Assert.Contains(words, opening.Str("bodyHtml"));
        Assert.Equal("Former member", opening.GetProperty("author").Str("displayName"));
        using var raw = await reader.Http.GetAsync($"/api/v1/threads/{threadId}");
        var text = await raw.Content.ReadAsStringAsync();
        Assert.DoesNotContain(leaver.DisplayName, text);
        Assert.DoesNotContain(leaver.Email, text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.SendAsync(HttpMethod.Get, $"/api/v1/members/{leaver.Id}")).Status);
        var directory = await reader.Http.GetStringAsync($"/api/v1/members?q={Uri.EscapeDataString(leaver.DisplayName)}");
        Assert.DoesNotContain(leaver.Id, directory);

        // Nobody takes the name deleted accounts go by.
        using (var pose = await reader.Http.PutProfileAsync(CommunitySteps.Profile("Supplier", "Supplier", Unique.Name("Poser BV"), displayName: "Former Member")))
            Assert.Equal(HttpStatusCode.BadRequest, pose.StatusCode);

        // The published case stays, by a former member; the draft is gone.
        var kept = await reader.Http.GetJsonAsync($"/api/v1/cases/{published}");
        Assert.Equal("Former member", kept.GetProperty("owner").Str("displayName"));
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.SendAsync(HttpMethod.Get, $"/api/v1/cases/{draft}")).Status);
    }
}
