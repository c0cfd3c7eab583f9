using System.Net.Http.Json;
using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.BrowserTests.Pages;
using PracticeCommunity.BrowserTests.Rooms;
using PracticeCommunity.Testing;
using static Microsoft.Playwright.Assertions;
using static PracticeCommunity.BrowserTests.Rooms.RoomsBrowserKit;

namespace PracticeCommunity.BrowserTests.MultiServer;

/// <summary>
/// Two servers on one database (PostgreSQL when the test command started one) and one redis-server, each on its own Kestrel, as behind a load balancer with sticky
/// sessions: a member on server B sees, live in the browser, what a member on server A posts and types, and who is there.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TwoServerBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly TempDirectory _data = new("two-servers-browser");
    private RedisServer _redis = null!;
    private CommunityAppFactory _a = null!;
    private CommunityAppFactory _b = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        var mail = await MailCatcher.SharedAsync();
        var prefix = "browser-" + Guid.NewGuid().ToString("N")[..8];
        CommunityAppFactory Instance() => new(mail, new CommunityAppOptions
        {
            Kestrel = true,
            Environment = "Development",
            DatabaseFile = _data.Combine("shared.db"),
            // On PostgreSQL, as servers behind a load balancer would be, whenever the test command started one.
            Postgres = TestDatabase.PostgresAvailable,
            Settings = new Dictionary<string, string?> { ["Redis:Configuration"] = _redis.Configuration, ["Redis:ChannelPrefix"] = prefix },
        });
        _a = Instance();
        _ = _a.ServerAddress;
        _b = Instance();
        _ = _b.ServerAddress;
        await _a.ReadyOnRedisAsync();
        await _b.ReadyOnRedisAsync();
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _redis.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public Task A_member_on_server_B_sees_live_what_a_member_on_server_A_posts_and_types() =>
        RecordedSession.RunAsync(browser.Browser, _b.ServerAddress, "multiserver-post-from-other-server", async page =>
        {
            using var author = await _a.MemberAsync("Buyer", "Ada on A");
            using var watcher = await _b.MemberAsync("Facilitator", "Bo on B");
            var threadId = await author.StartThreadAsync(OpenRoom, "Served by two servers", "Who is where?");

            await watcher.SignInAsync(page);
            var onB = await new ThreadPageObject(page).OpenAsync(threadId);
            await Expect(onB.Posts).ToHaveCountAsync(1);
            await page.EvaluateAsync("() => { window.__sameDocument = true; }");

            // The author opens the same thread on server A in a browser of their own.
            await using var otherContext = await SecondContextAsync(browser.Browser, _a.ServerAddress);
            var pageOnA = await otherContext.NewPageAsync();
            BlazorCircuit.Watch(pageOnA);
            await author.SignInAsync(pageOnA);
            var onA = await new ThreadPageObject(pageOnA).OpenAsync(threadId);
            foreach (var view in new[] { onA, onB })
            {
                await Expect(view.Presence).ToContainTextAsync("2 here now");
                await Expect(view.Presence).ToContainTextAsync(author.DisplayName);
                await Expect(view.Presence).ToContainTextAsync(watcher.DisplayName);
            }

            await onA.ReplyBody.PressSequentiallyAsync("Posted from server A", new() { Delay = 20 });
            await Expect(onB.Typing).ToContainTextAsync($"{author.DisplayName} is typing");
            await onA.Send.ClickAsync();

            await Expect(onB.Post("Posted from server A")).ToHaveCountAsync(1);
            await Expect(onB.Posts).ToHaveCountAsync(2);
            Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The page on server B reloaded.");
            await ScreenshotAsync(page, "multiserver-post-from-other-server-on-b");

            // The author leaves server A's page: server B's page says so.
            await pageOnA.CloseAsync();
            await Expect(onB.Presence).Not.ToContainTextAsync(author.DisplayName);
        });

    [Fact]
    public Task A_buyer_who_becomes_a_supplier_on_server_A_loses_the_open_buyers_only_thread_on_server_B() =>
        RecordedSession.RunAsync(browser.Browser, _b.ServerAddress, "multiserver-access-withdrawn", async page =>
        {
            using var asker = await _a.MemberAsync("Buyer", "Ada on A");
            using var switcher = await _a.MemberAsync("Buyer", "Sy Switcher");
            var threadId = await asker.StartThreadAsync(BuyersOnlyRoom, "Between buyers, on two servers", "What did the last tender cost?");
            await switcher.SignInAsync(page);
            var onB = await new ThreadPageObject(page).OpenAsync(threadId);
            await Expect(onB.Posts).ToHaveCountAsync(1);

            // The member changes role through server A (another tab, a script): the page on server B closes.
            using (var put = await switcher.Http.PutAsJsonAsync("/api/v1/me/profile",
                       CommunitySteps.Profile("Supplier", "Supplier", Unique.Name("Desk Co"), displayName: switcher.DisplayName)))
            {
                await CommunitySteps.EnsureAsync(put, System.Net.HttpStatusCode.OK, "switching to supplier on server A");
            }
            await Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();
            await Expect(page.GetByText("Between buyers, on two servers")).ToHaveCountAsync(0);
            await ScreenshotAsync(page, "multiserver-access-withdrawn-on-b");
            // Opened again on server B, the thread stays closed to them.
            await page.ReloadAsync();
            await Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();
            await Expect(page.GetByText("What did the last tender cost?")).ToHaveCountAsync(0);
        });

    [Fact]
    public Task After_redis_was_down_the_page_on_server_B_shows_what_was_posted_on_server_A_meanwhile() =>
        RecordedSession.RunAsync(browser.Browser, _b.ServerAddress, "multiserver-catch-up-after-redis", async page =>
        {
            using var author = await _a.MemberAsync("Buyer", "Ada on A");
            using var watcher = await _b.MemberAsync("Facilitator", "Bo on B");
            var threadId = await author.StartThreadAsync(OpenRoom, "Posts during an outage", "Redis goes away for a while.");
            await watcher.SignInAsync(page);
            var onB = await new ThreadPageObject(page).OpenAsync(threadId);
            await Expect(onB.Posts).ToHaveCountAsync(1);
            await page.EvaluateAsync("() => { window.__sameDocument = true; }");

            await _redis.KillAsync();
            var outage = System.Diagnostics.Stopwatch.StartNew();
            await author.ReplyAsync(threadId, "Posted on A while Redis was down");
            // Server B cannot hear of it yet: its page still shows one post.
            await Task.Delay(TimeSpan.FromSeconds(2));
            await Expect(onB.Posts).ToHaveCountAsync(1);

            await Task.Delay(TimeSpan.FromSeconds(10) - outage.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
            await _redis.StartAgainAsync();
            // Once both servers are back on Redis, the page reads the thread again: the post is there, without a reload.
            await Expect(onB.Post("Posted on A while Redis was down")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
            Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The page on server B reloaded.");
        });
}
