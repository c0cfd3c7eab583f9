using System.Net;
using System.Net.Http.Json;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Security;

/// <summary>
/// Security probe item 1: reset and confirmation links were built from the request's Host header, so a forged
/// Host mailed a link to the attacker's site. Links now come from App:PublicBaseUrl (or, in Development, the
/// address the server listens on), and outside Development the app refuses to start without one.
/// </summary>
public sealed class ForgedLinkTests
{
    private const string PublicUrl = "http://community.test";

    [Fact]
    public async Task A_password_reset_asked_for_with_a_forged_Host_mails_a_link_to_the_public_url()
    {
        await using var app = new CommunityAppFactory(await MailCatcher.SharedAsync(), new CommunityAppOptions
        {
            Settings = new Dictionary<string, string?> { ["App:PublicBaseUrl"] = PublicUrl },
        });
        var email = Unique.Email("reset");
        await app.CreateConfirmedAccountAsync(email);
        using var client = app.Anonymous();

        using var response = await SsrForm.PostAsync(client, "/Account/ForgotPassword", "forgot-password",
            new Dictionary<string, string> { ["Input.Email"] = email },
            request => request.Headers.Host = "evil.example");

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"got {(int)response.StatusCode}");
        var mail = await app.Mail.WaitForEmailToAsync(email, "Reset");
        Assert.Equal(PublicUrl, mail.HtmlLink().GetLeftPart(UriPartial.Authority));
        Assert.DoesNotContain("evil.example", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("evil.example", mail.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_confirmation_resent_over_the_API_with_a_forged_Host_links_to_the_public_url()
    {
        await using var app = new CommunityAppFactory(await MailCatcher.SharedAsync(), new CommunityAppOptions
        {
            Settings = new Dictionary<string, string?> { ["App:PublicBaseUrl"] = PublicUrl },
        });
        var mail = await RegisterUnderAForeignHostAsync(app, "resend");

        Assert.Equal(PublicUrl, mail.HtmlLink().GetLeftPart(UriPartial.Authority));
        Assert.DoesNotContain("evil.example", mail.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task In_Development_without_a_public_url_links_use_the_listening_address_not_the_Host_header()
    {
        await using var app = new CommunityAppFactory(await MailCatcher.SharedAsync(), new CommunityAppOptions { Kestrel = true, Environment = "Development" });
        var mail = await RegisterUnderAForeignHostAsync(app, "devlink");

        Assert.Equal(app.ServerAddress.Port, mail.HtmlLink().Port);
        Assert.DoesNotContain("evil.example", mail.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("")]
    [InlineData("community.example.org")]
    [InlineData("ftp://community.example.org")]
    public async Task Outside_Development_start_up_refuses_a_missing_or_relative_public_url(string value)
    {
        var factory = new CommunityAppFactory(await MailCatcher.SharedAsync(), new CommunityAppOptions
        {
            Environment = "Production",
            Settings = new Dictionary<string, string?> { ["App:PublicBaseUrl"] = value },
        });

        var thrown = Record.Exception(() => factory.Server);
        try { await factory.DisposeAsync(); } catch (Exception) { /* a host that never started may not stop cleanly */ }

        Assert.NotNull(thrown);
        Assert.Contains("App:PublicBaseUrl", thrown.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Registers over the API with a forged Host header and returns the confirmation email that follows.</summary>
    private static async Task<CaughtEmail> RegisterUnderAForeignHostAsync(CommunityAppFactory app, string who)
    {
        var email = Unique.Email(who);
        using var client = app.Anonymous();
        client.DefaultRequestHeaders.Host = "evil.example";
        using (var register = await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password = CommunitySteps.Password }))
        {
            Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        }
        return await app.WaitForConfirmationEmailAsync(email);
    }
}
