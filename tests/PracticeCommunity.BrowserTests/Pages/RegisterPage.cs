using Microsoft.Playwright;

namespace PracticeCommunity.BrowserTests.Pages;

/// <summary>/Account/Register (static Identity page).</summary>
public sealed class RegisterPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });
    public ILocator Email => page.GetByLabel("Email", new() { Exact = true });
    public ILocator Password => page.GetByLabel("Password", new() { Exact = true });
    public ILocator ConfirmPassword => page.GetByLabel("Confirm password");
    public ILocator Submit => page.GetByRole(AriaRole.Button, new() { NameRegex = new("^(Register|Create account|Join)", System.Text.RegularExpressions.RegexOptions.IgnoreCase) });

    public async Task<RegisterPage> WaitAsync()
    {
        await page.WaitForURLAsync("**/Account/Register**");
        await Email.WaitForAsync();
        return this;
    }

    /// <summary>Fills and sends the form; returns the page shown next (the "check your email" confirmation).</summary>
    public async Task RegisterAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await ConfirmPassword.FillAsync(password);
        await Submit.ClickAsync();
        await page.WaitForURLAsync("**/Account/RegisterConfirmation**");
    }
}
