using System.Net;
using System.Net.Http.Json;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Features.Email;

/// <summary>Links in account emails (contract: App:PublicBaseUrl is the absolute URL used in email links).</summary>
public sealed class EmailLinkTests
{
    [Fact]
    public async Task Confirmation_links_use_App_PublicBaseUrl_when_it_is_set()
    {
        await using var app = new CommunityAppFactory(await MailCatcher.SharedAsync(), new CommunityAppOptions
        {
            Settings = new Dictionary<string, string?> { ["App:PublicBaseUrl"] = "https://community.example.org" },
        });
        var email = Unique.Email("proxied");
        // An https public URL moves plain HTTP to HTTPS, so this client speaks https to the test server.
        using var https = app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

        using (var register = await https.PostAsJsonAsync("/api/v1/auth/register", new { email, password = CommunitySteps.Password }))
        {
            Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        }
        var mail = await app.WaitForConfirmationEmailAsync(email);

        var link = mail.HtmlLink();
        Assert.Equal("https://community.example.org", link.GetLeftPart(UriPartial.Authority));
        Assert.Equal(link, mail.TextLink());
        // The path and query still confirm the account on this server.
        using var confirmed = await https.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
    }

    [Fact]
    public async Task The_confirmation_email_reads_as_the_app_and_carries_no_raw_markup()
    {
        var app = new CommunityAppFactory(await MailCatcher.SharedAsync());
        await using var _ = app;
        var email = Unique.Email("look");
        using (var register = await app.PostRegisterAsync(email))
        {
            Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        }

        var mail = await app.WaitForConfirmationEmailAsync(email);

        Assert.Equal("Confirm your email address", mail.Subject);
        Assert.Contains("PracticeCommunity", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("&amp;", mail.TextLink().ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("<", mail.Text, StringComparison.Ordinal);
    }
}
