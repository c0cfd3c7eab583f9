using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PracticeCommunity.BrowserTests.Pages;

/// <summary>/rooms/{slug}: the thread list and the "start a thread" composer.</summary>
public sealed class RoomPageObject(IPage page)
{
    public ILocator StartThread => page.GetByTestId("start-thread");
    public ILocator Title => page.GetByLabel("Title", new() { Exact = true });
    public ILocator Body => page.GetByTestId("thread-body");
    public ILocator PreviewTab => page.GetByTestId("preview-tab");
    public ILocator Preview => page.GetByTestId("preview");
    public ILocator PostThread => page.GetByRole(AriaRole.Button, new() { Name = "Post thread" });

    public async Task<RoomPageObject> OpenAsync(string slug)
    {
        await page.GotoAsync($"/rooms/{slug}");
        await page.WaitForBlazorAsync();
        return this;
    }

    /// <summary>Opens the composer (a click before the circuit took over would be lost, so it is repeated until the form shows).</summary>
    public async Task OpenComposerAsync()
    {
        for (var attempt = 0; attempt < 10 && !await Title.IsVisibleAsync(); attempt++)
        {
            await StartThread.ClickAsync();
            try
            {
                await Title.WaitForAsync(new() { Timeout = 1_000 });
            }
            catch (TimeoutException)
            {
            }
        }
        await Expect(Title).ToBeVisibleAsync();
    }
}
