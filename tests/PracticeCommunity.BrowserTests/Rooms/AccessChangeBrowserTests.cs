using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.BrowserTests.Pages;
using PracticeCommunity.Testing;
using static Microsoft.Playwright.Assertions;
using static PracticeCommunity.BrowserTests.Rooms.RoomsBrowserKit;

namespace PracticeCommunity.BrowserTests.Rooms;

/// <summary>
/// Issue 6: a change of access is one event on the bus; an open page that may no longer show a buyers-only
/// thread closes within a second, and the news that follows never reaches it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessChangeBrowserTests(BrowserFixture browser, KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{

    private CommunityAppFactory App => fixture.App;

    [Fact]
    public Task A_buyer_who_becomes_a_supplier_loses_the_open_buyers_only_thread_within_a_second() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "access-withdrawn-closes-page", async page =>
        {
            using var asker = await App.MemberAsync("Buyer", "Bo Buyer");
            using var switcher = await App.MemberAsync("Buyer", "Sy Switcher");
            var threadId = await asker.StartThreadAsync(BuyersOnlyRoom, "What did the last furniture tender cost?", "Between buyers only.");
            await switcher.SignInAsync(page);
            var thread = await new ThreadPageObject(page).OpenAsync(threadId);
            await Expect(thread.Posts).ToHaveCountAsync(1);

            using (var put = await switcher.Http.PutAsJsonAsync("/api/v1/me/profile",
                       CommunitySteps.Profile("Supplier", "Supplier", Unique.Name("Desk Co"), displayName: switcher.DisplayName)))
            {
                await CommunitySteps.EnsureAsync(put, System.Net.HttpStatusCode.OK, "switching to supplier");
            }

            await Expect(page.GetByTestId("not-found")).ToBeVisibleAsync(new() { Timeout = 1000 });
            // The thread page is gone from the circuit, and with it its place in the thread and its subscription.
            var presence = App.Services.GetRequiredService<PracticeCommunity.Features.Live.PresenceTracker>();
            await Eventually.TrueAsync(() => !presence.MembersIn(threadId).Contains(switcher.DisplayName), "the switcher left the thread");
            await asker.ReplyAsync(threadId, "The price was 212 euro per desk.");
            await Expect(page.GetByText("212 euro")).ToHaveCountAsync(0);
            await Expect(page.GetByText("last furniture tender")).ToHaveCountAsync(0);
        });
}

/// <summary>Issue 6: read state comes only from a page that is connected and being looked at.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadStateBrowserTests(BrowserFixture browser, KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Fact]
    public Task A_mention_that_arrives_while_the_tab_is_hidden_stays_unread_until_the_member_looks() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "read-state-hidden-tab", async page =>
        {
            using var asker = await App.MemberAsync("Buyer", "Hal Hidden");
            using var mentioner = await App.MemberAsync("Facilitator", "Mo Mention");
            var threadId = await asker.StartThreadAsync(OpenRoom, "Who reads while away?", "Opening.");
            await asker.SignInAsync(page);
            var thread = await new ThreadPageObject(page).OpenAsync(threadId);
            await Expect(thread.Posts).ToHaveCountAsync(1);

            // The member switches to another tab.
            await SetVisibilityAsync(page, "hidden");
            await mentioner.ReplyAsync(threadId, $"@[{asker.DisplayName}] what did it cost?");
            await Expect(thread.Posts).ToHaveCountAsync(2); // the page still updates...
            // Whatever the page reported as seen is written now, as the next flush would.
            await App.Services.GetRequiredService<PracticeCommunity.Features.Rooms.ReadMarks>().FlushAllAsync();
            // A reply to their question that mentions them: one notification (the mention, the more personal), waiting unread.
            Assert.Equal(1, (await asker.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/notifications")).GetProperty("unread").GetInt32());

            // ...and what arrived counts as read once they look again.
            await SetVisibilityAsync(page, "visible");
            await Eventually.TrueAsync(async () =>
                (await asker.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/notifications")).GetProperty("unread").GetInt32() == 0,
                "the notifications to count as read");
        });

    /// <summary>What the browser reports when the member switches tabs (headless pages are always "visible").</summary>
    private static Task SetVisibilityAsync(Microsoft.Playwright.IPage page, string state) => page.EvaluateAsync("""
        state => {
            Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
            document.dispatchEvent(new Event('visibilitychange'));
        }
        """, state);
}
