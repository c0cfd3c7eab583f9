using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.BrowserTests.Pages;
using PracticeCommunity.BrowserTests.Rooms;
using PracticeCommunity.Testing;
using static Microsoft.Playwright.Assertions;
using static PracticeCommunity.BrowserTests.Rooms.RoomsBrowserKit;

namespace PracticeCommunity.BrowserTests.Follows;

/// <summary>Issue 8 in the browser: follow a thread and hear of its posts live; mute a room and it stays muted.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FollowBrowserTests(BrowserFixture browser, KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Fact]
    public Task A_member_follows_a_thread_hears_of_new_posts_live_and_mutes_a_room() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "follow-and-mute", async page =>
        {
            using var asker = await App.MemberAsync("Buyer", "Fay Follow");
            using var follower = await App.MemberAsync("Supplier", "Fons Follower");
            var title = Unique.Name("Take-back of office chairs");
            var threadId = await asker.StartThreadAsync(OpenRoom, title, "Who did this?");
            await follower.SignInAsync(page);
            await new ThreadPageObject(page).OpenAsync(threadId);
            var follow = page.GetByTestId("follow");

            await Expect(follow).ToHaveAttributeAsync("aria-pressed", "false");
            await follow.ClickAsync();
            await Expect(follow).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(follow).ToHaveTextAsync("✓ Following");
            await Expect(page.GetByTestId("follow-note")).ToHaveTextAsync("You get a notification for every new post in this thread.");
            await BothWidthsAsync(page, "follow-thread");

            // Somewhere else in the app, the bell counts the followed thread's news as it happens.
            await page.GotoAsync("/");
            await page.WaitForBlazorAsync();
            await Expect(page.GetByTestId("notification-count")).ToHaveCountAsync(0);
            await asker.ReplyAsync(threadId, "We did, with a buy-back price.");
            await Expect(page.GetByTestId("notification-count")).ToHaveTextAsync("1");
            await asker.ReplyAsync(threadId, "And a second note.");
            await page.GotoAsync("/notifications");
            var list = page.GetByTestId("notification-list");
            await Expect(list.Locator("li")).ToHaveCountAsync(1);
            await Expect(list).ToContainTextAsync($"{asker.DisplayName} posted in a thread you follow: {title}");

            // Mute the room: the choice stays after a reload, and says what it means.
            await page.GotoAsync($"/rooms/{OpenRoom}");
            await page.WaitForBlazorAsync();
            var mute = page.GetByTestId("mute");
            await mute.ClickAsync();
            await Expect(mute).ToHaveAttributeAsync("aria-pressed", "true");
            await page.ReloadAsync();
            await page.WaitForBlazorAsync();
            await Expect(page.GetByTestId("mute")).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(page.GetByTestId("follow-note")).ToContainTextAsync("Muted: nothing from this room notifies you");
            await BothWidthsAsync(page, "mute-room");
            await page.GetByTestId("mute").ClickAsync();
            await Expect(page.GetByTestId("mute")).ToHaveAttributeAsync("aria-pressed", "false");
        });
}
