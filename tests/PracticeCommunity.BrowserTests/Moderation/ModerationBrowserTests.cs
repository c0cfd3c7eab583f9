using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.BrowserTests.Rooms;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Testing;
using static Microsoft.Playwright.Assertions;
using static PracticeCommunity.BrowserTests.Rooms.RoomsBrowserKit;

namespace PracticeCommunity.BrowserTests.Moderation;

/// <summary>Issue 12 in the browser: the review queue updates live and hides with a reason; a suspension closes the member's open page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ModerationBrowserTests(BrowserFixture browser, KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private static async Task FlagAsync(BrowserMember member, long postId, string reason)
    {
        using var response = await member.Http.PostAsJsonAsync("/api/v1/flags", new { targetType = "Post", targetId = postId, reason });
        await CommunitySteps.EnsureAsync(response, HttpStatusCode.Created, $"{member.DisplayName} flagging post {postId}");
    }

    [Fact]
    public Task A_flag_from_the_thread_page_reaches_the_live_queue_and_the_moderator_hides_the_post_with_a_reason() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "moderation-flags", async page =>
        {
            using var asker = await App.MemberAsync("Buyer", "Quinn Asker");
            using var pitcher = await App.MemberAsync("Supplier", "Pete Pitcher");
            using var first = await App.MemberAsync("Buyer", "Fay Flagger");
            using var second = await App.MemberAsync("Buyer", "Gus Flagger");
            using var third = await App.MemberAsync("Buyer", "Hal Flagger");
            var moderatorEmail = Unique.Email("moderator");
            await App.CreateConfirmedAccountAsync(moderatorEmail, staffRoles: StaffRoles.Moderator);
            var threadId = await asker.StartThreadAsync(OpenRoom, Unique.Name("How do you verify refurbishment?"), "Which proof did you ask for?");
            using var reply = await pitcher.Http.PostAsJsonAsync($"/api/v1/threads/{threadId}/posts", new { body = "Buy our desks, 20% off this week only!", mentionsOwnOffering = true });
            await CommunitySteps.EnsureAsync(reply, HttpStatusCode.Created, "the pitch");
            var postId = (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            await FlagAsync(first, postId, "SalesPitch");

            // The moderator watches the queue.
            await (await new Pages.LoginPage(page).GotoAsync()).SignInAsync(moderatorEmail, CommunitySteps.Password);
            await page.GotoAsync("/moderation");
            await page.WaitForBlazorAsync();
            var item = page.GetByTestId("flag-item").Filter(new() { HasText = "Buy our desks" });
            await Expect(item.GetByTestId("flag-count")).ToHaveTextAsync("1 member flagged it");

            // Two more members flag it, the last from the thread page: the queue updates itself, and the post is hidden.
            await FlagAsync(second, postId, "Spam");
            await Expect(item.GetByTestId("flag-count")).ToHaveTextAsync("2 members flagged it");
            await using var other = await SecondContextAsync(browser.Browser, App.ServerAddress);
            var member = await other.NewPageAsync();
            BlazorCircuit.Watch(member);
            await third.SignInAsync(member);
            await member.GotoAsync($"/threads/{threadId}");
            await member.WaitForBlazorAsync();
            var post = member.Locator($"#post-{postId}");
            await post.GetByTestId("flag-open").ClickAsync();
            await post.GetByLabel("A sales pitch outside a market-dialogue room").CheckAsync();
            await BothWidthsAsync(member, "flag-form-member");
            await post.GetByTestId("flag-submit").ClickAsync();
            // The third flag hides it at once, on this page too.
            await Expect(post).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("post--gone"));
            await Expect(item.GetByTestId("flag-count")).ToHaveTextAsync("3 members flagged it");
            await Expect(item.GetByTestId("flag-hidden")).ToBeVisibleAsync();
            await BothWidthsAsync(page, "moderation-queue");

            // Agree, with a reason the author reads.
            await item.GetByTestId("agree-reason").FillAsync("Offers belong in market-dialogue rooms.");
            await item.GetByTestId("agree").ClickAsync();
            await Expect(page.GetByTestId("queue-empty")).ToBeVisibleAsync();
            await member.Context.ClearCookiesAsync();
            await pitcher.SignInAsync(member);
            await member.GotoAsync($"/threads/{threadId}");
            await Expect(member.Locator($"#post-{postId}")).ToContainTextAsync("Offers belong in market-dialogue rooms.");

            await page.GotoAsync("/moderation/audit?action=flag");
            await Expect(page.GetByTestId("audit-row").First).ToContainTextAsync("flag.agree");
            await BothWidthsAsync(page, "moderation-audit");
        });

    [Fact]
    public Task A_moderator_pins_and_locks_a_thread_from_its_page() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "moderation-thread-tools", async page =>
        {
            using var asker = await App.MemberAsync("Buyer", "Tess Thread");
            var title = Unique.Name("Which take-back clauses work?");
            var threadId = await asker.StartThreadAsync(OpenRoom, title, "Share your clauses.");
            var moderatorEmail = Unique.Email("moderator");
            await App.CreateConfirmedAccountAsync(moderatorEmail, staffRoles: StaffRoles.Moderator);
            await (await new Pages.LoginPage(page).GotoAsync()).SignInAsync(moderatorEmail, CommunitySteps.Password);
            await page.GotoAsync($"/threads/{threadId}");
            await page.WaitForBlazorAsync();
            await page.GetByTestId("thread-tools").Locator("summary").ClickAsync();
            await BothWidthsAsync(page, "thread-tools-moderator");
            await page.GetByTestId("toggle-pin").ClickAsync();
            await Expect(page.GetByTestId("toggle-pin")).ToHaveTextAsync("Unpin");
            await page.GetByTestId("toggle-lock").ClickAsync();
            await Expect(page.GetByTestId("toggle-lock")).ToHaveTextAsync("Unlock");
            await Expect(page.GetByTestId("tools-status")).ToHaveTextAsync("Locked: no more replies.");

            // The room shows it first, pinned and locked; its author can no longer reply.
            await page.GotoAsync($"/rooms/{OpenRoom}");
            var row = page.GetByTestId("thread-row").First;
            await Expect(row).ToContainTextAsync(title);
            await Expect(row.GetByTestId("pinned")).ToBeVisibleAsync();
            await Expect(row.GetByTestId("locked")).ToBeVisibleAsync();
            using var reply = await asker.Http.PostAsJsonAsync($"/api/v1/threads/{threadId}/posts", new { body = "Late answer." });
            Assert.Equal(HttpStatusCode.Forbidden, reply.StatusCode);
        });

    [Fact]
    public Task A_suspension_sends_the_members_open_page_to_the_notice_at_once() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "moderation-suspension", async page =>
        {
            using var member = await App.MemberAsync("Supplier", "Sven Suspended");
            var moderatorEmail = Unique.Email("moderator");
            await App.CreateConfirmedAccountAsync(moderatorEmail, staffRoles: StaffRoles.Moderator);
            var memberId = await App.MemberIdAsync(member.Email);

            await member.SignInAsync(page);
            await page.GotoAsync($"/rooms/{OpenRoom}");
            await page.WaitForBlazorAsync();

            await using var other = await SecondContextAsync(browser.Browser, App.ServerAddress);
            var moderator = await other.NewPageAsync();
            BlazorCircuit.Watch(moderator);
            await (await new Pages.LoginPage(moderator).GotoAsync()).SignInAsync(moderatorEmail, CommunitySteps.Password);
            await moderator.GotoAsync($"/members/{memberId}");
            await moderator.WaitForBlazorAsync();
            await moderator.GetByLabel("Suspend for").SelectOptionAsync("3");
            await moderator.GetByLabel("Reason (the member reads it)").FillAsync("Repeated sales pitches in practice questions.");
            await BothWidthsAsync(moderator, "member-page-moderator-suspend");
            await moderator.GetByTestId("suspend-submit").ClickAsync();
            await Expect(moderator.GetByTestId("suspension-state")).ToContainTextAsync("Repeated sales pitches");

            // The member's open page goes to the notice by itself.
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/suspended$"));
            await Expect(page.GetByTestId("suspension-reason")).ToContainTextAsync("Repeated sales pitches in practice questions.");
            await BothWidthsAsync(page, "suspension-notice");
            await page.GotoAsync("/cases");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/suspended$"));

            await moderator.GetByTestId("lift-suspension").ClickAsync();
            await Expect(moderator.GetByTestId("suspend-form")).ToBeVisibleAsync();
            await page.GotoAsync("/cases");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Case library");
        });
}
