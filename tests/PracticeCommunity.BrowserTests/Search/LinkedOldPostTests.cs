using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.BrowserTests.Pages;
using PracticeCommunity.BrowserTests.Rooms;
using PracticeCommunity.Testing;
using static Microsoft.Playwright.Assertions;
using static PracticeCommunity.BrowserTests.Search.SearchBrowserKit;

namespace PracticeCommunity.BrowserTests.Search;

/// <summary>
/// A long thread shows its newest posts; a search result or notification that links to an older post
/// (/threads/5#post-6) must still show that post and scroll to it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LinkedOldPostTests(BrowserFixture browser, KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Fact]
    public Task A_search_hit_in_an_old_reply_of_a_long_thread_opens_with_that_reply_on_screen() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "search-old-reply", async page =>
        {
            using var buyer = await App.MemberAsync("Buyer", "Olga Oldpost");
            var word = DistinctiveWord("fernquill");
            var thread = await buyer.StartThreadWithIdsAsync(OpenRoom, Unique.Name("A very long thread"), "Opening post.");
            var old = await buyer.ReplyWithIdAsync(thread.Id, $"The first reply mentions {word}.");
            for (var i = 0; i < 105; i++)
            {
                await buyer.ReplyWithIdAsync(thread.Id, $"Later reply {i}.");
            }
            await buyer.SignInAsync(page);
            await page.WaitForBlazorAsync();
            var search = new SearchPageObject(page);

            await search.SearchFromHeaderAsync(word);
            await SearchPageObject.HitLink(search.Hit(thread.Title)).ClickAsync();

            await page.WaitForURLAsync(url => url.EndsWith($"/threads/{thread.Id}#post-{old}", StringComparison.Ordinal));
            var post = page.Locator($"#post-{old}");
            await Expect(post).ToContainTextAsync($"The first reply mentions {word}.");
            await Expect(post).ToBeInViewportAsync();
            // Loaded from that reply on, under the opening post: nothing earlier is left to show.
            await Expect(page.GetByTestId("post").First).ToContainTextAsync("Opening post.");
            await Expect(page.GetByTestId("load-earlier")).ToHaveCountAsync(0);
            await RoomsBrowserKit.ScreenshotAsync(page, "search-old-reply");
        });
}
