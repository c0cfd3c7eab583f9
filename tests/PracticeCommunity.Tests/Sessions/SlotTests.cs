using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Sessions;

/// <summary>Issue 9: one-to-one slots at a buyer-meets-supplier session, booked fairly and once.</summary>
public sealed class SlotTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Fact]
    public async Task Suppliers_book_one_to_one_slots_fairly_and_a_raced_slot_goes_to_one_of_them()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var buyerA = await App.JoinAsAsync(Persona.Buyer);
        using var buyerB = await App.JoinAsAsync(Persona.Buyer);
        var suppliers = new List<CommunityMember>();
        for (var i = 0; i < 5; i++) suppliers.Add(await App.JoinAsAsync(Persona.Supplier));
        using var unregistered = await App.JoinAsAsync(Persona.Supplier);
        var start = DateTime.UtcNow.Date.AddDays(25).AddHours(9);
        using var created = await moderator.Http.PostAsJsonAsync("/api/v1/sessions", new
        {
            title = Unique.Name("Buyer meets supplier: furniture"), description = "", format = "BuyerMeetsSupplier", audience = "Everyone",
            startsAt = start.ToString("yyyy-MM-dd'T'HH:mm:ss"), endsAt = start.AddHours(3).ToString("yyyy-MM-dd'T'HH:mm:ss"), timeZone = "UTC", place = "Brussels",
        });
        await CommunitySteps.EnsureAsync(created, HttpStatusCode.Created, "scheduling");
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).Id();
        foreach (var m in suppliers.Append(buyerA).Append(buyerB))
            using (var r = await m.Http.PostAsync($"/api/v1/sessions/{id}/registration", null)) Assert.Equal(HttpStatusCode.Created, r.StatusCode);

        // Without named hosts, every buyer with a place hosts: 2 buyers × 2 slots.
        using (var open = await moderator.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/slots", new { from = start.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm"), count = 2, minutes = 15 }))
            Assert.Equal(4, (await open.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        var slots = (await suppliers[0].Http.GetJsonAsync($"/api/v1/sessions/{id}/slots")).EnumerateArray().ToList();
        var first = slots[0].Id();

        var race = await Task.WhenAll(suppliers.Select(async s =>
        {
            using var response = await s.Http.PostAsync($"/api/v1/sessions/{id}/slots/{first}/booking", null);
            return response.StatusCode;
        }));
        Assert.Equal(1, race.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(4, race.Count(s => s == HttpStatusCode.Conflict));

        // Who booked is not shown to other suppliers; the host sees it.
        var winner = suppliers[Array.IndexOf(race, HttpStatusCode.OK)];
        var loser = suppliers.First(s => s != winner);
        var seenByLoser = (await loser.Http.GetJsonAsync($"/api/v1/sessions/{id}/slots")).EnumerateArray().Single(s => s.Id() == first);
        Assert.True(seenByLoser.GetProperty("taken").GetBoolean());
        Assert.Equal(JsonValueKind.Null, seenByLoser.GetProperty("bookedBy").ValueKind);
        var host = slots[0].Str("hostId") == buyerA.Id ? buyerA : buyerB;
        Assert.Equal(winner.DisplayName, (await host.Http.GetJsonAsync($"/api/v1/sessions/{id}/slots")).EnumerateArray().Single(s => s.Id() == first).Str("bookedBy"));

        // One per buyer; only confirmed suppliers; buyers do not book.
        var sameHost = slots.First(s => s.Id() != first && s.Str("hostId") == slots[0].Str("hostId")).Id();
        using (var twice = await winner.Http.PostAsync($"/api/v1/sessions/{id}/slots/{sameHost}/booking", null)) Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        using (var outsider = await unregistered.Http.PostAsync($"/api/v1/sessions/{id}/slots/{sameHost}/booking", null)) Assert.Equal(HttpStatusCode.Forbidden, outsider.StatusCode);
        using (var buyer = await buyerA.Http.PostAsync($"/api/v1/sessions/{id}/slots/{sameHost}/booking", null)) Assert.Equal(HttpStatusCode.Forbidden, buyer.StatusCode);
        using (var notTheirs = await loser.Http.DeleteAsync($"/api/v1/sessions/{id}/slots/{first}/booking")) Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        using (var freed = await winner.Http.DeleteAsync($"/api/v1/sessions/{id}/slots/{first}/booking")) Assert.Equal(HttpStatusCode.OK, freed.StatusCode);

        using (var outside = await moderator.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/slots", new { from = start.AddHours(5).ToString("yyyy-MM-dd'T'HH:mm"), count = 2, minutes = 15 }))
            Assert.True((await Problem.ReadAsync(outside)).Errors.ContainsKey("from"));
        using (var bad = await moderator.Http.PostAsJsonAsync($"/api/v1/sessions/{id}/slots", new { hostIds = new[] { suppliers[0].Id }, from = start.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm"), count = 0, minutes = 500 }))
        {
            var problem = await Problem.ReadAsync(bad);
            Assert.Equal(["count", "hostIds", "minutes"], problem.Errors.Keys.Order());
        }
        foreach (var s in suppliers) s.Dispose();
    }
}
