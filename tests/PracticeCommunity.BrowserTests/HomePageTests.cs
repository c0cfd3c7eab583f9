using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.BrowserTests.Pages;
using PracticeCommunity.BrowserTests.Rooms;
using PracticeCommunity.Testing;
using static Microsoft.Playwright.Assertions;
using static PracticeCommunity.BrowserTests.Rooms.RoomsBrowserKit;

namespace PracticeCommunity.BrowserTests;

/// <summary>Issue 8: the home page a buyer, a supplier and a visitor get, at desktop and phone width.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HomePageTests(BrowserFixture browser, KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Fact]
    public Task A_supplier_finds_questions_in_their_product_group_and_no_buyers_only_thread() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "home-supplier", async page =>
        {
            using var asker = await App.MemberAsync("Buyer", "Hana Homepage");
            using var supplier = await App.MemberAsync("Supplier", "Stan Supplier"); // follows ICT, as test members do
            var question = Unique.Name("Which laptops can be repaired on site");
            var secret = Unique.Name("Our laptop budget, between buyers");
            await asker.StartThreadAsync(OpenRoom, question, "We buy 400 a year.", "product:ict");
            await asker.StartThreadAsync(BuyersOnlyRoom, secret, "Only for buyers.", "product:ict");

            await supplier.SignInAsync(page);
            var home = await new HomePage(page).GotoAsync();

            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync($"Welcome back, {supplier.DisplayName}");
            await Expect(home.QuestionsForMe).ToContainTextAsync(question);
            await Expect(home.NeedsYou).ToContainTextAsync("Unanswered");
            await Expect(page.GetByText(secret)).ToHaveCountAsync(0);
            // A newcomer starts here, with the framework open until they have opened a room.
            await Expect(page.GetByTestId("start-here")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("step-profile")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("start-step--done"));
            await Expect(page.GetByTestId("step-room")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("start-step--done"));
            await Expect(page.GetByTestId("step-first-post")).ToContainTextAsync(question);
            await Expect(home.Navigator).ToBeVisibleAsync();
            await BothWidthsAsync(page, "home-supplier");

            await home.QuestionsForMe.GetByRole(AriaRole.Link, new() { Name = question }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = question })).ToBeVisibleAsync();

            // Back home: the room step is ticked and the framework is one click away.
            await page.GotoAsync("/");
            await Expect(page.GetByTestId("step-room")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("start-step--done"));
            await Expect(home.Navigator).Not.ToBeVisibleAsync();
        });

    [Fact]
    public Task The_house_rules_privacy_and_terms_are_one_click_from_every_page() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "about-pages", async page =>
        {
            await page.GotoAsync("/Account/Register");
            await page.GetByTestId("register-terms").GetByRole(AriaRole.Link, new() { Name = "House rules" }).ClickAsync();
            await Expect(page.GetByTestId("about")).ToContainTextAsync("Treat every supplier alike");
            await ScreenshotAsync(page, "about");
            var footer = page.GetByRole(AriaRole.Contentinfo);
            await footer.GetByRole(AriaRole.Link, new() { Name = "Privacy" }).ClickAsync();
            await Expect(page.GetByTestId("privacy")).ToContainTextAsync("never shown to other members");
            await footer.GetByRole(AriaRole.Link, new() { Name = "Terms of use" }).ClickAsync();
            await Expect(page.GetByTestId("terms")).ToBeVisibleAsync();
        });

    [Fact]
    public Task A_buyer_sees_news_on_their_thread_and_opens_the_framework_in_one_click() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "home-buyer", async page =>
        {
            using var buyer = await App.MemberAsync("Buyer", "Bert Buyer");
            using var replier = await App.MemberAsync("Facilitator", "Flor Facilitator");
            var title = Unique.Name("How do you score repairability");
            var threadId = await buyer.StartThreadAsync(OpenRoom, title, "In the award criteria?", "product:ict");
            await replier.ReplyAsync(threadId, $"@[{buyer.DisplayName}] with the French repair index.");

            await buyer.SignInAsync(page);
            var home = await new HomePage(page).GotoAsync();
            await Expect(page.GetByTestId("my-threads")).ToContainTextAsync(title);
            await Expect(page.GetByTestId("mentions")).ToContainTextAsync($"{replier.DisplayName} mentioned you in “{title}”");
            await Expect(page.GetByTestId("rooms-with-news")).ToBeVisibleAsync();
            await BothWidthsAsync(page, "home-buyer");

            // The framework starts with the rooms that have threads; all of them are one more click away.
            await home.OpenFrameworkAsync(whole: false);
            const string quietRoom = "What should a working group decide, and how often should it meet?"; // no test here posts in it
            await Expect(home.RoomLink("What kind of capacity building activities and training do your colleagues need in order to deliver circular public procurement projects?")).ToBeVisibleAsync();
            await Expect(home.RoomLink(quietRoom)).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("framework-filter")).ToContainTextAsync("rooms have threads");
            await home.ShowAllRooms.ClickAsync();
            await Expect(home.RoomLink(quietRoom)).ToBeVisibleAsync();
            await Expect(home.RoomLink("How can city departments or colleagues across departments share best practices and learn from each other?")).ToBeVisibleAsync();
        });

    [Fact]
    public Task A_visitor_sees_what_the_community_is_some_open_threads_and_how_to_join() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "home-visitor", async page =>
        {
            using var buyer = await App.MemberAsync("Buyer", "Vera Visible");
            var open = Unique.Name("Who rents office furniture");
            var secret = Unique.Name("Between buyers: furniture prices");
            await buyer.StartThreadAsync(OpenRoom, open, "Looking for experience.");
            await buyer.StartThreadAsync(BuyersOnlyRoom, secret, "Only for buyers.");

            var home = await new HomePage(page).GotoAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "How it works" })).ToBeVisibleAsync();
            await Expect(home.PublicExamples).ToBeVisibleAsync();
            await Expect(page.GetByText(secret)).ToHaveCountAsync(0);
            await Expect(home.Navigator).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Join the community" })).ToBeVisibleAsync();
            await BothWidthsAsync(page, "home-visitor");
        });
}
