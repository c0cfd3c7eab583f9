using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.BrowserTests.Rooms;
using PracticeCommunity.Features.Email;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Testing;
using static Microsoft.Playwright.Assertions;
using static PracticeCommunity.BrowserTests.Rooms.RoomsBrowserKit;

namespace PracticeCommunity.BrowserTests.Email;

/// <summary>Issue 11 in the browser: the email settings page with the preview of the next digest, unsubscribing from a link, and the outbox.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EmailBrowserTests(BrowserFixture browser, KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Fact]
    public Task A_buyer_changes_their_digest_and_notifications_and_previews_the_next_digest() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "email-settings", async page =>
        {
            using var buyer = await App.MemberAsync("Buyer", "Elin Emailer");
            using var supplier = await App.MemberAsync("Supplier", "Sven Answerer");
            var threadId = await buyer.StartThreadAsync(OpenRoom, "Who repairs office chairs locally?", "We have 300 chairs to keep going.", "product:ict");
            using (var answer = await supplier.Http.PostAsJsonAsync($"/api/v1/threads/{threadId}/posts", new { body = "We do, with spare parts for ten years.", mentionsOwnOffering = true }))
                await CommunitySteps.EnsureAsync(answer, HttpStatusCode.Created, "the supplier's answer");

            await buyer.SignInAsync(page);
            await page.GotoAsync("/");
            await page.WaitForBlazorAsync();
            await page.GetByTestId("account-menu").ClickAsync();
            await page.GetByTestId("menu-email").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/me/email$"));
            await page.WaitForBlazorAsync();
            await Expect(page.GetByTestId("digest-Weekly")).ToBeCheckedAsync();
            await Expect(page.Locator("#digestWeekday")).ToHaveValueAsync("Monday");
            await Expect(page.Locator("#digestHour")).ToHaveValueAsync("8");
            // The preview is the email itself, with the answer to the buyer's question.
            var frame = page.FrameLocator("[data-testid=digest-preview-frame]");
            await Expect(frame.GetByRole(AriaRole.Heading, new() { Name = "New answers to your questions" })).ToBeVisibleAsync();
            await Expect(frame.GetByRole(AriaRole.Link, new() { Name = "Who repairs office chairs locally?" })).ToBeVisibleAsync();
            await BothWidthsAsync(page, "email-settings-buyer");
            // The frame as it is on screen (full-page pictures leave a sandboxed frame out).
            await page.GetByTestId("digest-preview-frame").ScreenshotAsync(new() { Path = Path.Combine(RecordedSession.ScreenshotDirectory, "email-digest-preview-buyer.png") });

            // Daily at 18:00, no emails about replies.
            await page.GetByTestId("digest-Daily").CheckAsync();
            await Expect(page.Locator("#digestWeekday")).ToHaveCountAsync(0);
            await page.Locator("#digestHour").SelectOptionAsync("18");
            await page.GetByTestId("notify-replies").UncheckAsync();
            await page.GetByTestId("email-save").ClickAsync();
            await Expect(page.GetByTestId("email-saved")).ToContainTextAsync("18:00");
            await Expect(page.GetByTestId("digest-preview-status")).ToContainTextAsync("Your daily PracticeCommunity digest");

            await page.ReloadAsync();
            await page.WaitForBlazorAsync();
            await Expect(page.GetByTestId("digest-Daily")).ToBeCheckedAsync();
            await Expect(page.Locator("#digestHour")).ToHaveValueAsync("18");
            await Expect(page.GetByTestId("notify-replies")).Not.ToBeCheckedAsync();
            await Expect(page.GetByTestId("notify-mentions")).ToBeCheckedAsync();
            var api = await buyer.Http.GetJsonAsync("/api/v1/me/email");
            Assert.Equal("Daily", api.GetProperty("digest").GetString());
            Assert.False(api.GetProperty("notifications").GetProperty("replies").GetBoolean());

            // The supplier's page: their own digest, with the questions waiting for an answer and nothing buyers-only.
            await page.Context.ClearCookiesAsync();
            using var asker = await App.MemberAsync("Buyer", "Olga Open");
            await asker.StartThreadAsync(OpenRoom, "Has anyone leased laptops with take-back?", "Looking for examples.", "product:ict");
            await asker.StartThreadAsync(BuyersOnlyRoom, "Our Lemurstack budget for laptops", "Only for buyers.");
            await supplier.SignInAsync(page);
            await page.GotoAsync("/me/email");
            await page.WaitForBlazorAsync();
            await Expect(frame.GetByRole(AriaRole.Heading, new() { Name = "Practice questions waiting for an answer" })).ToBeVisibleAsync();
            await Expect(frame.GetByText("Has anyone leased laptops with take-back?")).ToBeVisibleAsync();
            await Expect(frame.GetByText("Lemurstack")).ToHaveCountAsync(0);
            await BothWidthsAsync(page, "email-settings-supplier");
            await page.GetByTestId("digest-preview-frame").ScreenshotAsync(new() { Path = Path.Combine(RecordedSession.ScreenshotDirectory, "email-digest-preview-supplier.png") });
            await page.SetViewportSizeAsync(390, 844);
            await page.GetByTestId("digest-preview-frame").ScreenshotAsync(new() { Path = Path.Combine(RecordedSession.ScreenshotDirectory, "email-digest-preview-supplier-phone.png") });
            await page.SetViewportSizeAsync(1280, 900);
        });

    [Fact]
    public Task A_member_unsubscribes_from_a_link_without_signing_in_and_a_moderator_sees_the_outbox() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "email-unsubscribe", async page =>
        {
            using var member = await App.MemberAsync("Buyer", "Una Unsubscriber");
            var memberId = await App.MemberIdAsync(member.Email);
            var link = new Uri(App.Services.GetRequiredService<UnsubscribeLinks>().UrlFor(memberId, [EmailTopics.Digest]));

            // Not signed in: the link asks first, and the button turns the digest off.
            await page.GotoAsync(link.PathAndQuery);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Unsubscribe?" })).ToBeVisibleAsync();
            await Expect(page.GetByText("Stop receiving the digest?")).ToBeVisibleAsync();
            await BothWidthsAsync(page, "email-unsubscribe-ask");
            await page.GetByTestId("unsubscribe-confirm").ClickAsync();
            await Expect(page.GetByTestId("unsubscribe-done")).ToContainTextAsync("You no longer receive the digest.");
            await BothWidthsAsync(page, "email-unsubscribe-done");
            Assert.Equal("Off", (await member.Http.GetJsonAsync("/api/v1/me/email")).GetProperty("digest").GetString());

            // A link someone tampered with says so, and changes nothing.
            await page.GotoAsync(link.PathAndQuery[..^4] + "AAAA");
            await Expect(page.GetByTestId("unsubscribe-invalid")).ToBeVisibleAsync();
            await BothWidthsAsync(page, "email-unsubscribe-invalid");

            // The moderator's outbox lists what was sent (account emails have been sent by now) and the member's profile
            // offers a preview of their digest.
            var moderatorEmail = Unique.Email("moderator");
            await App.CreateConfirmedAccountAsync(moderatorEmail, staffRoles: StaffRoles.Moderator);
            await (await new Pages.LoginPage(page).GotoAsync()).SignInAsync(moderatorEmail, CommunitySteps.Password);
            // Something in each state: sent, waiting for a retry, and refused by the server.
            var outbox = App.Services.GetRequiredService<EmailOutbox>();
            var failedId = 0L;
            await using (var db = await App.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<PracticeCommunity.Data.AppDbContext>>().CreateDbContextAsync())
            {
                var waiting = outbox.Add(db, Unique.Email("waiting"), PracticeCommunity.Data.OutboxKinds.Notifications, "Ann answered your question “Repairable desks”", new RenderedEmail("<p>x</p>", "x"));
                (waiting.Attempts, waiting.NextAttemptAt, waiting.LastError) = (2, DateTimeOffset.UtcNow.AddMinutes(20), "Connection refused 127.0.0.1:25");
                var refused = outbox.Add(db, Unique.Email("refused"), PracticeCommunity.Data.OutboxKinds.Digest, "Your weekly PracticeCommunity digest", new RenderedEmail("<p>x</p>", "x"));
                (refused.Attempts, refused.FailedAt, refused.LastError) = (1, DateTimeOffset.UtcNow, "550 Mailbox unavailable");
                await db.SaveChangesAsync();
                failedId = refused.Id;
            }
            await page.GotoAsync("/moderation/outbox");
            await page.WaitForBlazorAsync();
            await Expect(page.GetByTestId("outbox-tabs")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("outbox-error").First).ToBeVisibleAsync();
            await BothWidthsAsync(page, "email-outbox");
            await page.GetByTestId("outbox-failed-tab").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("state=Failed$"));
            await Expect(page.GetByTestId("outbox-row")).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("outbox-row")).ToContainTextAsync("550 Mailbox unavailable");
            await page.GetByTestId("outbox-retry").ClickAsync();
            await Expect(page.GetByText("The email is queued again.")).ToBeVisibleAsync();
            await page.GotoAsync($"/members/{memberId}");
            await page.WaitForBlazorAsync();
            var preview = page.GetByTestId("digest-preview-link").GetByRole(AriaRole.Link);
            await Expect(preview).ToHaveAttributeAsync("href", $"/api/v1/me/digest/preview?memberId={memberId}");
            var response = await page.Context.APIRequest.GetAsync($"/api/v1/me/digest/preview?memberId={memberId}");
            Assert.Equal(200, response.Status);
            Assert.Contains("PracticeCommunity digest", await response.TextAsync());
        });
}
