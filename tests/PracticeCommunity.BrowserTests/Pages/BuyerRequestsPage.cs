using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;

namespace PracticeCommunity.BrowserTests.Pages;

/// <summary>/moderation/members: moderators approve or decline Buyer requests.</summary>
public sealed class BuyerRequestsPage(IPage page)
{
    public ILocator Table => page.GetByTestId("pending-buyers");
    public ILocator Status => page.GetByRole(AriaRole.Status);

    public ILocator RowOf(string email) => Table.GetByRole(AriaRole.Row).Filter(new() { HasTextString = email });

    public async Task<BuyerRequestsPage> GotoAsync()
    {
        await page.GotoAsync("/moderation/members");
        await page.WaitForBlazorAsync();
        return this;
    }

    public async Task ApproveAsync(string email) =>
        await RowOf(email).GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

    public async Task DeclineAsync(string email) =>
        await RowOf(email).GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();
}
