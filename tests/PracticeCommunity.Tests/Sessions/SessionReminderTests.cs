using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Email;
using PracticeCommunity.Features.Sessions;
using PracticeCommunity.Hosting;
using PracticeCommunity.Localization;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Sessions;

/// <summary>Issue 9: reminders 24 h and 1 h before, and harvest reminders 3 and 7 days after, each once, on a fake clock, at the real SMTP catcher.</summary>
public sealed class SessionReminderTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private SessionReminders RemindersAt(FakeTimeProvider clock) => ActivatorUtilities.CreateInstance<SessionReminders>(App.Services, clock);

    [Fact]
    public async Task Registrants_are_reminded_a_day_and_an_hour_before_and_the_moderator_to_harvest_after_3_and_7_days_each_once()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using var waiting = await App.JoinAsAsync(Persona.Buyer);
        var start = DateTime.UtcNow.Date.AddDays(10).AddHours(14);
        using var created = await moderator.Http.PostAsJsonAsync("/api/v1/sessions", new
        {
            title = Unique.Name("Webinar: reminders"), description = "", format = "Webinar", audience = "Everyone",
            startsAt = start.ToString("yyyy-MM-dd'T'HH:mm:ss"), endsAt = start.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss"),
            timeZone = "UTC", onlineUrl = "https://meet.example.org/remind", capacity = 1,
        });
        await CommunitySteps.EnsureAsync(created, HttpStatusCode.Created, "scheduling");
        var session = await created.Content.ReadFromJsonAsync<JsonElement>();
        var startsAt = session.GetProperty("startsAtUtc").GetDateTimeOffset();
        var endsAt = session.GetProperty("endsAtUtc").GetDateTimeOffset();
        using (var r = await buyer.Http.PostAsync($"/api/v1/sessions/{session.Id()}/registration", null)) Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        using (var w = await waiting.Http.PostAsync($"/api/v1/sessions/{session.Id()}/registration", null)) Assert.Equal(HttpStatusCode.Created, w.StatusCode);
        var clock = new FakeTimeProvider(startsAt - TimeSpan.FromHours(25));

        async Task<int> RemindersToAsync(string email) => (await App.OutboxKindsToAsync(email)).Count(k => k == OutboxKinds.SessionReminder);

        await RemindersAt(clock).RunDueAsync();
        Assert.Equal(0, await RemindersToAsync(buyer.Email));

        clock.SetUtcNow(startsAt - TimeSpan.FromHours(23));
        await RemindersAt(clock).RunDueAsync();
        await RemindersAt(clock).RunDueAsync();
        Assert.Equal(1, await RemindersToAsync(buyer.Email));
        var tomorrow = await App.Mail.WaitForEmailToAsync(buyer.Email, "Tomorrow:");
        Assert.Contains("https://meet.example.org/remind", tomorrow.Text);

        clock.SetUtcNow(startsAt - TimeSpan.FromMinutes(40));
        await RemindersAt(clock).RunDueAsync();
        await RemindersAt(clock).RunDueAsync();
        Assert.Equal(2, await RemindersToAsync(buyer.Email));
        await App.Mail.WaitForEmailToAsync(buyer.Email, "In an hour:");
        // Only confirmed places are reminded: the waitlisted member hears nothing.
        Assert.Equal(0, await RemindersToAsync(waiting.Email));

        // Never harvested: the moderator who scheduled it is reminded after 3 days and after 7, once each.
        foreach (var (after, expected) in new[] { (TimeSpan.FromDays(2), 0), (TimeSpan.FromDays(3.1), 1), (TimeSpan.FromDays(5), 1), (TimeSpan.FromDays(7.1), 2), (TimeSpan.FromDays(20), 2) })
        {
            clock.SetUtcNow(endsAt + after);
            await RemindersAt(clock).RunDueAsync();
            Assert.Equal(expected, await RemindersToAsync(moderator.Email));
        }
        var harvestReminder = await App.Mail.WaitForEmailToAsync(moderator.Email, "Harvest");
        Assert.Contains($"/sessions/{session.Id()}/harvest", harvestReminder.Text);
    }
}
