using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.BrowserTests.Rooms;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Testing;

namespace PracticeCommunity.BrowserTests;

/// <summary>
/// Security probe item 11: the Content-Security-Policy (default-src 'self', no inline script, no framing) must not
/// break the app. Every main page is opened as a visitor and as a signed-in member, the interactive ones until their
/// circuit runs, and any CSP violation (a console report or a securitypolicyviolation event) fails the test.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserFixture browser, KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    private CommunityAppFactory _app => fixture.App;

    private static readonly string[] VisitorPages =
        ["/", "/Account/Login", "/Account/Register", "/Account/ForgotPassword", "/Account/ResendEmailConfirmation", "/email/unsubscribe?token=expired"];

    [Fact]
    public Task No_page_violates_the_content_security_policy() =>
        RecordedSession.RunAsync(browser.Browser, _app.ServerAddress, "csp-every-page", async page =>
        {
            var violations = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add($"{page.Url}: {message.Text}");
            };
            await page.Context.AddInitScriptAsync("""
                window.__csp = [];
                document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
                """);

            var who = "visitor";
            async Task VisitAsync(string path, bool interactive)
            {
                await page.GotoAsync(path);
                if (interactive) await page.WaitForBlazorAsync();
                var reported = await page.EvaluateAsync<string[]>("() => window.__csp");
                violations.AddRange(reported.Select(r => $"{path}: {r}"));
                // Every main page, as a picture for review (artifacts/screenshots/pages).
                var shots = Path.Combine(RecordedSession.ScreenshotDirectory, "pages");
                Directory.CreateDirectory(shots);
                var name = (who + path.Replace('/', '-').Replace('?', '-').Replace('=', '-')).TrimEnd('-');
                await page.ScreenshotAsync(new() { Path = Path.Combine(shots, name + ".png"), FullPage = true });
            }

            foreach (var path in VisitorPages) await VisitAsync(path, interactive: false);

            var buyer = await _app.MemberAsync("Buyer", "Csp Buyer");
            var threadId = await buyer.StartThreadAsync(RoomsBrowserKit.OpenRoom, "Which desks can be refurbished?", "We lease **500 desks**.");
            var buyerProfile = "/members/" + await _app.MemberIdAsync(buyer.Email);
            var admin = Unique.Email("cspadmin");
            await _app.CreateConfirmedAccountAsync(admin, staffRoles: [StaffRoles.Admin, StaffRoles.Moderator]);
            await (await new Pages.LoginPage(page).GotoAsync()).SignInAsync(admin, CommunitySteps.Password);
            who = "moderator";
            using var adminApi = _app.ClientWithToken(await _app.LoginAsync(admin));
            var caseId = await CaseSteps.PublishCaseAsync(buyer.Http, adminApi);
            foreach (var path in new[] { "/", $"/rooms/{RoomsBrowserKit.OpenRoom}", $"/threads/{threadId}", "/search?q=desks", "/profile", "/notifications", "/members", buyerProfile, "/sessions", "/sessions/new", "/admin", "/moderation/members",
                "/cases", $"/cases/{caseId}", "/cases/new", "/cases/import", "/results", "/cases/lessons/office-furniture", "/moderation", "/moderation/audit", "/moderation/outbox", "/me/email" })
            {
                await VisitAsync(path, interactive: true);
            }
            foreach (var path in new[] { "/Account/Manage/ChangePassword", "/Account/Manage/Email", "/Account/Manage/TwoFactorAuthentication", "/Account/Manage/PersonalData" })
            {
                await VisitAsync(path, interactive: false);
            }

            // A buyer and a supplier on the pages they use every week, at desktop and phone width.
            var supplier = await _app.MemberAsync("Supplier", "Csp Supplier");
            foreach (var (member, role) in new[] { (buyer, "buyer"), (supplier, "supplier") })
            {
                await page.Context.ClearCookiesAsync();
                await member.SignInAsync(page);
                foreach (var (width, height, label) in new[] { (1280, 900, "desktop"), (390, 844, "phone") })
                {
                    await page.SetViewportSizeAsync(width, height);
                    who = $"{role}-{label}";
                    foreach (var path in new[] { "/", $"/rooms/{RoomsBrowserKit.OpenRoom}", $"/threads/{threadId}", "/search?q=desks", "/members", buyerProfile, "/sessions", "/profile", "/notifications", "/cases", $"/cases/{caseId}", "/results" })
                    {
                        await VisitAsync(path, interactive: true);
                    }
                }
            }

            Assert.True(violations.Count == 0, "CSP violations:\n" + string.Join("\n", violations));
        });
}
