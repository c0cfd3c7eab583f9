using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PracticeCommunity.BrowserTests.Pages;

/// <summary>/search: the form (words, room, tag), the result summary, the hits and the pager; and the header's search box.</summary>
public sealed class SearchPageObject(IPage page)
{
    /// <summary>The box in the site header, on every page.</summary>
    public ILocator HeaderBox => page.GetByTestId("header-search").GetByLabel("Search discussions");

    public ILocator Form => page.GetByTestId("search-form");
    public ILocator Query => Form.GetByLabel("Search for");
    public ILocator Room => Form.GetByLabel("Room", new() { Exact = true });
    public ILocator Tag => Form.GetByLabel("Tag", new() { Exact = true });
    public ILocator Submit => Form.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true });
    public ILocator QueryError => page.Locator("#q-error");

    public ILocator Summary => page.GetByTestId("search-summary");
    public ILocator Hits => page.GetByTestId("search-hit");
    public ILocator Empty => page.GetByTestId("search-empty");
    public ILocator Pager => page.GetByTestId("search-pager");
    public ILocator Next => Pager.GetByRole(AriaRole.Link, new() { Name = "Next" });
    public ILocator Previous => Pager.GetByRole(AriaRole.Link, new() { Name = "Previous" });
    public ILocator SignInPrompt => page.GetByTestId("search-sign-in");

    public ILocator Hit(string text) => Hits.Filter(new() { HasText = text });

    /// <summary>The link of a hit: its title, pointing at /threads/{id}#post-{id}.</summary>
    public static ILocator HitLink(ILocator hit) => hit.GetByRole(AriaRole.Heading, new() { Level = 3 }).GetByRole(AriaRole.Link);

    public static ILocator Snippet(ILocator hit) => hit.Locator(".search-hit__snippet");

    /// <summary>Opens /search (with a query string, for example "?q=word") and waits for the circuit.</summary>
    public async Task<SearchPageObject> GotoAsync(string queryString = "")
    {
        await page.GotoAsync("/search" + queryString);
        await page.WaitForBlazorAsync();
        return this;
    }

    /// <summary>Types into the header box and presses Enter, as a member does from any page.</summary>
    public async Task SearchFromHeaderAsync(string words)
    {
        await HeaderBox.FillAsync(words);
        await HeaderBox.PressAsync("Enter");
        await page.WaitForURLAsync("**/search?q=*");
        await page.WaitForBlazorAsync();
    }

    /// <summary>Chooses a room (by its visible title) and presses the form's Search button.</summary>
    public async Task FilterByRoomAsync(string roomTitle)
    {
        await Room.SelectOptionAsync(new SelectOptionValue { Label = roomTitle });
        await Submit.ClickAsync();
    }

    /// <summary>The page is a normal page: Blazor's error bar and reconnect dialog are not showing.</summary>
    public async Task ExpectNoErrorUiAsync()
    {
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await Expect(page.Locator("#components-reconnect-modal")).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Search discussions" })).ToBeVisibleAsync();
    }
}
