using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using System.Net.Http.Json;
using System.Text.Json;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Sessions;

/// <summary>Issue 9, live mode and harvest over the API: who takes part, what they see, and follow-up threads for action items.</summary>
public sealed class LiveAndHarvestTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    /// <summary>A session that starts in ten minutes (live mode opens 30 minutes before), linked to the open room.</summary>
    private async Task<long> SoonAsync(CommunityMember moderator, bool chathamHouse = false)
    {
        var start = SessionClock.LocalIn(10);
        var rooms = await moderator.RoomIdsAsync();
        using var response = await moderator.Http.PostAsJsonAsync("/api/v1/sessions", new
        {
            title = Unique.Name("Peer learning live"), description = "", format = "PeerLearning", audience = "Everyone",
            startsAt = start.ToString("yyyy-MM-dd'T'HH:mm:ss"), endsAt = start.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss"),
            timeZone = "Europe/Brussels", onlineUrl = "https://meet.example.org/live", capacity = 10, chathamHouse, roomIds = new[] { rooms[OpenRoom] },
        });
        await CommunitySteps.EnsureAsync(response, HttpStatusCode.Created, "scheduling a session that starts soon");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Id();
    }

    private static async Task<JsonElement> OkAsync(Task<HttpResponseMessage> call, string doing)
    {
        using var response = await call;
        await CommunitySteps.EnsureAsync(response, HttpStatusCode.OK, doing);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_moderator_runs_a_session_live_attendees_follow_raise_hands_and_check_in_then_the_harvest_opens_follow_up_threads()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        using var outsider = await App.JoinAsAsync(Persona.Buyer);
        var id = await SoonAsync(moderator);
        foreach (var m in new[] { buyer, supplier })
            using (var r = await m.Http.PostAsync($"/api/v1/sessions/{id}/registration", null)) Assert.Equal(HttpStatusCode.Created, r.StatusCode);

        // Only those with a place, presenters and moderators take part.
        using (var refused = await outsider.Http.GetAsync($"/api/v1/sessions/{id}/live")) Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var notYet = await buyer.Http.PostAsync($"/api/v1/sessions/{id}/live/hand", null)) Assert.Equal(HttpStatusCode.Conflict, notYet.StatusCode);
        using (var notModerator = await buyer.Http.PostAsync($"/api/v1/sessions/{id}/live/start", null)) Assert.Equal(HttpStatusCode.Forbidden, notModerator.StatusCode);

        var started = await OkAsync(moderator.Http.PostAsync($"/api/v1/sessions/{id}/live/start", null), "starting");
        Assert.Equal(0, started.GetProperty("currentItem").GetInt32());
        await OkAsync(moderator.Http.PostAsync($"/api/v1/sessions/{id}/live/next", null), "next item");
        await OkAsync(moderator.Http.PutAsJsonAsync($"/api/v1/sessions/{id}/live/notes", new { notes = "Lease, don't buy.\nAsk for take-back." }), "notes");
        var seen = await buyer.Http.GetJsonAsync($"/api/v1/sessions/{id}/live");
        Assert.Equal(1, seen.GetProperty("currentItem").GetInt32());
        Assert.Equal("Lease, don't buy.\nAsk for take-back.", seen.Str("notes"));
        Assert.True(seen.GetProperty("isLive").GetBoolean());

        var raised = await OkAsync(buyer.Http.PostAsync($"/api/v1/sessions/{id}/live/hand", null), "raising a hand");
        Assert.True(raised.GetProperty("myHandRaised").GetBoolean());
        await OkAsync(buyer.Http.PostAsync($"/api/v1/sessions/{id}/live/check-in", null), "checking in");
        var queue = await moderator.Http.GetJsonAsync($"/api/v1/sessions/{id}/live");
        var hand = Assert.Single(queue.GetProperty("hands").EnumerateArray());
        Assert.Equal(buyer.DisplayName, hand.Str("displayName"));
        Assert.Equal([buyer.Id], queue.GetProperty("checkedIn").EnumerateArray().Select(a => a.Str("memberId")));
        using (var notYours = await buyer.Http.DeleteAsync($"/api/v1/sessions/{id}/live/hands/{hand.Id()}")) Assert.Equal(HttpStatusCode.Forbidden, notYours.StatusCode);
        var lowered = await OkAsync(moderator.Http.DeleteAsync($"/api/v1/sessions/{id}/live/hands/{hand.Id()}"), "lowering the hand");
        Assert.Empty(lowered.GetProperty("hands").EnumerateArray());

        using (var tooLong = await moderator.Http.PutAsJsonAsync($"/api/v1/sessions/{id}/live/notes", new { notes = new string('n', 20_001) }))
            Assert.True((await Problem.ReadAsync(tooLong)).Errors.ContainsKey("notes"));
        using (var attendeeNotes = await buyer.Http.PutAsJsonAsync($"/api/v1/sessions/{id}/live/notes", new { notes = "mine" }))
            Assert.Equal(HttpStatusCode.Forbidden, attendeeNotes.StatusCode);

        var ended = await OkAsync(moderator.Http.PostAsync($"/api/v1/sessions/{id}/live/end", null), "ending");
        Assert.Equal("Held", ended.Str("status"));
        using (var afterEnd = await buyer.Http.PostAsync($"/api/v1/sessions/{id}/live/hand", null)) Assert.Equal(HttpStatusCode.Conflict, afterEnd.StatusCode);

        // The harvest: attendance from check-in plus the supplier, takeaways, a thread to continue in, and an action item for the buyer.
        var (linkedThread, _) = await buyer.StartThreadAsync(OpenRoom, "Take-back pricing, continued");
        var due = DateTime.UtcNow.Date.AddDays(30).ToString("yyyy-MM-dd");
        var harvest = await OkAsync(moderator.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/harvest", new
        {
            attendeeIds = new[] { buyer.Id, supplier.Id },
            takeaways = "Leasing beats buying for desks.",
            openQuestions = "How to price take-back?",
            threadIds = new[] { linkedThread },
            actionItems = new[] { new { text = "Draft a lease clause for desks", ownerId = buyer.Id, dueDate = due } },
        }), "harvesting");
        var item = Assert.Single(harvest.GetProperty("actionItems").EnumerateArray());
        Assert.Equal(buyer.DisplayName, item.Str("ownerName"));
        Assert.Equal(2, harvest.GetProperty("attendance").GetArrayLength());
        var thread = await buyer.ThreadAsync(item.GetProperty("threadId").GetInt64());
        Assert.Equal("SessionFollowUp", thread.Str("kind"));
        Assert.Contains("Draft a lease clause for desks", thread.Posts()[0].Str("bodyHtml"));
        // The owner hears of an action item (its own kind, emailed under "actionItems"), not of a plain mention.
        Assert.Contains((await buyer.NotificationsAsync()).GetProperty("items").EnumerateArray(), n => n.Str("kind") == "ActionItemAssigned" && n.GetProperty("threadId").GetInt64() == thread.Id());
        Assert.Equal("Harvested", (await supplier.Http.GetJsonAsync($"/api/v1/sessions/{id}")).Str("status"));
        var harvested = await supplier.Http.GetJsonAsync($"/api/v1/sessions/{id}/harvest");
        Assert.Equal("Leasing beats buying for desks.", harvested.Str("takeaways"));
        Assert.Equal([linkedThread], harvested.GetProperty("threads").EnumerateArray().Select(t => t.Id()));
        using (var twice = await moderator.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/harvest", new { takeaways = "again" })) Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        var page = await supplier.Http.GetStringAsync($"/sessions/{id}");
        Assert.Contains("Leasing beats buying for desks.", page);

        // The owner finds the action item on their home and marks it done; nobody else may.
        var mine = await buyer.Http.GetJsonAsync("/api/v1/me/action-items");
        Assert.Equal(item.Id(), Assert.Single(mine.EnumerateArray()).Id());
        Assert.Contains((await buyer.Http.GetJsonAsync("/api/v1/me/home")).GetProperty("myActionItems").EnumerateArray(), a => a.Id() == item.Id());
        using (var notOwner = await supplier.Http.PostAsync($"/api/v1/action-items/{item.Id()}/done", null)) Assert.Equal(HttpStatusCode.Forbidden, notOwner.StatusCode);
        using (var done = await buyer.Http.PostAsync($"/api/v1/action-items/{item.Id()}/done", null)) Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
        Assert.Empty((await buyer.Http.GetJsonAsync("/api/v1/me/action-items")).EnumerateArray());
    }

    public static TheoryData<string, string> BadHarvests => new()
    {
        { """{ "actionItems": [ { "text": "", "ownerId": "OWNER" } ] }""", "actionItems" },
        { """{ "actionItems": [ { "text": "Do it", "ownerId": "no-such-member" } ] }""", "actionItems" },
        { """{ "actionItems": [ { "text": "Do it", "ownerId": "OWNER", "dueDate": "30/04/2027" } ] }""", "actionItems" },
        { """{ "attendeeIds": [ "no-such-member" ] }""", "attendeeIds" },
        { """{ "takeaways": "Hidden\u202Etext" }""", "takeaways" },
        { """{ "threadIds": [ 999999999 ] }""", "threadIds" },
    };

    [Theory]
    [MemberData(nameof(BadHarvests))]
    public async Task A_bad_harvest_is_refused_on_its_field_and_changes_nothing(string json, string field)
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var owner = await App.JoinAsAsync(Persona.Buyer);
        var id = await SoonAsync(moderator);
        await OkAsync(moderator.Http.PostAsync($"/api/v1/sessions/{id}/live/start", null), "starting");
        await OkAsync(moderator.Http.PostAsync($"/api/v1/sessions/{id}/live/end", null), "ending");

        using var response = await moderator.Http.PostAsync($"/api/v1/sessions/{id}/harvest",
            new StringContent(json.Replace("OWNER", owner.Id), System.Text.Encoding.UTF8, "application/json"));

        var problem = await Problem.ReadAsync(response);
        problem.AssertIsBadRequestProblem();
        Assert.True(problem.Errors.ContainsKey(field), string.Join(", ", problem.Errors.Keys));
        Assert.Equal("Held", (await moderator.Http.GetJsonAsync($"/api/v1/sessions/{id}")).Str("status"));
    }

    [Fact]
    public async Task Under_the_Chatham_House_rule_attendees_see_hands_but_not_whose()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var first = await App.JoinAsAsync(Persona.Buyer);
        using var second = await App.JoinAsAsync(Persona.Buyer);
        var id = await SoonAsync(moderator, chathamHouse: true);
        foreach (var m in new[] { first, second })
            using (var r = await m.Http.PostAsync($"/api/v1/sessions/{id}/registration", null)) Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        await OkAsync(moderator.Http.PostAsync($"/api/v1/sessions/{id}/live/start", null), "starting");
        await OkAsync(first.Http.PostAsync($"/api/v1/sessions/{id}/live/hand", null), "raising a hand");

        await OkAsync(first.Http.PostAsync($"/api/v1/sessions/{id}/live/check-in", null), "checking in");
        var toOther = await second.Http.GetJsonAsync($"/api/v1/sessions/{id}/live");
        var hand = Assert.Single(toOther.GetProperty("hands").EnumerateArray());
        Assert.Equal(("", ""), (hand.Str("displayName"), hand.Str("memberId")));
        Assert.Empty(toOther.GetProperty("checkedIn").EnumerateArray());
        Assert.Equal(1, toOther.GetProperty("checkedInCount").GetInt32());
        Assert.DoesNotContain(first.Id, toOther.GetRawText());
        Assert.DoesNotContain(first.DisplayName, toOther.GetRawText());
        var toModerator = await moderator.Http.GetJsonAsync($"/api/v1/sessions/{id}/live");
        Assert.Equal(first.DisplayName, Assert.Single(toModerator.GetProperty("hands").EnumerateArray()).Str("displayName"));
    }

    [Fact]
    public async Task A_script_follows_a_live_session_over_the_hub_and_an_outsider_cannot_join()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var attendee = await App.JoinAsAsync(Persona.Buyer);
        using var outsider = await App.JoinAsAsync(Persona.Supplier);
        var id = await SoonAsync(moderator);
        using (var r = await attendee.Http.PostAsync($"/api/v1/sessions/{id}/registration", null)) Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        await using var hub = await Live.HubProbe.ConnectAsync(App, attendee.Token, "attendee");
        await using var other = await Live.HubProbe.ConnectAsync(App, outsider.Token, "outsider");

        await hub.Connection.InvokeAsync("JoinSession", id);
        var refused = await Live.HubProbe.HubErrorAsync(() => other.Connection.InvokeAsync("JoinSession", id));
        Assert.Contains("confirmed place", refused);
        Assert.Contains("Not found", await Live.HubProbe.HubErrorAsync(() => other.Connection.InvokeAsync("JoinSession", 999_999_999L)));

        await OkAsync(moderator.Http.PostAsync($"/api/v1/sessions/{id}/live/start", null), "starting");
        var changed = await hub.WaitForAsync("SessionLiveChanged", e => e.GetProperty("sessionId").GetInt64() == id);
        Assert.Equal(["sessionId"], changed.EnumerateObject().Select(p => p.Name));
        Assert.Empty(other.Received("SessionLiveChanged"));
    }
}
