using Microsoft.Playwright;

namespace PracticeCommunity.BrowserTests.Pages;

/// <summary>The Identity pages a newcomer passes between registering and signing in.</summary>
public sealed class AccountPages(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    /// <summary>The status shown on /Account/RegisterConfirmation and /Account/ConfirmEmail.</summary>
    public ILocator Alert => page.GetByRole(AriaRole.Alert);
}
