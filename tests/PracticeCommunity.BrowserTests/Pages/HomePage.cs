using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;

namespace PracticeCommunity.BrowserTests.Pages;

/// <summary>"/": the framework navigator, with the site header's account actions.</summary>
public sealed class HomePage(IPage page)
{
    public static readonly string[] PartTitles =
    [
        "Setting yourself up for success",
        "Adapt criteria and requirements",
        "Run a circular tender process",
        "Mainstream circular public procurement",
    ];

    private ILocator Header => page.GetByRole(AriaRole.Banner);

    public ILocator Navigator => page.GetByTestId("framework-navigator");

    public ILocator JoinLink => Header.GetByRole(AriaRole.Link, new() { Name = "Join the community" });

    public ILocator SignInLink => Header.GetByRole(AriaRole.Link, new() { Name = "Sign in" });

    public ILocator AccountMenu => page.GetByTestId("account-menu");

    public ILocator CompleteProfileLink => page.GetByTestId("complete-profile").GetByRole(AriaRole.Link, new() { Name = "Complete your profile" });

    public ILocator SignOutButton => AccountMenu.GetByRole(AriaRole.Button, new() { Name = "Sign out" });

    /// <summary>
    /// Opens the account menu (a &lt;details&gt;). A click made before the Blazor circuit has taken over the prerendered
    /// page is undone when it does, so the click is repeated until the menu shows its items.
    /// </summary>
    public async Task OpenAccountMenuAsync()
    {
        await page.WaitForBlazorAsync();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if (!await SignOutButton.IsVisibleAsync())
            {
                await AccountMenu.Locator("summary").ClickAsync();
            }
            try
            {
                await SignOutButton.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 750 });
                return;
            }
            catch (TimeoutException)
            {
            }
        }
        await Assertions.Expect(SignOutButton).ToBeVisibleAsync();
    }

    public async Task SignOutAsync()
    {
        await OpenAccountMenuAsync();
        await SignOutButton.ClickAsync();
    }

    public async Task<HomePage> GotoAsync()
    {
        await page.GotoAsync("/");
        // Interact only once the circuit has taken the prerendered page over: a click before it can be lost.
        await page.WaitForBlazorAsync();
        return this;
    }

    public ILocator NeedsYou => page.GetByTestId("needs-you");

    public ILocator NewHere => page.GetByTestId("new-here");

    public ILocator QuestionsForMe => page.GetByTestId("questions-for-me");

    public ILocator PublicExamples => page.GetByTestId("public-examples");

    /// <summary>
    /// A member's home keeps the framework one click away, in a &lt;details&gt;: opens it, showing every room
    /// (<paramref name="whole"/>) or, as it starts, the rooms that have threads.
    /// </summary>
    public async Task OpenFrameworkAsync(bool whole = true)
    {
        var details = page.GetByTestId("framework-details");
        await page.WaitForBlazorAsync();
        if (await details.GetAttributeAsync("open") is null) await details.Locator("summary").ClickAsync();
        await Assertions.Expect(Navigator).ToBeVisibleAsync();
        if (whole && await ShowAllRooms.CountAsync() > 0) await ShowAllRooms.ClickAsync();
    }

    public ILocator ShowAllRooms => page.GetByTestId("framework-show-all");

    public ILocator PartHeading(string title) => page.GetByRole(AriaRole.Heading, new() { Level = 2, Name = title });

    public ILocator RoomLink(string title) => Navigator.GetByRole(AriaRole.Link, new() { Name = title, Exact = true });

    public async Task<RegisterPage> JoinAsync()
    {
        await JoinLink.ClickAsync();
        return await new RegisterPage(page).WaitAsync();
    }

    public async Task<LoginPage> SignInAsync()
    {
        await SignInLink.ClickAsync();
        return await new LoginPage(page).WaitAsync();
    }

    public async Task<ProfilePage> CompleteProfileAsync()
    {
        // A click on an in-app link while the prerendered page hands over to its circuit can be lost: wait for the circuit.
        await page.WaitForBlazorAsync();
        await CompleteProfileLink.ClickAsync();
        return await new ProfilePage(page).WaitAsync();
    }
}
