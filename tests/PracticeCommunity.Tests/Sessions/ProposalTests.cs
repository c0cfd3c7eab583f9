using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Sessions;

/// <summary>Issue 9: members propose sessions and +1 them; moderators see them ranked and schedule or close them.</summary>
public sealed class ProposalTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private static async Task<JsonElement> ProposeAsync(CommunityMember member, string title, params int[] roomIds)
    {
        using var response = await member.Http.PostAsJsonAsync("/api/v1/session-proposals", new { title, why = "We all tender cleaning next year.", format = "PeerLearning", roomIds });
        await CommunitySteps.EnsureAsync(response, HttpStatusCode.Created, "proposing");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Proposals_are_ranked_by_plus_ones_one_per_member_and_scheduling_one_closes_it()
    {
        using var proposer = await App.JoinAsAsync(Persona.Buyer);
        using var fan = await App.JoinAsAsync(Persona.Supplier);
        using var other = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var quiet = await ProposeAsync(proposer, Unique.Name("Quiet topic"));
        var wanted = await ProposeAsync(proposer, Unique.Name("Cleaning as a service"));

        foreach (var voter in new[] { fan, other })
            using (var v = await voter.Http.PostAsync($"/api/v1/session-proposals/{wanted.Id()}/vote", null)) await CommunitySteps.EnsureAsync(v, HttpStatusCode.OK, "voting");
        using (var twice = await fan.Http.PostAsync($"/api/v1/session-proposals/{wanted.Id()}/vote", null))
            Assert.Equal(2, (await twice.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("votes").GetInt32());
        using (var own = await proposer.Http.PostAsync($"/api/v1/session-proposals/{wanted.Id()}/vote", null)) Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);
        using (var back = await other.Http.DeleteAsync($"/api/v1/session-proposals/{wanted.Id()}/vote"))
            Assert.Equal(1, (await back.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("votes").GetInt32());

        var ranked = (await moderator.Http.GetJsonAsync("/api/v1/session-proposals")).EnumerateArray().Select(p => p.Id()).ToList();
        Assert.True(ranked.IndexOf(wanted.Id()) < ranked.IndexOf(quiet.Id()), "the most wanted comes first");

        var start = DateTime.UtcNow.Date.AddDays(40).AddHours(10);
        using var scheduled = await moderator.Http.PostAsJsonAsync("/api/v1/sessions", new
        {
            title = wanted.Str("title"), description = "", format = "PeerLearning", audience = "Everyone", timeZone = "Europe/Brussels",
            startsAt = start.ToString("yyyy-MM-dd'T'HH:mm:ss"), endsAt = start.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss"),
            place = "Gent", proposalId = wanted.Id(),
        });
        await CommunitySteps.EnsureAsync(scheduled, HttpStatusCode.Created, "scheduling from the proposal");
        var sessionId = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).Id();
        Assert.DoesNotContain((await fan.Http.GetJsonAsync("/api/v1/session-proposals")).EnumerateArray(), p => p.Id() == wanted.Id());
        var closed = (await fan.Http.GetJsonAsync("/api/v1/session-proposals?all=true")).EnumerateArray().Single(p => p.Id() == wanted.Id());
        Assert.Equal(("Scheduled", sessionId), (closed.Str("status"), closed.GetProperty("sessionId").GetInt64()));
        using (var late = await other.Http.PostAsync($"/api/v1/session-proposals/{wanted.Id()}/vote", null)) Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);

        using (var notModerator = await fan.Http.PostAsync($"/api/v1/session-proposals/{quiet.Id()}/decline", null)) Assert.Equal(HttpStatusCode.Forbidden, notModerator.StatusCode);
        using (var declined = await moderator.Http.PostAsync($"/api/v1/session-proposals/{quiet.Id()}/decline", null))
            Assert.Equal("Declined", (await declined.Content.ReadFromJsonAsync<JsonElement>()).Str("status"));
    }

    [Fact]
    public async Task A_proposal_linked_to_a_buyers_only_room_is_buyers_only_and_bad_proposals_are_refused()
    {
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        var rooms = await buyer.RoomIdsAsync();
        var secret = await ProposeAsync(buyer, "Budget talk between buyers", rooms[BuyersOnlyRoom]);
        Assert.Equal("BuyersOnly", secret.Str("audience"));

        Assert.DoesNotContain("Budget talk", (await supplier.Http.GetJsonAsync("/api/v1/session-proposals?all=true")).GetRawText());
        using (var vote = await supplier.Http.PostAsync($"/api/v1/session-proposals/{secret.Id()}/vote", null)) Assert.Equal(HttpStatusCode.NotFound, vote.StatusCode);
        using (var hidden = await supplier.Http.PostAsJsonAsync("/api/v1/session-proposals", new { title = "Sneaky", why = "x", roomIds = new[] { rooms[BuyersOnlyRoom] } }))
            Assert.True((await Problem.ReadAsync(hidden)).Errors.ContainsKey("roomIds"));

        foreach (var (body, field) in new (object, string)[]
        {
            (new { title = "", why = "Because." }, "title"),
            (new { title = "Fine", why = "" }, "why"),
            (new { title = "Bad\u202Eformat", why = "Because." }, "title"),
            (new { title = "Fine", why = "Because.", format = "Party" }, "format"),
            (new { title = new string('t', 201), why = "Because." }, "title"),
        })
        {
            using var response = await buyer.Http.PostAsJsonAsync("/api/v1/session-proposals", body);
            var problem = await Problem.ReadAsync(response);
            problem.AssertIsBadRequestProblem();
            Assert.True(problem.Errors.ContainsKey(field), string.Join(", ", problem.Errors.Keys));
        }
    }
}
