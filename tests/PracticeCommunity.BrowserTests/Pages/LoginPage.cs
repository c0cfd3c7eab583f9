using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace PracticeCommunity.BrowserTests.Pages;

/// <summary>/Account/Login (static Identity page).</summary>
public sealed class LoginPage(IPage page)
{
    public ILocator Email => page.GetByLabel("Email", new() { Exact = true });
    public ILocator Password => page.GetByLabel("Password", new() { Exact = true });
    public ILocator Submit => page.GetByRole(AriaRole.Button, new() { NameRegex = new("^(Log in|Sign in)$", RegexOptions.IgnoreCase) });

    public async Task<LoginPage> WaitAsync()
    {
        await page.WaitForURLAsync("**/Account/Login**");
        await Email.WaitForAsync();
        return this;
    }

    public async Task<LoginPage> GotoAsync()
    {
        await page.GotoAsync("/Account/Login");
        return await WaitAsync();
    }

    public async Task SignInAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await Submit.ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase));
    }
}
