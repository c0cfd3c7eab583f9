using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Security;

/// <summary>
/// Security probe items 9 (cross-site requests), 11 (headers), 12 (a 500 on sign-in with a hostile ReturnUrl)
/// and 13 (access tokens that outlived a password change), on a real Kestrel so every header is the server's own.
/// </summary>
public sealed class RequestSecurityTests : IAsyncLifetime
{
    private CommunityAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new CommunityAppFactory(await MailCatcher.SharedAsync(), new CommunityAppOptions { Kestrel = true });
        _ = _app.ServerAddress;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task A_correct_sign_in_with_a_foreign_ReturnUrl_signs_in_and_goes_home(string returnUrl)
    {
        var email = Unique.Email("return");
        await _app.CreateConfirmedAccountAsync(email);
        using var client = _app.Anonymous();

        using var response = await SsrForm.PostAsync(client, "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl), "login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = CommunitySteps.Password });

        // Before the fix: a 500. Now signed in (the home page greets a member) and home, on this site.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var landed = response.RequestMessage!.RequestUri!;
        Assert.Equal(_app.ServerAddress.Authority, landed.Authority);
        Assert.Equal("/", landed.AbsolutePath);
        Assert.Contains("data-testid=\"complete-profile\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_local_ReturnUrl_is_still_followed_after_sign_in()
    {
        var email = Unique.Email("local");
        await _app.CreateConfirmedAccountAsync(email);
        using var client = _app.Anonymous();

        using var response = await SsrForm.PostAsync(client, "/Account/Login?ReturnUrl=%2Fsearch%3Fq%3Dreuse", "login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = CommunitySteps.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/search?q=reuse", response.RequestMessage!.RequestUri!.PathAndQuery);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/Account/Login")]
    [InlineData("/api/v1/rooms")]
    [InlineData("/health/live")]
    public async Task Every_response_carries_the_security_headers_and_no_Server_header(string path)
    {
        using var client = _app.Anonymous();
        using var response = await client.GetAsync(path);

        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"), "The Server header names the software: " + response.Headers);
    }

    [Fact]
    public async Task Pages_use_no_inline_script()
    {
        using var client = _app.Anonymous();
        var html = await client.GetStringAsync("/");
        // Every <script> has a src: the policy allows no inline script, so none may be needed.
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script(?<attrs>[^>]*)>");
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Contains("src=", s.Groups["attrs"].Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cookie_authenticated_state_changes_from_another_site_are_refused_and_bearer_calls_are_not()
    {
        var asker = await _app.JoinAsAsync(Persona.Buyer);
        var answerer = await _app.JoinAsAsync(Persona.Facilitator);
        var (threadId, _) = await asker.StartThreadAsync(RoomsTestKit.OpenRoom);
        var answer = await answerer.ReplyAsync(threadId, "Lease the desks.");
        var accept = $"/api/v1/threads/{threadId}/posts/{answer.Id()}/accept";

        // The asker's browser, signed in with the cookie.
        using var browser = _app.Anonymous();
        await SsrForm.SignInAsync(browser, asker.Email);

        // A form on evil.example posts to the API with the victim's cookie: refused, nothing changes.
        using (var forged = new HttpRequestMessage(HttpMethod.Post, accept) { Content = new FormUrlEncodedContent([]) })
        {
            forged.Headers.Add("Origin", "https://evil.example");
            using var response = await browser.SendAsync(forged);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        // No Origin at all (old browsers, some proxies) and no custom header: refused too.
        using (var noHeader = await browser.PostAsync(accept, new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.Forbidden, noHeader.StatusCode);
        }
        using (var read = await browser.GetAsync($"/api/v1/threads/{threadId}"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode); // reading with the cookie is fine
            var thread = await read.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(JsonValueKind.Null, thread.GetProperty("acceptedPostId").ValueKind);
        }

        // This site's own script: same origin and the custom header.
        using (var own = new HttpRequestMessage(HttpMethod.Post, accept))
        {
            own.Headers.Add("Origin", _app.ServerAddress.GetLeftPart(UriPartial.Authority));
            own.Headers.Add("X-Requested-With", "fetch");
            using var response = await browser.SendAsync(own);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        // A script with a bearer token needs neither.
        using var validate = await asker.Http.PostAsync($"/api/v1/threads/{threadId}/posts/{answer.Id()}/validate", JsonContent.Create(new { applied = true }));
        Assert.Equal(HttpStatusCode.NoContent, validate.StatusCode);
    }

    [Fact]
    public async Task The_hub_refuses_a_cookie_handshake_from_another_origin()
    {
        var (browser, _) = await SsrForm.SignedInBrowserAsync(_app, "hubcookie");
        using var signedIn = browser;

        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/hubs/community/negotiate?negotiateVersion=1");
        foreign.Headers.Add("Origin", "https://evil.example");
        using var refused = await browser.SendAsync(foreign);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var own = new HttpRequestMessage(HttpMethod.Post, "/hubs/community/negotiate?negotiateVersion=1");
        own.Headers.Add("Origin", _app.ServerAddress.GetLeftPart(UriPartial.Authority));
        using var accepted = await browser.SendAsync(own);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Downloading_personal_data_needs_the_form_token()
    {
        var (browser, email) = await SsrForm.SignedInBrowserAsync(_app, "personal");
        using var _ = browser;

        using var forged = await browser.PostAsync("/Account/Manage/DownloadPersonalData", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.NotEqual("application/json", forged.Content.Headers.ContentType?.MediaType);

        using var real = await SsrForm.PostAsync(browser, "/Account/Manage/PersonalData", "unused", new Dictionary<string, string>(),
            request => request.RequestUri = new Uri("/Account/Manage/DownloadPersonalData", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        using var zip = new System.IO.Compression.ZipArchive(await real.Content.ReadAsStreamAsync());
        using var profile = new StreamReader(zip.GetEntry("profile.json")!.Open());
        Assert.Contains(email, await profile.ReadToEndAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_access_token_stops_working_as_soon_as_the_password_changes()
    {
        var email = Unique.Email("stamp");
        await _app.CreateConfirmedAccountAsync(email);
        var oldToken = await _app.LoginAsync(email);
        using var script = _app.ClientWithToken(oldToken);
        using (var before = await script.GetAsync("/api/v1/me"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var change = await script.PostAsJsonAsync("/api/v1/auth/manage/info", new { oldPassword = CommunitySteps.Password, newPassword = "Another-Circular-2031!" }))
        {
            Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        }

        using var after = await script.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_app.ServerAddress, "/hubs/community"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(oldToken))
            .Build();
        await Assert.ThrowsAnyAsync<Exception>(() => hub.StartAsync());
        await hub.DisposeAsync();
        // A new sign-in with the new password works.
        using var fresh = _app.ClientWithToken(await _app.LoginAsync(email, "Another-Circular-2031!"));
        using var ok = await fresh.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }
}
