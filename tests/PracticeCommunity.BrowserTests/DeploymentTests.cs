using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.BrowserTests.Pages;
using PracticeCommunity.Testing;
using static Microsoft.Playwright.Assertions;

namespace PracticeCommunity.BrowserTests;

/// <summary>The app as it is deployed (published, Production) and what a member sees when the server goes away.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DeploymentTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_published_app_in_Production_serves_interactive_pages()
    {
        await using var app = await PublishedApp.StartAsync();
        await RecordedSession.RunAsync(browser.Browser, app.Address, "published-production-home", async page =>
        {
            var failed = new List<string>();
            page.Response += (_, response) => { if (response.Status >= 400) failed.Add($"{response.Status} {response.Url}"); };

            await page.GotoAsync("/");
            await page.WaitForBlazorAsync();

            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            Assert.True(failed.Count == 0, "Requests that failed: " + string.Join(", ", failed));
        });
    }

    [Fact]
    public async Task When_the_server_goes_away_the_member_sees_the_reconnect_dialog_not_an_error()
    {
        var app = new CommunityAppFactory(browser.Mail, new CommunityAppOptions { Kestrel = true, Environment = "Development" });
        var stopped = false;
        try
        {
            await RecordedSession.RunAsync(browser.Browser, app.ServerAddress, "reconnect-dialog", async page =>
            {
                var missing = new List<string>();
                page.Response += (_, response) => { if (response.Status == 404) missing.Add(response.Url); };
                await new HomePage(page).GotoAsync();
                await page.WaitForBlazorAsync();
                Assert.True(missing.Count == 0, "Not found: " + string.Join(", ", missing));

                stopped = true;
                await app.DisposeAsync(); // the server stops under the open page

                await Expect(page.Locator("#components-reconnect-modal")).ToBeVisibleAsync(new() { Timeout = 15_000 });
                await Expect(page.Locator("#components-reconnect-modal")).ToContainTextAsync("connection was lost");
                await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
            });
        }
        finally
        {
            if (!stopped) await app.DisposeAsync();
        }
    }
}
