using System.Net;
using System.Text.RegularExpressions;

namespace PracticeCommunity.Tests.Security;

/// <summary>
/// Posts a statically rendered Blazor form (the account pages) the way a browser does: GET the page for its
/// antiforgery token and cookie, then POST the fields with the form's name in _handler.
/// The client must keep cookies (the factory's clients do).
/// </summary>
public static partial class SsrForm
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string formName,
        IReadOnlyDictionary<string, string> fields, Action<HttpRequestMessage>? tweak = null)
    {
        using var page = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var token = TokenPattern().Match(html);
        Assert.True(token.Success, $"No antiforgery token on {path}.");
        var form = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        tweak?.Invoke(request);
        return await client.SendAsync(request);
    }

    /// <summary>Signs in on the login page, so the client holds the sign-in cookie a browser would.</summary>
    public static async Task SignInAsync(HttpClient client, string email, string password = PracticeCommunity.Testing.CommunitySteps.Password)
    {
        using var response = await PostAsync(client, "/Account/Login", "login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        // A real socket's client follows the redirect; the in-memory one stops at it.
        var landed = response.StatusCode == HttpStatusCode.Redirect ? response.Headers.Location!.ToString() : response.RequestMessage!.RequestUri!.ToString();
        Assert.DoesNotContain("/Account/Login", landed, StringComparison.OrdinalIgnoreCase);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"signing in as {email}: {(int)response.StatusCode}");
    }

    /// <summary>A new confirmed member signed in through the login page: a client holding the cookie a browser would.</summary>
    public static async Task<(HttpClient Browser, string Email)> SignedInBrowserAsync(PracticeCommunity.Testing.CommunityAppFactory app, string who)
    {
        var email = PracticeCommunity.Testing.Unique.Email(who);
        await PracticeCommunity.Testing.CommunitySteps.CreateConfirmedAccountAsync(app, email);
        var browser = PracticeCommunity.Testing.CommunitySteps.Anonymous(app);
        await SignInAsync(browser, email);
        return (browser, email);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
