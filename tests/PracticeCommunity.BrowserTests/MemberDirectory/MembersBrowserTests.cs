using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.BrowserTests.Rooms;
using PracticeCommunity.Testing;
using static Microsoft.Playwright.Assertions;
using static PracticeCommunity.BrowserTests.Rooms.RoomsBrowserKit;

namespace PracticeCommunity.BrowserTests.MemberDirectory;

/// <summary>Issue 8 in the browser: the member directory and a profile, as a supplier and as a buyer.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MembersBrowserTests(BrowserFixture browser, KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Fact]
    public Task A_supplier_finds_a_buyer_in_the_directory_and_sees_only_their_open_posts() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "members-directory", async page =>
        {
            using var buyer = await App.MemberAsync("Buyer", "Dora Directory", "Stad Leuven");
            using var supplier = await App.MemberAsync("Supplier", "Simon Seeker", "Refurb Desks NV");
            var open = Unique.Name("Leasing furniture for the town hall");
            var secret = Unique.Name("Our furniture budget");
            var openId = await buyer.StartThreadAsync(OpenRoom, open, "Who leased furniture?");
            await buyer.StartThreadAsync(BuyersOnlyRoom, secret, "Between buyers.");

            await supplier.SignInAsync(page);
            await page.GotoAsync("/");
            await page.WaitForBlazorAsync();
            await page.GetByTestId("account-menu").Locator("summary").ClickAsync();
            await page.GetByTestId("menu-members").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Members");

            await page.GetByLabel("Name or organisation").FillAsync("Leuven");
            await page.GetByLabel("Role").SelectOptionAsync("Buyer");
            await page.GetByRole(AriaRole.Button, new() { Name = "Show members" }).ClickAsync();
            // The filter form is a plain GET: the page loads again and a new circuit takes it over.
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/members\?.*role=Buyer"));
            await page.WaitForBlazorAsync();
            await Expect(page.GetByTestId("members-count")).ToHaveTextAsync("1 member");
            var card = page.GetByTestId("member-card");
            await Expect(card).ToContainTextAsync("Stad Leuven");
            await Expect(card).ToContainTextAsync("Buyer");
            await BothWidthsAsync(page, "members-directory-supplier");

            await card.GetByRole(AriaRole.Link, new() { Name = buyer.DisplayName }).ClickAsync();
            await Expect(page.GetByTestId("member-profile")).ToContainTextAsync(buyer.DisplayName);
            await Expect(page.GetByTestId("member-posts")).ToContainTextAsync(open);
            await Expect(page.GetByText(secret)).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("member-stats")).ToContainTextAsync("1 thread started");
            await BothWidthsAsync(page, "member-profile-supplier");

            // From a post, the author's name leads to the same profile.
            await page.GotoAsync($"/threads/{openId}");
            await page.WaitForBlazorAsync();
            await page.GetByTestId("post").First.GetByRole(AriaRole.Link, new() { Name = buyer.DisplayName }).ClickAsync();
            await Expect(page.GetByTestId("member-profile")).ToContainTextAsync("Stad Leuven");

            // A filter nobody matches says so.
            await page.GotoAsync("/members?q=zzzz-nobody");
            await Expect(page.GetByTestId("members-empty")).ToBeVisibleAsync();
        });
}
