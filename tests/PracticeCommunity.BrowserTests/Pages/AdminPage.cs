using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;

namespace PracticeCommunity.BrowserTests.Pages;

/// <summary>/admin: staff roles and the list of public-body domains.</summary>
public sealed class AdminPage(IPage page)
{
    public ILocator Message => page.GetByTestId("admin-message");
    public ILocator Members => page.GetByTestId("members-table");
    public ILocator Search => page.GetByLabel("Find a member");
    public ILocator Domains => page.GetByTestId("domain-list");
    public ILocator NewDomain => page.GetByLabel("Add a domain");

    public async Task<AdminPage> GotoAsync()
    {
        await page.GotoAsync("/admin");
        await page.WaitForBlazorAsync();
        return this;
    }

    public async Task FindAsync(string text)
    {
        await Search.FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
    }

    /// <summary>The checkbox "{member} is {role}" of a member's row.</summary>
    public ILocator StaffRole(string email, string role) =>
        Members.GetByRole(AriaRole.Row).Filter(new() { HasTextString = email }).GetByRole(AriaRole.Checkbox, new() { NameRegex = new($" is {role}$") });

    public async Task AddDomainAsync(string domain)
    {
        await NewDomain.FillAsync(domain);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
    }
}
