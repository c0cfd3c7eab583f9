using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PracticeCommunity.BrowserTests.Pages;

/// <summary>/threads/{id}: posts, presence, typing, the reply composer.</summary>
public sealed class ThreadPageObject(IPage page)
{
    public ILocator Posts => page.GetByTestId("post");
    public ILocator Presence => page.GetByTestId("presence");
    public ILocator Typing => page.GetByTestId("typing");
    public ILocator ReplyBody => page.GetByTestId("reply-body");
    public ILocator Send => page.GetByTestId("send-reply");
    public ILocator Disclosure => page.GetByTestId("offering-disclosure");
    public ILocator DisclosureError => page.GetByTestId("error-mentionsOwnOffering");

    public ILocator Post(string text) => Posts.Filter(new() { HasText = text });

    public async Task<ThreadPageObject> OpenAsync(long threadId)
    {
        await page.GotoAsync($"/threads/{threadId}");
        await page.WaitForBlazorAsync();
        await Expect(Posts.First).ToBeVisibleAsync();
        return this;
    }

    public ILocator LoadEarlier => page.GetByTestId("load-earlier");

    /// <summary>Shows a long thread whole, <paramref name="expectedPosts"/> posts, by asking for earlier ones until there are none.</summary>
    public async Task ShowAllAsync(int expectedPosts)
    {
        while (await LoadEarlier.CountAsync() > 0)
        {
            var shown = await Posts.CountAsync();
            await LoadEarlier.ClickAsync();
            await Expect(Posts).Not.ToHaveCountAsync(shown);
        }
        await Expect(Posts).ToHaveCountAsync(expectedPosts);
    }
}
