using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.BrowserTests.Pages;
using PracticeCommunity.BrowserTests.Rooms;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Testing;
using static Microsoft.Playwright.Assertions;
using static PracticeCommunity.BrowserTests.Rooms.RoomsBrowserKit;

namespace PracticeCommunity.BrowserTests.Sessions;

/// <summary>Issue 9 in the browser: a moderator schedules a peer-learning session; a buyer takes the only place, a supplier waits, and moves up.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionBrowserTests(BrowserFixture browser, KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Fact]
    public Task A_moderator_schedules_from_a_format_and_members_register_wait_and_move_up() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "sessions-schedule-and-register", async page =>
        {
            using var buyer = await App.MemberAsync("Buyer", "Bea Booker");
            using var supplier = await App.MemberAsync("Supplier", "Sid Waiter");
            var moderatorEmail = Unique.Email("moderator");
            await App.CreateConfirmedAccountAsync(moderatorEmail, staffRoles: StaffRoles.Moderator);
            var title = Unique.Name("Peer learning: reusing office furniture");

            // The moderator schedules from the peer-learning format: its timed agenda is there to adjust.
            await (await new LoginPage(page).GotoAsync()).SignInAsync(moderatorEmail, CommunitySteps.Password);
            await page.GotoAsync("/sessions");
            await page.WaitForBlazorAsync();
            await page.GetByTestId("schedule-session").ClickAsync();
            await Expect(page.GetByTestId("schedule-form")).ToBeVisibleAsync();
            await page.WaitForBlazorAsync();
            await page.GetByLabel("Format").SelectOptionAsync("PeerLearning");
            var agenda = page.GetByTestId("agenda-editor");
            await Expect(agenda.GetByLabel("Item 4", new() { Exact = true })).ToHaveValueAsync("Factual questions only");
            await Expect(agenda).ToContainTextAsync("(65 minutes)");
            await page.GetByLabel("Title").FillAsync(title);
            await page.GetByLabel("Place (address)").FillAsync("Stadhuis Gent, Botermarkt 1");
            await page.GetByLabel("Online link").FillAsync("https://meet.example.org/furniture");
            await page.GetByLabel("Places (empty: no limit)").FillAsync("1");
            await BothWidthsAsync(page, "sessions-schedule-form");
            await page.GetByTestId("save-session").ClickAsync();

            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
            await Expect(page.GetByTestId("agenda")).ToContainTextAsync("Advice round");
            await Expect(page.GetByTestId("session-link")).ToContainTextAsync("https://meet.example.org/furniture"); // moderators see it
            var sessionUrl = page.Url;
            await BothWidthsAsync(page, "session-page-moderator");

            // The buyer sees no link until registered, then takes the only place.
            await using var other = await SecondContextAsync(browser.Browser, App.ServerAddress);
            var buyerPage = await other.NewPageAsync();
            BlazorCircuit.Watch(buyerPage);
            await buyer.SignInAsync(buyerPage);
            await buyerPage.GotoAsync("/sessions");
            await Expect(buyerPage.GetByTestId("session-card").Filter(new() { HasText = title })).ToContainTextAsync("1 place left");
            await BothWidthsAsync(buyerPage, "sessions-calendar-buyer");
            await buyerPage.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
            await buyerPage.WaitForBlazorAsync();
            await Expect(buyerPage.GetByTestId("session-link")).ToHaveCountAsync(0);
            await buyerPage.GetByTestId("register").ClickAsync();
            await Expect(buyerPage.GetByTestId("my-registration")).ToContainTextAsync("You have a place.");
            await Expect(buyerPage.GetByTestId("session-link")).ToContainTextAsync("https://meet.example.org/furniture");
            await BothWidthsAsync(buyerPage, "session-page-buyer-registered");

            // The supplier finds it full and joins the waitlist.
            await buyerPage.Context.ClearCookiesAsync();
            await supplier.SignInAsync(buyerPage);
            await buyerPage.GotoAsync(sessionUrl);
            await buyerPage.WaitForBlazorAsync();
            await Expect(buyerPage.GetByTestId("register")).ToHaveTextAsync("Join the waitlist");
            await buyerPage.GetByTestId("register").ClickAsync();
            await Expect(buyerPage.GetByTestId("my-registration")).ToContainTextAsync("You are number 1 on the waitlist.");
            await Expect(buyerPage.GetByTestId("session-link")).ToHaveCountAsync(0);
            await BothWidthsAsync(buyerPage, "session-page-supplier-waitlisted");

            // The buyer gives up the place (asked first); the supplier moves up and is told by email.
            await buyerPage.Context.ClearCookiesAsync();
            await buyer.SignInAsync(buyerPage);
            await buyerPage.GotoAsync(sessionUrl);
            await buyerPage.WaitForBlazorAsync();
            await buyerPage.GetByTestId("leave").ClickAsync();
            await buyerPage.GetByTestId("confirm-yes").ClickAsync();
            await Expect(buyerPage.GetByTestId("session-message")).ToContainTextAsync("You gave up your place.");
            await App.Mail.WaitForEmailToAsync(supplier.Email, "A place came free");
            await page.ReloadAsync();
            await Expect(page.GetByTestId("session-capacity")).ToContainTextAsync("0 places left of 1");
        });

    [Fact]
    public Task The_calendar_is_empty_and_says_so_and_a_visitor_is_asked_to_sign_in() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "sessions-empty-and-visitor", async page =>
        {
            await page.GotoAsync("/sessions?past=true");
            await Expect(page.GetByText("Sign in to see the sessions.")).ToBeVisibleAsync();
            using var member = await App.MemberAsync("Facilitator", "Fem Empty");
            await member.SignInAsync(page);
            await page.GotoAsync("/sessions?past=true");
            await Expect(page.GetByTestId("no-sessions")).ToContainTextAsync("No past sessions yet.");
            await BothWidthsAsync(page, "sessions-past-empty");
        });
}
