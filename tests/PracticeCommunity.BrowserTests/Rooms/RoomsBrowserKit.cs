using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PracticeCommunity.BrowserTests.Infrastructure;
using PracticeCommunity.BrowserTests.Pages;
using PracticeCommunity.Testing;
using static Microsoft.Playwright.Assertions;

namespace PracticeCommunity.BrowserTests.Rooms;

/// <summary>A member made for a browser test: signs in on the login page, or calls the API with the token.</summary>
public sealed record BrowserMember(string Email, string DisplayName, string? Organisation, string Token, HttpClient Http) : IDisposable
{
    public void Dispose() => Http.Dispose();

    public async Task SignInAsync(IPage page)
    {
        var login = await new LoginPage(page).GotoAsync();
        await login.SignInAsync(Email, CommunitySteps.Password);
    }

    /// <summary>Starts a thread over the API; returns its id.</summary>
    public async Task<long> StartThreadAsync(string room, string title, string body, params string[] tags)
    {
        using var response = await Http.PostAsJsonAsync($"/api/v1/rooms/{room}/threads", new { title, body, kind = "PracticeQuestion", tags });
        await CommunitySteps.EnsureAsync(response, HttpStatusCode.Created, $"{DisplayName} starting a thread");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public async Task ReplyAsync(long threadId, string body)
    {
        using var response = await Http.PostAsJsonAsync($"/api/v1/threads/{threadId}/posts", new { body });
        await CommunitySteps.EnsureAsync(response, HttpStatusCode.Created, $"{DisplayName} replying");
    }
}

public static class RoomsBrowserKit
{
    public const string OpenRoom = "capacity-training-needs";
    public const string BuyersOnlyRoom = "capacity-share-across-departments";

    /// <summary>A confirmed member with a completed profile: Buyer (gent.be, granted), Supplier or Facilitator.</summary>
    public static async Task<BrowserMember> MemberAsync(this CommunityAppFactory app, string role, string displayName, string? organisation = null)
    {
        var (organisationType, domain) = role switch
        {
            "Buyer" => ("PublicBuyer", CommunityAppFactory.PublicBodyDomain),
            "Supplier" => ("Supplier", "example.org"),
            "Facilitator" => ("Facilitator", "example.org"),
            _ => throw new ArgumentOutOfRangeException(nameof(role)),
        };
        var email = Unique.Email(role.ToLowerInvariant(), domain);
        var name = Unique.Name(displayName);
        var org = organisation ?? Unique.Name(role + " Org");
        await app.CreateConfirmedAccountAsync(email);
        var token = await app.LoginAsync(email);
        var http = app.ClientWithToken(token);
        using (var put = await http.PutProfileAsync(CommunitySteps.Profile(role, organisationType, org, displayName: name)))
        {
            await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, $"completing the profile of {email}");
        }
        return new BrowserMember(email, name, org, token, http);
    }

    /// <summary>A second, independent browser (its own cookies), for two members on one page; screenshots like RecordedSession.</summary>
    public static async Task<IBrowserContext> SecondContextAsync(IBrowser browser, Uri baseUrl)
    {
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = baseUrl.ToString(),
            Locale = "en-GB",
            TimezoneId = "Europe/Brussels",
            ViewportSize = new() { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(RecordedSession.ScreenshotDirectory, $"{name}.png"), FullPage = true });

    /// <summary>The page at desktop width and at 390×844, as {name}-desktop.png and {name}-phone.png; the page is left at desktop width.</summary>
    public static async Task BothWidthsAsync(IPage page, string name)
    {
        await ScreenshotAsync(page, $"{name}-desktop");
        await page.SetViewportSizeAsync(390, 844);
        await ScreenshotAsync(page, $"{name}-phone");
        await page.SetViewportSizeAsync(1280, 900);
    }
}
