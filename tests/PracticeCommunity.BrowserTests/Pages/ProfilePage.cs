using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace PracticeCommunity.BrowserTests.Pages;

/// <summary>/profile: display name, time zone, role, organisation (existing or new) and product groups.</summary>
public sealed class ProfilePage(IPage page)
{
    public ILocator Form => page.GetByTestId("profile-form");
    public ILocator DisplayName => page.GetByLabel("Display name");
    public ILocator TimeZone => page.GetByLabel("Time zone");
    public ILocator NewOrganisation => page.GetByRole(AriaRole.Radio, new() { Name = "Create a new organisation" });
    public ILocator OrganisationName => page.GetByLabel("Organisation name");
    public ILocator OrganisationType => page.GetByLabel("Organisation type");
    public ILocator Country => page.GetByLabel("Country");
    public ILocator Save => page.GetByRole(AriaRole.Button, new() { Name = "Save profile" });
    public ILocator Saved => page.GetByTestId("profile-saved");
    public ILocator Errors => page.GetByTestId("profile-errors");

    public ILocator Role(string role) => page.GetByRole(AriaRole.Radio, new() { NameRegex = new($"^{Regex.Escape(role)}\\b") });

    public ILocator ProductGroup(string label) => page.GetByRole(AriaRole.Checkbox, new() { Name = label, Exact = true });

    public ILocator FieldError(string field) => page.GetByTestId($"error-{field}");

    public async Task<ProfilePage> WaitAsync()
    {
        await page.WaitForURLAsync("**/profile");
        await Form.WaitForAsync();
        return this;
    }

    /// <summary>
    /// The page is interactive once the circuit has run: for a new member that is when the time zone select shows the
    /// browser's zone (the page asks the browser for it after the first interactive render).
    /// </summary>
    public async Task WaitForBrowserTimeZoneAsync(string zone)
    {
        await Assertions.Expect(TimeZone).ToHaveValueAsync(zone, new() { Timeout = 15_000 });
    }

    public async Task CreateOrganisationAsync(string name, string type, string countryCode)
    {
        if (!await NewOrganisation.IsCheckedAsync())
        {
            await NewOrganisation.CheckAsync();
        }
        await OrganisationName.FillAsync(name);
        await OrganisationType.SelectOptionAsync(type);
        await Country.SelectOptionAsync(countryCode);
    }

    public async Task SaveAsync()
    {
        await Save.ClickAsync();
    }
}
