using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.BrowserTests.Pages;
using PracticeCommunity.Testing;
using static Microsoft.Playwright.Assertions;

namespace PracticeCommunity.BrowserTests;

/// <summary>The site frame: phone-width layout, landmarks, and signing out.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SiteLayoutTests(BrowserFixture browser, KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    private CommunityAppFactory _app => fixture.App;

    [Fact]
    public Task The_home_page_fits_a_phone_width_screen_and_has_landmarks() =>
        RecordedSession.RunAsync(browser.Browser, _app.ServerAddress, "home-phone-width", async page =>
        {
            var home = await new HomePage(page).GotoAsync();

            await Expect(page.GetByRole(AriaRole.Banner)).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Main)).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Search)).ToHaveCountAsync(1);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveCountAsync(1);
            await Expect(home.JoinLink).ToBeVisibleAsync();
            await Expect(home.PartHeading(HomePage.PartTitles[3])).ToBeVisibleAsync();
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"The page is {overflow}px wider than a 390px phone screen.");
        }, new ViewportSize { Width = 390, Height = 844 });

    [Fact]
    public Task A_member_signs_in_and_out_from_the_header() =>
        RecordedSession.RunAsync(browser.Browser, _app.ServerAddress, "sign-in-out", async page =>
        {
            var email = Unique.Email("inout");
            await _app.CreateConfirmedAccountAsync(email);
            var home = await new HomePage(page).GotoAsync();
            var login = await home.SignInAsync();
            await login.SignInAsync(email, CommunitySteps.Password);

            await Expect(home.AccountMenu).ToBeVisibleAsync();
            await Expect(home.SignInLink).ToHaveCountAsync(0);

            await home.SignOutAsync();

            await Expect(home.SignInLink).ToBeVisibleAsync();
            await Expect(home.AccountMenu).ToHaveCountAsync(0);
        });

    [Fact]
    public Task A_wrong_password_shows_an_error_and_keeps_the_visitor_signed_out() =>
        RecordedSession.RunAsync(browser.Browser, _app.ServerAddress, "sign-in-wrong-password", async page =>
        {
            var email = Unique.Email("wrongpw");
            await _app.CreateConfirmedAccountAsync(email);
            var login = await new LoginPage(page).GotoAsync();
            await login.Email.FillAsync(email);
            await login.Password.FillAsync("Not-The-Password-1");
            await login.Submit.ClickAsync();

            await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasTextString = "Sign-in failed" })).ToBeVisibleAsync();
            await Expect(new HomePage(page).AccountMenu).ToHaveCountAsync(0);
        });
}
