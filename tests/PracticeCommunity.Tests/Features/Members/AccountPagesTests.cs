using System.Net;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Features.Members;

/// <summary>The sign-in and registration pages offer only what works: no external "providers" made of our own schemes.</summary>
public sealed class AccountPagesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("/Account/Login", "Sign in")]
    [InlineData("/Account/Register", "Join the community")]
    public async Task Account_pages_show_our_heading_and_no_internal_scheme_as_a_login_service(string path, string heading)
    {
        using var client = fixture.App.Anonymous();

        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<h1>{heading}</h1>", html);
        Assert.DoesNotContain("Cookie or bearer", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("CookieOrBearer", html);
        Assert.DoesNotContain("Identity.Bearer", html);
    }
}
