using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PracticeCommunity.Common;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Members;

namespace PracticeCommunity.Testing;

/// <summary>Unique test data, so tests sharing an app or the mail catcher never see each other's members.</summary>
public static class Unique
{
    public static string Email(string who, string domain = "example.org") => $"{who}-{Guid.NewGuid():N}"[..(who.Length + 13)] + "@" + domain;

    public static string Name(string prefix) => $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 9)];
}

/// <summary>What a member or script does against the app, over its public HTTP API (and, for staff set-up, its services).</summary>
public static class CommunitySteps
{
    /// <summary>Meets Identity's rules (length, digit, upper, lower, symbol).</summary>
    public const string Password = "Circular-2030!";

    public static HttpClient Anonymous(this CommunityAppFactory app) =>
        app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = app.ServerAddress });

    public static async Task<HttpResponseMessage> PostRegisterAsync(this CommunityAppFactory app, string email, string password = Password)
    {
        using var client = app.Anonymous();
        return await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password });
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(this CommunityAppFactory app, string email, string password = Password)
    {
        using var client = app.Anonymous();
        return await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
    }

    /// <summary>GETs a link from an email on this app: the link's host is the app's own, so only path and query matter.</summary>
    public static async Task<HttpResponseMessage> FollowAsync(this CommunityAppFactory app, Uri link)
    {
        using var client = app.Anonymous();
        return await client.GetAsync(link.PathAndQuery);
    }

    public static Task<CaughtEmail> WaitForConfirmationEmailAsync(this CommunityAppFactory app, string email) =>
        app.Mail.WaitForEmailToAsync(email, "Confirm");

    /// <summary>Follows the link of the confirmation email sent to <paramref name="email"/>.</summary>
    public static async Task ConfirmEmailAsync(this CommunityAppFactory app, string email)
    {
        var mail = await app.WaitForConfirmationEmailAsync(email);
        using var response = await app.FollowAsync(mail.HtmlLink());
        await EnsureAsync(response, HttpStatusCode.OK, $"following the confirmation link sent to {email}");
    }

    public static async Task<string> LoginAsync(this CommunityAppFactory app, string email, string password = Password)
    {
        using var response = await app.PostLoginAsync(email, password);
        await EnsureAsync(response, HttpStatusCode.OK, $"signing in as {email}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("accessToken").GetString()
            ?? throw new InvalidOperationException("The login response has no accessToken.");
    }

    public static HttpClient ClientWithToken(this CommunityAppFactory app, string accessToken)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public static async Task<HttpClient> SignedInClientAsync(this CommunityAppFactory app, string email, string password = Password) =>
        app.ClientWithToken(await app.LoginAsync(email, password));

    /// <summary>Register over the API, confirm through the emailed link, sign in: the whole newcomer path a script takes.</summary>
    public static async Task<HttpClient> RegisterConfirmedMemberAsync(this CommunityAppFactory app, string email, string password = Password)
    {
        using (var response = await app.PostRegisterAsync(email, password))
        {
            await EnsureAsync(response, HttpStatusCode.OK, $"registering {email}");
        }
        await app.ConfirmEmailAsync(email);
        return await app.SignedInClientAsync(email, password);
    }

    /// <summary>A member with a completed profile, made through the API (register, confirm, sign in, PUT profile).</summary>
    public static async Task<HttpClient> MemberWithProfileAsync(this CommunityAppFactory app, string email, object profile)
    {
        var client = await app.RegisterConfirmedMemberAsync(email);
        using var response = await client.PutProfileAsync(profile);
        await EnsureAsync(response, HttpStatusCode.OK, $"completing the profile of {email}");
        return client;
    }

    /// <summary>A confirmed account created straight through Identity, for set-up that is not what a test is about (staff).</summary>
    public static async Task<string> CreateConfirmedAccountAsync(this CommunityAppFactory app, string email, string password = Password, params string[] staffRoles)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Member>>();
        var member = new Member { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0], CreatedAt = DateTimeOffset.UtcNow };
        Check(await users.CreateAsync(member, password), $"creating {email}");
        foreach (var role in staffRoles)
        {
            Check(await users.AddToRoleAsync(member, role), $"adding {email} to {role}");
        }
        return member.Id;
    }

    public static async Task<string> MemberIdAsync(this CommunityAppFactory app, string email)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Member>>();
        var member = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No member {email}.");
        return member.Id;
    }

    /// <summary>
    /// The kinds of email the app has queued for <paramref name="email"/>. Every email is queued in the outbox before
    /// the request that causes it answers, so "no second email" is a fact here at once, with no waiting on the SMTP server.
    /// </summary>
    public static async Task<IReadOnlyList<string>> OutboxKindsToAsync(this CommunityAppFactory app, string email)
    {
        await using var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.OutboxMessages.Where(m => m.To == email).OrderBy(m => m.Id).Select(m => m.Kind));
    }

    /// <summary>The viewer the app builds for a signed-in member, as its pages and API do.</summary>
    public static Task<Viewer> ViewerOfAsync(this CommunityAppFactory app, string memberId) =>
        app.Services.GetRequiredService<MemberService>().GetViewerAsync(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, memberId)], "test")));

    /// <summary>A moderator approves a pending Buyer request through the app's one rule for it.</summary>
    public static async Task ApproveBuyerAsync(this CommunityAppFactory app, string moderatorId, string buyerEmail)
    {
        var moderator = await app.ViewerOfAsync(moderatorId);
        var result = await app.Services.GetRequiredService<MemberAdministration>()
            .DecideBuyerRequestAsync(moderator, await app.MemberIdAsync(buyerEmail), approve: true);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Approving {buyerEmail} failed: {JsonSerializer.Serialize(result.Errors)}");
        }
    }

    public static Task<HttpResponseMessage> PutProfileAsync(this HttpClient client, object profile) =>
        client.PutAsJsonAsync("/api/v1/me/profile", profile);

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        await EnsureAsync(response, HttpStatusCode.OK, $"GET {path}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The body of PUT /api/v1/me/profile with a new organisation, as the contract spells it.</summary>
    public static object Profile(
        string role,
        string organisationType,
        string? organisationName = null,
        string? displayName = null,
        string timeZone = "Europe/Brussels",
        string country = "BE",
        string[]? productGroups = null) => new
        {
            // Display names are unique in the community: each test member gets its own unless a test names one.
            displayName = displayName ?? Unique.Name("Test Member"),
            timeZone,
            organisation = new { name = organisationName ?? Unique.Name("Org"), type = organisationType, country },
            role,
            productGroups = productGroups ?? ["ict"],
        };

    public static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string doing)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException(
                $"{doing}: expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}: {(body.Length > 2000 ? body[..2000] : body)}");
        }
    }

    private static void Check(IdentityResult result, string doing)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{doing}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
