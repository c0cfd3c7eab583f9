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
            await buyerPage.GotoAsync($"/sessions?view=month&month={DateTime.UtcNow.AddDays(14):yyyy-MM}");
            await Expect(buyerPage.GetByTestId("month-session").Filter(new() { HasText = title })).ToContainTextAsync("14:00");
            await BothWidthsAsync(buyerPage, "sessions-month-buyer");
            await buyerPage.GotoAsync("/sessions");
            await buyerPage.WaitForBlazorAsync();
            await buyerPage.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
            await Expect(buyerPage).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/sessions/\d+$"));
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

    [Fact]
    public Task A_moderator_runs_a_session_live_while_two_attendees_watch_then_harvests_it() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "sessions-live-and-harvest", async page =>
        {
            using var anna = await App.MemberAsync("Buyer", "Anna Attendee");
            using var sam = await App.MemberAsync("Supplier", "Sam Attendee");
            var moderatorEmail = Unique.Email("moderator");
            await App.CreateConfirmedAccountAsync(moderatorEmail, staffRoles: StaffRoles.Moderator);
            using var moderatorApi = App.ClientWithToken(await App.LoginAsync(moderatorEmail));
            var start = SessionClock.LocalIn(10);
            var title = Unique.Name("Intervision: a circular cleaning tender");
            using var scheduled = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(moderatorApi, "/api/v1/sessions", new
            {
                title, description = "Bring your cleaning tender.", format = "PeerLearning", audience = "Everyone",
                startsAt = start.ToString("yyyy-MM-dd'T'HH:mm:ss"), endsAt = start.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss"),
                timeZone = "Europe/Brussels", onlineUrl = "https://meet.example.org/intervision", capacity = 12, roomIds = new[] { 1 },
            });
            await CommunitySteps.EnsureAsync(scheduled, System.Net.HttpStatusCode.Created, "scheduling");
            var id = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(scheduled.Content)).GetProperty("id").GetInt64();
            foreach (var m in new[] { anna, sam })
                using (var r = await m.Http.PostAsync($"/api/v1/sessions/{id}/registration", null)) await CommunitySteps.EnsureAsync(r, System.Net.HttpStatusCode.Created, "registering");

            // Two attendees open live mode in their own browsers.
            await using var annaContext = await SecondContextAsync(browser.Browser, App.ServerAddress);
            await using var samContext = await SecondContextAsync(browser.Browser, App.ServerAddress);
            var annaPage = await annaContext.NewPageAsync();
            var samPage = await samContext.NewPageAsync();
            foreach (var (p, m) in new[] { (annaPage, anna), (samPage, sam) })
            {
                BlazorCircuit.Watch(p);
                await m.SignInAsync(p);
                await p.GotoAsync($"/sessions/{id}/live");
                await p.WaitForBlazorAsync();
                await Expect(p.GetByTestId("live-state")).ToContainTextAsync("Not started yet.");
            }

            // The moderator starts: both see the first item highlighted, then the next.
            await (await new LoginPage(page).GotoAsync()).SignInAsync(moderatorEmail, CommunitySteps.Password);
            await page.GotoAsync($"/sessions/{id}");
            await page.WaitForBlazorAsync();
            await page.GetByTestId("join-live").GetByRole(AriaRole.Link).ClickAsync();
            await page.GetByTestId("live-start").ClickAsync();
            foreach (var p in new[] { annaPage, samPage })
            {
                await Expect(p.GetByTestId("live-state")).ToContainTextAsync("Live now");
                await Expect(p.GetByTestId("live-current")).ToContainTextAsync("Review of last time's advice");
            }
            await page.GetByTestId("live-next").ClickAsync();
            await page.GetByTestId("live-next").ClickAsync();
            foreach (var p in new[] { annaPage, samPage }) await Expect(p.GetByTestId("live-current")).ToContainTextAsync("Choose one case");

            // Notes appear as the moderator shares them; hands go up and come down.
            await page.GetByTestId("live-notes-editor").FillAsync("Case chosen: the cleaning tender of Stad Gent.");
            await page.GetByTestId("live-notes-save").ClickAsync();
            foreach (var p in new[] { annaPage, samPage }) await Expect(p.GetByTestId("live-notes")).ToHaveTextAsync("Case chosen: the cleaning tender of Stad Gent.");
            await annaPage.GetByTestId("live-hand").ClickAsync();
            await annaPage.GetByTestId("live-check-in").ClickAsync();
            await Expect(page.GetByTestId("live-hands")).ToContainTextAsync(anna.DisplayName);
            await Expect(samPage.GetByTestId("live-hands")).ToContainTextAsync(anna.DisplayName);
            await Expect(page.GetByTestId("live-attendees")).ToContainTextAsync(anna.DisplayName);
            await BothWidthsAsync(page, "session-live-moderator");
            await BothWidthsAsync(samPage, "session-live-supplier");
            await page.GetByTestId("live-lower").ClickAsync();
            await Expect(annaPage.GetByTestId("live-no-hands")).ToBeVisibleAsync();
            await Expect(annaPage.GetByTestId("live-hand")).ToHaveTextAsync("Raise my hand");
            await BothWidthsAsync(annaPage, "session-live-buyer");

            // The moderator ends the session and writes the harvest: Anna checked in, so she is ticked.
            await page.GetByTestId("live-end").ClickAsync();
            await Expect(annaPage.GetByTestId("live-state")).ToContainTextAsync("This session has ended.");
            await page.GetByTestId("live-harvest").ClickAsync();
            await Expect(page.GetByTestId("harvest-form")).ToBeVisibleAsync();
            await page.WaitForBlazorAsync();
            await Expect(page.GetByTestId("attendee").First).ToBeVisibleAsync();
            await Expect(page.GetByLabel(anna.DisplayName, new() { Exact = false })).ToBeCheckedAsync();
            await page.GetByTestId("takeaways").FillAsync("Ask for a cleaning-as-a-service price, not products.");
            await page.GetByTestId("add-action").ClickAsync();
            await page.GetByTestId("action-text").FillAsync("Share the revised award criteria");
            await page.GetByTestId("action-owner").SelectOptionAsync(new SelectOptionValue { Label = anna.DisplayName });
            await BothWidthsAsync(page, "session-harvest-form");
            await page.GetByTestId("save-harvest").ClickAsync();

            await Expect(page.GetByTestId("harvest")).ToContainTextAsync("Ask for a cleaning-as-a-service price, not products.");
            await Expect(page.GetByTestId("action-items")).ToContainTextAsync("Share the revised award criteria");
            await page.GetByTestId("action-items").GetByRole(AriaRole.Link).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Share the revised award criteria");
            await Expect(page.GetByTestId("post").First).ToContainTextAsync($"@{anna.DisplayName}");
            await annaPage.GotoAsync($"/sessions/{id}");
            await Expect(annaPage.GetByTestId("harvest")).ToContainTextAsync("Share the revised award criteria");
            await BothWidthsAsync(annaPage, "session-harvested-buyer");
        });

    [Fact]
    public Task A_member_proposes_a_session_others_plus_one_it_and_a_moderator_schedules_it_from_the_proposal() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "sessions-proposals", async page =>
        {
            using var proposer = await App.MemberAsync("Buyer", "Pia Proposer");
            using var fan = await App.MemberAsync("Supplier", "Fred Fan");
            var topic = Unique.Name("Circular catering contracts");
            await proposer.SignInAsync(page);
            await page.GotoAsync("/sessions/proposals");
            await page.WaitForBlazorAsync();
            await Expect(page.GetByTestId("no-proposals")).ToBeVisibleAsync();
            await page.GetByLabel("Topic").FillAsync(topic);
            await page.GetByLabel("Why it matters, and who should come").FillAsync("Three of us tender catering in spring.");
            await page.GetByLabel("Format").SelectOptionAsync("Workshop");
            await page.GetByTestId("propose-save").ClickAsync();
            var proposal = page.GetByTestId("proposal").Filter(new() { HasText = topic });
            await Expect(proposal).ToContainTextAsync("Three of us tender catering in spring.");
            await Expect(proposal.GetByTestId("vote")).ToHaveCountAsync(0); // one's own proposal counts one in already

            await page.Context.ClearCookiesAsync();
            await fan.SignInAsync(page);
            await page.GotoAsync("/sessions/proposals");
            await page.WaitForBlazorAsync();
            await proposal.GetByTestId("vote").ClickAsync();
            await Expect(proposal.GetByTestId("vote")).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(proposal).ToContainTextAsync("1+1");
            await BothWidthsAsync(page, "sessions-proposals-supplier");

            var moderatorEmail = Unique.Email("moderator");
            await App.CreateConfirmedAccountAsync(moderatorEmail, staffRoles: StaffRoles.Moderator);
            await page.Context.ClearCookiesAsync();
            await (await new LoginPage(page).GotoAsync()).SignInAsync(moderatorEmail, CommunitySteps.Password);
            await page.GotoAsync("/sessions/proposals");
            await page.WaitForBlazorAsync();
            await proposal.GetByTestId("schedule-proposal").ClickAsync();
            await Expect(page.GetByLabel("Title")).ToHaveValueAsync(topic);
            await Expect(page.GetByLabel("Format")).ToHaveValueAsync("Workshop");
            await page.WaitForBlazorAsync();
            await page.GetByLabel("Place (address)").FillAsync("Stadhuis Leuven");
            await page.GetByTestId("save-session").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(topic);
            await page.GotoAsync("/sessions/proposals");
            await Expect(page.GetByText(topic)).ToHaveCountAsync(0);
        });

    [Fact]
    public Task At_a_buyer_meets_supplier_day_the_moderator_opens_slots_and_a_supplier_books_one() =>
        RecordedSession.RunAsync(browser.Browser, App.ServerAddress, "sessions-one-to-one", async page =>
        {
            using var buyer = await App.MemberAsync("Buyer", "Hilde Host", "Stad Mechelen");
            using var supplier = await App.MemberAsync("Supplier", "Pieter Pitcher", "ReChair NV");
            var moderatorEmail = Unique.Email("moderator");
            await App.CreateConfirmedAccountAsync(moderatorEmail, staffRoles: StaffRoles.Moderator);
            using var moderatorApi = App.ClientWithToken(await App.LoginAsync(moderatorEmail));
            var start = DateTime.UtcNow.Date.AddDays(21).AddHours(9);
            var title = Unique.Name("Buyer meets supplier: office furniture");
            using var scheduled = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(moderatorApi, "/api/v1/sessions", new
            {
                title, description = "Needs first, then pitches, then one-to-ones.", format = "BuyerMeetsSupplier", audience = "Everyone",
                startsAt = start.ToString("yyyy-MM-dd'T'HH:mm:ss"), endsAt = start.AddHours(3).ToString("yyyy-MM-dd'T'HH:mm:ss"),
                timeZone = "Europe/Brussels", place = "Mechelen, Grote Markt 21",
            });
            await CommunitySteps.EnsureAsync(scheduled, System.Net.HttpStatusCode.Created, "scheduling");
            var id = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(scheduled.Content)).GetProperty("id").GetInt64();
            foreach (var m in new[] { buyer, supplier })
                using (var r = await m.Http.PostAsync($"/api/v1/sessions/{id}/registration", null)) await CommunitySteps.EnsureAsync(r, System.Net.HttpStatusCode.Created, "registering");

            await (await new LoginPage(page).GotoAsync()).SignInAsync(moderatorEmail, CommunitySteps.Password);
            await page.GotoAsync($"/sessions/{id}");
            await page.WaitForBlazorAsync();
            var slots = page.GetByTestId("slots");
            await slots.GetByLabel("Slots per buyer").FillAsync("3");
            await slots.GetByRole(AriaRole.Button, new() { Name = "Open slots for every buyer with a place" }).ClickAsync();
            await Expect(slots.GetByTestId("slot")).ToHaveCountAsync(3);
            await Expect(slots).ToContainTextAsync("Hilde Host");

            await page.Context.ClearCookiesAsync();
            await supplier.SignInAsync(page);
            await page.GotoAsync($"/sessions/{id}");
            await page.WaitForBlazorAsync();
            await slots.GetByTestId("book-slot").First.ClickAsync();
            await Expect(slots.GetByTestId("slot").First).ToContainTextAsync("Your meeting");
            await Expect(slots.GetByTestId("book-slot")).ToHaveCountAsync(0); // one meeting per buyer
            await BothWidthsAsync(page, "session-one-to-one-supplier");
        });
}
