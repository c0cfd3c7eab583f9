using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.BrowserTests.Pages;
using PracticeCommunity.Testing;
using static Microsoft.Playwright.Assertions;

namespace PracticeCommunity.BrowserTests;

/// <summary>Issue 2: a newcomer registers, confirms by email, signs in, completes the profile and sees the framework.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NewcomerJourneyTests(BrowserFixture browser, KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    private const string BuyersOnlyRoom = "How can city departments or colleagues across departments share best practices and learn from each other?";
    private const string OpenRoom = "Can your city or department join existing working groups, platforms, or conferences to learn from other cities?";

    private CommunityAppFactory _app => fixture.App;

    [Fact]
    public Task A_newcomer_registers_confirms_signs_in_completes_the_profile_and_sees_the_framework() =>
        RecordedSession.RunAsync(browser.Browser, _app.ServerAddress, "newcomer-journey", async page =>
        {
            var email = Unique.Email("browser", CommunityAppFactory.PublicBodyDomain);
            var home = await new HomePage(page).GotoAsync();

            // Anonymous visitors already see the framework and its open rooms, but not the buyers-only ones.
            foreach (var part in HomePage.PartTitles)
            {
                await Expect(home.PartHeading(part)).ToBeVisibleAsync();
            }
            await Expect(home.RoomLink(OpenRoom)).ToBeVisibleAsync();
            await Expect(home.RoomLink(BuyersOnlyRoom)).ToHaveCountAsync(0);

            var register = await home.JoinAsync();
            await register.RegisterAsync(email, CommunitySteps.Password);
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("check your email", new() { IgnoreCase = true });

            var mail = await browser.Mail.WaitForEmailToAsync(email, "Confirm");
            var link = mail.HtmlLink();
            Assert.Equal(_app.ServerAddress.Authority, link.Authority); // the emailed link points at this server
            await page.GotoAsync(link.ToString());
            await Expect(page.GetByText("Thank you for confirming your email")).ToBeVisibleAsync();

            home = await new HomePage(page).GotoAsync();
            var login = await home.SignInAsync();
            await login.SignInAsync(email, CommunitySteps.Password);
            await Expect(home.AccountMenu).ToBeVisibleAsync();

            home = await new HomePage(page).GotoAsync();
            var profile = await home.CompleteProfileAsync();
            await profile.WaitForBrowserTimeZoneAsync("Europe/Brussels");
            await profile.DisplayName.FillAsync("Brecht Browser");
            await profile.Role("Buyer").CheckAsync();
            await profile.CreateOrganisationAsync(Unique.Name("Stad Gent"), "PublicBuyer", "BE");
            await profile.ProductGroup("ICT").CheckAsync();
            await profile.ProductGroup("Textiles").CheckAsync();
            await profile.SaveAsync();
            await Expect(profile.Saved).ToBeVisibleAsync();
            await Expect(profile.Errors).ToHaveCountAsync(0);
            await Expect(home.AccountMenu).ToContainTextAsync("Brecht Browser"); // the header follows at once

            home = await new HomePage(page).GotoAsync();
            await Expect(home.NeedsYou).ToBeVisibleAsync();
            await home.OpenFrameworkAsync();
            foreach (var part in HomePage.PartTitles)
            {
                await Expect(home.PartHeading(part)).ToBeVisibleAsync();
            }
            // A gent.be buyer is granted at once, so the buyers-only rooms show too.
            await Expect(home.RoomLink(BuyersOnlyRoom)).ToBeVisibleAsync();
            await Expect(home.RoomLink(OpenRoom)).ToBeVisibleAsync();
            await Expect(home.CompleteProfileLink).ToHaveCountAsync(0);
        });

    [Fact]
    public Task A_profile_with_markup_in_the_organisation_name_shows_the_message_next_to_the_field() =>
        RecordedSession.RunAsync(browser.Browser, _app.ServerAddress, "profile-bad-input", async page =>
        {
            var email = Unique.Email("markup");
            await _app.CreateConfirmedAccountAsync(email);
            var login = await new LoginPage(page).GotoAsync();
            await login.SignInAsync(email, CommunitySteps.Password);

            await page.GotoAsync("/profile");
            var profile = await new ProfilePage(page).WaitAsync();
            await profile.WaitForBrowserTimeZoneAsync("Europe/Brussels");
            await profile.DisplayName.FillAsync("Mallory");
            await profile.Role("Supplier").CheckAsync();
            await profile.CreateOrganisationAsync("<script>alert(1)</script>", "Supplier", "BE");
            await profile.SaveAsync();

            await Expect(profile.Errors).ToBeVisibleAsync();
            await Expect(profile.FieldError("organisation.name")).ToContainTextAsync("markup");
            await Expect(profile.Saved).ToHaveCountAsync(0);
            await Expect(profile.OrganisationName).ToHaveAttributeAsync("aria-invalid", "true");
        });
}
