using System.Net;
using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.BrowserTests.Pages;
using CreateAdminCommand = PracticeCommunity.Features.Members.CreateAdminCommand;
using StaffRoles = PracticeCommunity.Features.Members.StaffRoles;
using PracticeCommunity.Testing;
using static Microsoft.Playwright.Assertions;

namespace PracticeCommunity.BrowserTests;

/// <summary>Moderators decide Buyer requests and admins assign staff roles, on their pages.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StaffPagesTests(BrowserFixture browser, KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    private CommunityAppFactory _app => fixture.App;

    [Fact]
    public Task A_moderator_approves_a_pending_buyer_who_then_sees_buyers_only_rooms() =>
        RecordedSession.RunAsync(browser.Browser, _app.ServerAddress, "moderator-approves-buyer", async page =>
        {
            var buyerEmail = Unique.Email("waiting");
            await _app.CreateConfirmedAccountAsync(buyerEmail);
            using var buyer = await _app.SignedInClientAsync(buyerEmail);
            using (var put = await buyer.PutProfileAsync(CommunitySteps.Profile("Buyer", "PublicBuyer", displayName: "Wanda Waiting")))
            {
                await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, "requesting Buyer status");
            }
            var moderatorEmail = Unique.Email("mod");
            await _app.CreateConfirmedAccountAsync(moderatorEmail, staffRoles: StaffRoles.Moderator);

            var login = await new LoginPage(page).GotoAsync();
            await login.SignInAsync(moderatorEmail, CommunitySteps.Password);
            var requests = await new BuyerRequestsPage(page).GotoAsync();
            await Expect(requests.RowOf(buyerEmail)).ToBeVisibleAsync();
            await requests.ApproveAsync(buyerEmail);

            await Expect(requests.Status).ToContainTextAsync("Wanda Waiting is now a Buyer.");
            await Expect(requests.RowOf(buyerEmail)).ToHaveCountAsync(0);
            var me = await buyer.GetJsonAsync("/api/v1/me");
            Assert.Equal("Granted", me.GetProperty("roleStatus").GetString());
            var rooms = await buyer.GetJsonAsync("/api/v1/rooms");
            Assert.Contains(rooms.EnumerateArray(), r => r.GetProperty("audience").GetString() == "BuyersOnly");
        });

    [Fact]
    public Task A_member_who_is_not_staff_cannot_open_the_moderation_page() =>
        RecordedSession.RunAsync(browser.Browser, _app.ServerAddress, "moderation-refused", async page =>
        {
            var email = Unique.Email("plain");
            await _app.CreateConfirmedAccountAsync(email);
            var login = await new LoginPage(page).GotoAsync();
            await login.SignInAsync(email, CommunitySteps.Password);

            await page.GotoAsync("/moderation/members");

            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Not allowed" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("pending-buyers")).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Buyer requests" })).ToHaveCountAsync(0);
        });

    [Fact]
    public Task An_admin_makes_a_member_a_moderator() =>
        RecordedSession.RunAsync(browser.Browser, _app.ServerAddress, "admin-assigns-moderator", async page =>
        {
            var memberEmail = Unique.Email("promote");
            await _app.CreateConfirmedAccountAsync(memberEmail);
            var adminEmail = Unique.Email("admin");
            Assert.Equal(0, await CreateAdminCommand.RunAsync(_app.Services, ["create-admin", "--email", adminEmail, "--password", CommunitySteps.Password]));

            var login = await new LoginPage(page).GotoAsync();
            await login.SignInAsync(adminEmail, CommunitySteps.Password);
            var admin = await new AdminPage(page).GotoAsync();
            await admin.FindAsync(memberEmail);
            var moderator = admin.StaffRole(memberEmail, "Moderator");
            await Expect(moderator).Not.ToBeCheckedAsync();
            await moderator.CheckAsync();

            await Expect(admin.Message).ToBeVisibleAsync();
            using var member = await _app.SignedInClientAsync(memberEmail);
            var staffRoles = (await member.GetJsonAsync("/api/v1/me")).GetProperty("staffRoles").EnumerateArray().Select(r => r.GetString());
            Assert.Contains("Moderator", staffRoles);
        });
}
