using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.BrowserTests.Pages;
using PracticeCommunity.BrowserTests.Rooms;
using PracticeCommunity.Testing;
using static Microsoft.Playwright.Assertions;
using static PracticeCommunity.BrowserTests.Search.SearchBrowserKit;

namespace PracticeCommunity.BrowserTests.Search;

/// <summary>/search as members use it: the header box, who finds what, the room filter, paging, hostile queries, visitors.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SearchBrowserTests(BrowserFixture browser, KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Fact]
    public Task A_buyer_searches_from_the_header_finds_both_rooms_and_opens_a_result() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "search-buyer-opens-result", async page =>
        {
            using var buyer = await App.MemberAsync("Buyer", "Bea Searcher");
            var word = DistinctiveWord("kelpmarrow");
            var (open, buyersOnly) = await buyer.OpenAndBuyersOnlyThreadsAsync(word);
            await buyer.SignInAsync(page);
            await page.WaitForBlazorAsync();
            var search = new SearchPageObject(page);

            await search.SearchFromHeaderAsync(word);

            Assert.Equal($"/search?q={word}", new Uri(page.Url).PathAndQuery);
            await Expect(search.Summary).ToHaveTextAsync($"2 results for “{word}”");
            await Expect(search.Hits).ToHaveCountAsync(2);
            foreach (var (thread, roomTitle) in new[] { (open, OpenRoomTitle), (buyersOnly, BuyersOnlyRoomTitle) })
            {
                var hit = search.Hit(thread.Title);
                await Expect(hit).ToHaveCountAsync(1);
                await Expect(SearchPageObject.Snippet(hit).Locator("mark")).ToHaveTextAsync(word);
                await Expect(SearchPageObject.HitLink(hit)).ToHaveAttributeAsync("href", $"/threads/{thread.Id}#post-{thread.OpeningPostId}");
                await Expect(hit.GetByRole(AriaRole.Link, new() { Name = roomTitle })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/rooms/"));
                await Expect(hit).ToContainTextAsync(buyer.DisplayName);
            }
            await RoomsBrowserKit.ScreenshotAsync(page, "search-buyer-results");

            await SearchPageObject.HitLink(search.Hit(buyersOnly.Title)).ClickAsync();

            await page.WaitForURLAsync(url => url.EndsWith($"/threads/{buyersOnly.Id}#post-{buyersOnly.OpeningPostId}", StringComparison.Ordinal));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(buyersOnly.Title);
            var post = page.Locator($"#post-{buyersOnly.OpeningPostId}");
            await Expect(post).ToBeVisibleAsync();
            await Expect(post).ToContainTextAsync($"The {word} budget is split");
        });

    [Fact]
    public Task A_supplier_finds_the_open_room_thread_and_nothing_of_the_buyers_only_room() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "search-supplier", async page =>
        {
            using var buyer = await App.MemberAsync("Buyer", "Bram Poster");
            using var supplier = await App.MemberAsync("Supplier", "Sue Seeker");
            var word = DistinctiveWord("quillfen");
            var (open, buyersOnly) = await buyer.OpenAndBuyersOnlyThreadsAsync(word);
            await supplier.SignInAsync(page);
            await page.WaitForBlazorAsync();
            var search = new SearchPageObject(page);

            await search.SearchFromHeaderAsync(word);

            await Expect(search.Summary).ToHaveTextAsync($"1 result for “{word}”");
            await Expect(search.Hits).ToHaveCountAsync(1);
            await Expect(search.Hits).ToContainTextAsync(open.Title);
            await Expect(SearchPageObject.Snippet(search.Hits).Locator("mark")).ToHaveTextAsync(word);
            await Expect(search.Room.Locator("option", new() { HasText = BuyersOnlyRoomTitle })).ToHaveCountAsync(0);
            var html = await page.ContentAsync();
            Assert.DoesNotContain(buyersOnly.Title, html);
            Assert.DoesNotContain("budget is split", html);
            Assert.DoesNotContain(BuyersOnlyRoomTitle, html);
            // Nor in what the server sent (prerendered markup and any persisted component state), read with the supplier's cookies.
            var served = await (await page.Context.APIRequest.GetAsync($"/search?q={word}")).TextAsync();
            Assert.Contains(open.Title, served);
            Assert.DoesNotContain(buyersOnly.Title, served);
            Assert.DoesNotContain("budget is split", served);

            // Naming the buyers-only room in the address finds nothing and says only that the room is not one of theirs.
            await search.GotoAsync($"?q={word}&roomId={BuyersOnlyRoom}");
            await Expect(page.Locator("#roomId-error")).ToContainTextAsync("Choose one of the rooms you may enter.");
            await Expect(search.Hits).ToHaveCountAsync(0);
            html = await page.ContentAsync();
            Assert.DoesNotContain(buyersOnly.Title, html);
            Assert.DoesNotContain(BuyersOnlyRoomTitle, html);

            await search.SearchFromHeaderAsync(word); // back to the page as the supplier first saw it, for the screenshot
            await Expect(search.Hits).ToHaveCountAsync(1);
        });

    [Fact]
    public Task The_room_filter_narrows_the_results_to_one_room() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "search-room-filter", async page =>
        {
            using var buyer = await App.MemberAsync("Buyer", "Fay Filter");
            var word = DistinctiveWord("saltmarsh");
            var (open, buyersOnly) = await buyer.OpenAndBuyersOnlyThreadsAsync(word);
            await buyer.SignInAsync(page);
            var search = await new SearchPageObject(page).GotoAsync($"?q={word}");
            await Expect(search.Hits).ToHaveCountAsync(2);
            await Expect(search.Room).ToHaveValueAsync("");

            await search.FilterByRoomAsync(BuyersOnlyRoomTitle);

            await page.WaitForURLAsync($"**/search?q={word}&roomId={BuyersOnlyRoom}");
            await Expect(search.Summary).ToHaveTextAsync($"1 result for “{word}”");
            await Expect(search.Hits).ToHaveCountAsync(1);
            await Expect(search.Hits).ToContainTextAsync(buyersOnly.Title);
            await Expect(search.Hits.GetByRole(AriaRole.Link, new() { Name = BuyersOnlyRoomTitle })).ToHaveAttributeAsync("href", $"/rooms/{BuyersOnlyRoom}");
            await Expect(search.Hit(open.Title)).ToHaveCountAsync(0);

            // The filter survives a reload (it is in the address), and "All rooms" widens the search again.
            await search.GotoAsync($"?q={word}&roomId={OpenRoom}");
            await Expect(search.Room).ToHaveValueAsync(OpenRoom);
            await Expect(search.Hits).ToHaveCountAsync(1);
            await Expect(search.Hits).ToContainTextAsync(open.Title);

            await search.FilterByRoomAsync("All rooms");
            await page.WaitForURLAsync($"**/search?q={word}");
            await Expect(search.Hits).ToHaveCountAsync(2);

            await search.FilterByRoomAsync(OpenRoomTitle);
            await page.WaitForURLAsync($"**/search?q={word}&roomId={OpenRoom}");
            await Expect(search.Hits).ToHaveCountAsync(1);
            await Expect(search.Hits).ToContainTextAsync(open.Title);
        });

    [Fact]
    public Task Twenty_five_matches_show_twenty_on_the_first_page_and_five_on_the_next() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "search-paging", async page =>
        {
            using var buyer = await App.MemberAsync("Buyer", "Pim Pager");
            var word = DistinctiveWord("tidepool");
            var thread = await buyer.StartThreadWithIdsAsync(OpenRoom, Unique.Name("Twenty-five answers"), $"Opening: where does {word} training start?");
            var replies = new List<long>();
            for (var i = 1; i < 25; i++)
            {
                // The last five are longer, so they rank lowest (bm25 weighs a match in a long post less) and fill page 2.
                var tail = i >= 20 ? " and again the week after, with the same trainer, the same slides and the same coffee" : "";
                replies.Add(await buyer.ReplyWithIdAsync(thread.Id, $"Answer {i}: our {word} course ran in week {i}{tail}."));
            }
            await buyer.SignInAsync(page);
            var search = await new SearchPageObject(page).GotoAsync();
            await Expect(search.Summary).ToHaveCountAsync(0);

            await search.Query.FillAsync(word);
            await search.Submit.ClickAsync();

            // One thread is one hit, its best post standing for it, with the way to the other 24.
            await page.WaitForURLAsync($"**/search?q={word}");
            await Expect(search.Summary).ToHaveTextAsync($"1 result for “{word}”");
            await Expect(search.Hits).ToHaveCountAsync(1);
            var more = page.GetByTestId("search-more-in-thread");
            await Expect(more).ToHaveTextAsync("24 more matches in this thread");
            await RoomsBrowserKit.ScreenshotAsync(page, "search-grouped-by-thread");
            await more.ClickAsync();

            await Expect(page.GetByTestId("search-thread-scope")).ToContainTextAsync(thread.Title);
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/search\\?q={word}&threadId={thread.Id}$"));
            await Expect(search.Summary).ToHaveTextAsync($"25 results for “{word}”");
            await Expect(search.Hits).ToHaveCountAsync(20);
            await Expect(search.Pager).ToContainTextAsync("Page 1 of 2");
            await Expect(search.Previous).ToHaveCountAsync(0);
            await Expect(search.Next).ToBeVisibleAsync();
            var firstPage = await HitHrefsAsync(search);
            await RoomsBrowserKit.ScreenshotAsync(page, "search-paging-page-1");

            await search.Next.ClickAsync();

            await page.WaitForURLAsync($"**/search?q={word}&threadId={thread.Id}&page=2");
            await Expect(search.Pager).ToContainTextAsync("Page 2 of 2");
            await Expect(search.Hits).ToHaveCountAsync(5);
            await Expect(search.Next).ToHaveCountAsync(0);
            await Expect(search.Previous).ToBeVisibleAsync();
            var secondPage = await HitHrefsAsync(search);
            // Together the two pages show every post once, best first: the five long replies last.
            var expected = replies.Append(thread.OpeningPostId).Select(id => $"/threads/{thread.Id}#post-{id}").Order();
            Assert.Equal(expected, firstPage.Concat(secondPage).Order());
            Assert.Equal(replies.Skip(19).Select(id => $"/threads/{thread.Id}#post-{id}").Order(), secondPage.Order());

            // The hit on page 2 that is deepest in the thread opens it scrolled to that post, clear of the sticky header.
            var deepest = secondPage.MaxBy(PostIdOf)!;
            var postId = PostIdOf(deepest);
            await page.Locator($"[data-testid=search-hit] h3 a[href='{deepest}']").ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith(deepest, StringComparison.Ordinal));
            var post = page.Locator($"#post-{postId}");
            await Expect(post).ToContainTextAsync(word);
            await Expect(post).ToBeInViewportAsync();
            var header = (await page.GetByRole(AriaRole.Banner).BoundingBoxAsync())!;
            var headerBottom = header.Y + header.Height;
            var postTop = (await post.BoundingBoxAsync())!.Y;
            Assert.True(postTop >= headerBottom, $"The post starts at {postTop}px, under the sticky header (which ends at {headerBottom}px).");
            await RoomsBrowserKit.ScreenshotAsync(page, "search-paging-opened-hit");

            await page.GoBackAsync();
            await page.WaitForURLAsync($"**/search?q={word}&threadId={thread.Id}&page=2");
            await Expect(search.Hits).ToHaveCountAsync(5);
            await page.EvaluateAsync("() => window.scrollTo(0, 0)"); // the full-page screenshot draws the sticky header where the page was scrolled
        });

    [Fact]
    public Task A_hostile_query_shows_a_normal_page_and_runs_no_script() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "search-hostile-query", async page =>
        {
            const string ImagePayload = "<img src=x onerror=\"window.__xss=1\">";
            const string SyntaxPayload = "\") OR (";
            var dialogs = new List<string>();
            var pageErrors = new List<string>();
            page.Dialog += async (_, dialog) =>
            {
                lock (dialogs) dialogs.Add($"{dialog.Type}: {dialog.Message}");
                await dialog.DismissAsync();
            };
            page.PageError += (_, error) => { lock (pageErrors) pageErrors.Add(error); };
            using var buyer = await App.MemberAsync("Buyer", "Hal Hostile");
            var word = DistinctiveWord("brackish");
            var thread = await buyer.StartThreadWithIdsAsync(OpenRoom, Unique.Name("Hostile snippet"), $"Try {word} {ImagePayload} and {SyntaxPayload} here.");
            await buyer.SignInAsync(page);
            await page.WaitForBlazorAsync();
            var search = new SearchPageObject(page);

            // 1. The image payload (with the word) from the header box: found, shown as text.
            await search.SearchFromHeaderAsync($"{word} {ImagePayload}");
            await search.ExpectNoErrorUiAsync();
            await Expect(search.Summary).ToHaveTextAsync($"1 result for “{word} {ImagePayload}”");
            await Expect(search.Hits).ToHaveCountAsync(1);
            await Expect(SearchPageObject.Snippet(search.Hits).Locator("mark").First).ToHaveTextAsync(word);
            await Expect(search.Query).ToHaveValueAsync($"{word} {ImagePayload}");
            await Expect(page.Locator("main img, main [onerror]")).ToHaveCountAsync(0);

            // 2. FTS5 operators are searched for as words, never obeyed: "OR" must be in the post too.
            await search.Query.FillAsync($"{word} {SyntaxPayload}");
            await search.Submit.ClickAsync();
            await Expect(search.Summary).ToHaveTextAsync($"1 result for “{word} {SyntaxPayload}”");
            await Expect(SearchPageObject.Snippet(search.Hits).Locator("mark")).ToHaveTextAsync([word, "OR"]);
            await Expect(search.QueryError).ToHaveCountAsync(0);
            await search.ExpectNoErrorUiAsync();

            // 3. The operators alone, and other FTS5 syntax, in the address: a normal page with a summary.
            foreach (var query in new[] { SyntaxPayload, $"{word}{SyntaxPayload}", $"title:{word} NEAR( {word}* ^{word}", $"\"{word}", "OR AND NOT" })
            {
                await search.GotoAsync("?q=" + Uri.EscapeDataString(query));
                await search.ExpectNoErrorUiAsync();
                await Expect(search.Summary).ToContainTextAsync($"for “{query}”");
                await Expect(search.QueryError).ToHaveCountAsync(0);
            }

            // 4. Only punctuation: there is no word to search for, and the field says so.
            await search.GotoAsync("?q=" + Uri.EscapeDataString("\") (*^:"));
            await Expect(search.QueryError).ToHaveTextAsync("Search for at least one word or number.");
            await Expect(search.Query).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(search.Summary).ToHaveCountAsync(0);
            await search.ExpectNoErrorUiAsync();

            // Last shown (for the screenshot): the image payload in the summary, the search box and the snippet.
            await search.GotoAsync("?q=" + Uri.EscapeDataString($"{word} {ImagePayload}"));
            await Expect(search.Hits).ToHaveCountAsync(1);
            await Expect(SearchPageObject.HitLink(search.Hits)).ToHaveAttributeAsync("href", $"/threads/{thread.Id}#post-{thread.OpeningPostId}");
            await page.ImagesSettledAsync(); // a broken image (if one got through) has failed and run its handler by now

            Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__xss === 'undefined'"), "A payload set window.__xss.");
            lock (dialogs) Assert.True(dialogs.Count == 0, "Dialogs opened: " + string.Join("; ", dialogs));
            lock (pageErrors) Assert.True(pageErrors.Count == 0, "Script errors: " + string.Join("; ", pageErrors));
        });

    [Fact]
    public Task A_visitor_is_asked_to_sign_in_and_comes_back_to_the_results() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "search-anonymous", async page =>
        {
            using var buyer = await App.MemberAsync("Buyer", "Vera Visitor");
            var word = DistinctiveWord("heathland");
            var (open, _) = await buyer.OpenAndBuyersOnlyThreadsAsync(word);
            var search = await new SearchPageObject(page).GotoAsync();

            await Expect(search.SignInPrompt).ToContainTextAsync("Sign in to search");
            await Expect(search.SignInPrompt.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToHaveAttributeAsync("href", "/Account/Login?ReturnUrl=%2Fsearch");
            await Expect(search.Form).ToHaveCountAsync(0);
            await Expect(search.Hits).ToHaveCountAsync(0);

            await search.SearchFromHeaderAsync(word);

            await Expect(search.SignInPrompt).ToBeVisibleAsync();
            await Expect(search.Hits).ToHaveCountAsync(0);
            Assert.DoesNotContain(open.Title, await page.ContentAsync());
            await RoomsBrowserKit.ScreenshotAsync(page, "search-anonymous-prompt");

            await search.SignInPrompt.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync("**/Account/Login?ReturnUrl=*");
            var login = new Pages.LoginPage(page);
            await login.SignInAsync(buyer.Email, CommunitySteps.Password);

            await page.WaitForURLAsync($"**/search?q={word}");
            await page.WaitForBlazorAsync();
            await Expect(search.Hits).ToHaveCountAsync(2);
            await Expect(search.SignInPrompt).ToHaveCountAsync(0);
        });

    private static long PostIdOf(string href) => long.Parse(href[(href.LastIndexOf("#post-", StringComparison.Ordinal) + "#post-".Length)..], System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<List<string>> HitHrefsAsync(SearchPageObject search)
    {
        var hrefs = new List<string>();
        foreach (var hit in await search.Hits.AllAsync())
        {
            hrefs.Add(await SearchPageObject.HitLink(hit).GetAttributeAsync("href") ?? "");
        }
        return hrefs;
    }
}
