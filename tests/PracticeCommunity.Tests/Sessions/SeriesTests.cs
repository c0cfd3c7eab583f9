using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ical.Net;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Sessions;

/// <summary>Issue 9: a series keeps its wall-clock time across clock changes, takes one registration for all, and carries action items forward.</summary>
public sealed class SeriesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private static object Series(string startsAt, string endsAt, string every = "Weekly", int count = 4, int? capacity = 20) => new
    {
        title = Unique.Name("Learning set: circular ICT"), description = "", format = "PeerLearning", audience = "Everyone",
        startsAt, endsAt, timeZone = "Europe/Brussels", place = "Gent", capacity, repeat = new { every, count },
    };

    [Fact]
    public async Task A_weekly_series_keeps_14_00_across_the_spring_clock_change_and_registers_members_for_every_meeting()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var member = await App.JoinAsAsync(Persona.Buyer);
        using var created = await moderator.Http.PostAsJsonAsync("/api/v1/sessions", Series("2027-03-18T14:00:00", "2027-03-18T15:30:00"));
        await CommunitySteps.EnsureAsync(created, HttpStatusCode.Created, "scheduling a series");
        var first = await created.Content.ReadFromJsonAsync<JsonElement>();
        var series = first.GetProperty("series");
        Assert.Equal((1, 4), (series.GetProperty("number").GetInt32(), series.GetProperty("count").GetInt32()));
        var meetings = series.GetProperty("meetings").EnumerateArray().ToList();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");
        var local = meetings.Select(m => TimeZoneInfo.ConvertTime(m.GetProperty("startsAtUtc").GetDateTimeOffset(), zone).DateTime).ToList();
        Assert.Equal([new DateTime(2027, 3, 18, 14, 0, 0), new DateTime(2027, 3, 25, 14, 0, 0), new DateTime(2027, 4, 1, 14, 0, 0), new DateTime(2027, 4, 8, 14, 0, 0)], local);
        Assert.Equal(13, meetings[1].GetProperty("startsAtUtc").GetDateTimeOffset().UtcDateTime.Hour); // winter time
        Assert.Equal(12, meetings[2].GetProperty("startsAtUtc").GetDateTimeOffset().UtcDateTime.Hour); // summer time

        using var all = await member.Http.PostAsync($"/api/v1/series/{series.Id()}/registration", null);
        var results = await all.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["Confirmed", "Confirmed", "Confirmed", "Confirmed"], results.EnumerateArray().Select(r => r.Str("status")));
        using (var again = await member.Http.PostAsync($"/api/v1/series/{series.Id()}/registration", null))
            Assert.All((await again.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray(), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("status").ValueKind));

        var calendar = Calendar.Load(await member.Http.GetStringAsync($"/api/v1/series/{series.Id()}/calendar.ics"))!;
        Assert.Equal(4, calendar.Events.Select(e => e.Uid).Distinct().Count());
        Assert.All(calendar.Events, e => Assert.Equal(14, e.DtStart!.Value.Hour));

        // Each meeting is its own session: one can change without the others.
        var third = meetings[2].GetProperty("sessionId").GetInt64();
        var detail = await member.Http.GetJsonAsync($"/api/v1/sessions/{third}");
        Assert.Equal(3, detail.GetProperty("series").GetProperty("number").GetInt32());
    }

    [Theory]
    [InlineData("2027-03-21T02:30:00", "2027-03-21T03:30:00", "Weekly", 2)]   // the next falls in the hour the clocks skip
    [InlineData("2027-05-01T14:00:00", "2027-05-01T15:00:00", "Daily", 3)]
    [InlineData("2027-05-01T14:00:00", "2027-05-01T15:00:00", "Weekly", 1)]
    [InlineData("2027-05-01T14:00:00", "2027-05-01T15:00:00", "Weekly", 13)]
    public async Task A_bad_series_is_a_400_on_repeat_and_schedules_nothing(string startsAt, string endsAt, string every, int count)
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var before = (await moderator.Http.GetJsonAsync("/api/v1/sessions")).GetArrayLength();
        using var response = await moderator.Http.PostAsJsonAsync("/api/v1/sessions", Series(startsAt, endsAt, every, count));

        var problem = await Problem.ReadAsync(response);
        problem.AssertIsBadRequestProblem();
        Assert.Equal(["repeat"], problem.Errors.Keys);
        Assert.Equal(before, (await moderator.Http.GetJsonAsync("/api/v1/sessions")).GetArrayLength());
    }

    [Fact]
    public async Task The_next_meeting_opens_with_the_open_action_items_of_the_last_one()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var owner = await App.JoinAsAsync(Persona.Buyer);
        var start = SessionClock.LocalIn(10);
        var rooms = await moderator.RoomIdsAsync();
        using var created = await moderator.Http.PostAsJsonAsync("/api/v1/sessions", new
        {
            title = Unique.Name("Monthly peer learning"), description = "", format = "PeerLearning", audience = "Everyone",
            startsAt = start.ToString("yyyy-MM-dd'T'HH:mm:ss"), endsAt = start.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss"),
            timeZone = "Europe/Brussels", place = "Gent", roomIds = new[] { rooms[OpenRoom] }, repeat = new { every = "EveryFourWeeks", count = 2 },
        });
        await CommunitySteps.EnsureAsync(created, HttpStatusCode.Created, "scheduling");
        var first = await created.Content.ReadFromJsonAsync<JsonElement>();
        var second = first.GetProperty("series").GetProperty("meetings")[1].GetProperty("sessionId").GetInt64();
        using (var s = await moderator.Http.PostAsync($"/api/v1/sessions/{first.Id()}/live/start", null)) Assert.Equal(HttpStatusCode.OK, s.StatusCode);
        using (var e = await moderator.Http.PostAsync($"/api/v1/sessions/{first.Id()}/live/end", null)) Assert.Equal(HttpStatusCode.OK, e.StatusCode);
        using (var h = await moderator.Http.PostAsJsonAsync($"/api/v1/sessions/{first.Id()}/harvest", new
            { takeaways = "Bring numbers.", actionItems = new[] { new { text = "Collect the TCO figures", ownerId = owner.Id } } }))
            await CommunitySteps.EnsureAsync(h, HttpStatusCode.OK, "harvesting the first meeting");

        var next = await owner.Http.GetJsonAsync($"/api/v1/sessions/{second}");
        var open = Assert.Single(next.GetProperty("openActionItemsFromLastTime").EnumerateArray());
        Assert.Equal(("Collect the TCO figures", owner.DisplayName), (open.Str("text"), open.Str("ownerName")));
        Assert.Contains("Collect the TCO figures", await owner.Http.GetStringAsync($"/sessions/{second}"));
    }
}
