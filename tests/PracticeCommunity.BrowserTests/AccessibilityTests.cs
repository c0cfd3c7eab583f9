using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.Testing;
using static PracticeCommunity.BrowserTests.Rooms.RoomsBrowserKit;

namespace PracticeCommunity.BrowserTests;

/// <summary>Issue 8: axe-core finds no serious or critical violation on the main pages, for a visitor and a member.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser, KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page, string path, bool interactive)
    {
        await page.GotoAsync(path);
        if (interactive) await page.WaitForBlazorAsync();
        // The digest preview is a sandboxed frame where no script runs (axe's included): emails are checked on their own below.
        var result = await page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions { Iframes = false });
        return Serious(path, result);
    }

    private static List<string> Serious(string path, Deque.AxeCore.Commons.AxeResult result) =>
        result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{path}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")
            .ToList();

    [Fact]
    public Task The_main_pages_have_no_serious_or_critical_violations() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "accessibility", async page =>
        {
            using var buyer = await App.MemberAsync("Buyer", "Ada Access");
            var threadId = await buyer.StartThreadAsync(OpenRoom, "Which desks are easy to repair?", "We lease **500 desks**.", "product:ict");
            await buyer.ReplyAsync(threadId, "Ours come with a ten-year repair promise.");

            var found = new List<string>();
            foreach (var path in new[] { "/", "/about", "/privacy", "/Account/Login", "/Account/Register", "/Account/ForgotPassword", "/email/unsubscribe?token=expired" })
            {
                found.AddRange(await ViolationsAsync(page, path, interactive: false));
            }
            await buyer.SignInAsync(page);
            var profile = "/members/" + await App.MemberIdAsync(buyer.Email);
            var moderatorEmail = Unique.Email("moderator");
            await App.CreateConfirmedAccountAsync(moderatorEmail, staffRoles: PracticeCommunity.Features.Members.StaffRoles.Moderator);
            using var moderator = App.ClientWithToken(await App.LoginAsync(moderatorEmail));
            var start = DateTime.UtcNow.Date.AddDays(20).AddHours(14);
            using var scheduled = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(moderator, "/api/v1/sessions", new
            {
                title = "Peer learning: repairable desks", description = "Bring a pilot.", format = "PeerLearning", audience = "Everyone",
                startsAt = start.ToString("yyyy-MM-dd'T'HH:mm:ss"), endsAt = start.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss"),
                timeZone = "Europe/Brussels", onlineUrl = "https://meet.example.org/desks", capacity = 10,
            });
            await CommunitySteps.EnsureAsync(scheduled, System.Net.HttpStatusCode.Created, "scheduling a session");
            var session = "/sessions/" + (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(scheduled.Content)).GetProperty("id").GetInt64();
            var caseId = await CaseSteps.PublishCaseAsync(buyer.Http, moderator);
            using var replicator = await App.MemberAsync("Buyer", "Rita Replicator");
            using (var started = await replicator.Http.PostAsync($"/api/v1/cases/{caseId}/replications", null))
                await CommunitySteps.EnsureAsync(started, System.Net.HttpStatusCode.Created, "replicating the case");
            using var draft = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(buyer.Http, "/api/v1/cases", CaseSteps.Body());
            var draftId = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(draft.Content)).GetProperty("id").GetInt64();
            foreach (var path in new[] { "/", $"/rooms/{OpenRoom}", $"/threads/{threadId}", "/search?q=desks", "/members", profile, "/sessions", "/sessions/proposals", session, "/profile", "/notifications",
                "/cases", $"/cases/{caseId}", "/cases/new", $"/cases/{draftId}/edit?step=3", $"/cases/{draftId}/edit?step=4", $"/cases/{draftId}/edit?step=6", "/results", "/cases/lessons/office-furniture", "/me/email" })
            {
                found.AddRange(await ViolationsAsync(page, path, interactive: true));
            }
            await page.Context.ClearCookiesAsync();
            await (await new Pages.LoginPage(page).GotoAsync()).SignInAsync(moderatorEmail, CommunitySteps.Password);
            foreach (var path in new[] { "/sessions/new", session, "/cases/import", $"/cases/{draftId}", "/moderation", "/moderation/audit", "/moderation/outbox", "/moderation/members", profile, $"/threads/{threadId}" })
            {
                found.AddRange(await ViolationsAsync(page, path, interactive: true));
            }

            // An email as a mail program shows it: the buyer's next digest.
            var digest = await buyer.Http.GetStringAsync("/api/v1/me/digest/preview");
            await page.SetContentAsync(digest);
            found.AddRange(Serious("digest email", await page.RunAxe()));

            Assert.True(found.Count == 0, "axe-core found:\n" + string.Join("\n", found));
        });
}
