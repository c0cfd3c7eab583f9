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

    [Fact]
    public async Task An_empty_or_mistyped_form_names_each_field_in_our_words_and_keeps_what_was_typed()
    {
        using var client = fixture.App.Anonymous();

        using var empty = await PracticeCommunity.Tests.Security.SsrForm.PostAsync(client, "/Account/Login", "login",
            new Dictionary<string, string> { ["Input.Email"] = "", ["Input.Password"] = "" });
        var html = System.Net.WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync());
        Assert.Contains("Enter your email address.", html);
        Assert.Contains("Enter your password.", html);
        Assert.DoesNotContain("field is required", html);

        using var mismatched = await PracticeCommunity.Tests.Security.SsrForm.PostAsync(client, "/Account/Register", "register",
            new Dictionary<string, string> { ["Input.Email"] = "not-an-address", ["Input.Password"] = "short", ["Input.ConfirmPassword"] = "other" });
        html = System.Net.WebUtility.HtmlDecode(await mismatched.Content.ReadAsStringAsync());
        Assert.Contains("Enter an email address such as name@city.be.", html);
        Assert.Contains("The password must be 8 to 100 characters long.", html);
        Assert.Contains("The two passwords are not the same.", html);
        Assert.Contains("value=\"not-an-address\"", html);
    }
}
