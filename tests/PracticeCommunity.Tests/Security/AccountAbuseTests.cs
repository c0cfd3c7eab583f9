using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using PracticeCommunity.Data;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Security;

/// <summary>
/// Security probe items 3 (mail bombing), 4 (user enumeration) and 5 (lockout as a weapon): the account
/// endpoints answer the same for every address, mail an address at most once per cooldown, and let one
/// source fail only so often.
/// </summary>
public sealed class AccountAbuseTests
{
    private static Task<CommunityAppFactory> AppAsync(params (string Key, string Value)[] settings) => LimitedApp.StartAsync(settings);

    [Fact]
    public async Task Twenty_reset_requests_for_one_address_send_one_email()
    {
        await using var app = await AppAsync(("RateLimits:AccountEmailRequests:Permits", "1000"));
        var email = Unique.Email("bombed");
        await app.CreateConfirmedAccountAsync(email);
        using var client = app.Anonymous();

        for (var i = 0; i < 20; i++)
        {
            using var response = await SsrForm.PostAsync(client, "/Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK);
        }
        Assert.Equal([OutboxKinds.ResetPassword], await app.OutboxKindsToAsync(email));
        await app.Mail.WaitForEmailToAsync(email, "Reset");
    }

    [Fact]
    public async Task Registering_someone_elses_address_again_and_again_mails_it_once()
    {
        await using var app = await AppAsync();
        var victim = Unique.Email("victim");
        for (var i = 0; i < 10; i++)
        {
            using var response = await app.PostRegisterAsync(victim, "Attacker-Pass-" + i + "!a");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        // The first registration created the account and its confirmation; the next nine fall in the cooldown.
        Assert.Equal([OutboxKinds.ConfirmEmail], await app.OutboxKindsToAsync(victim));
        await app.WaitForConfirmationEmailAsync(victim);
    }

    [Fact]
    public async Task Register_and_the_confirmation_page_answer_the_same_for_known_and_unknown_addresses()
    {
        await using var app = await AppAsync();
        var known = Unique.Email("known");
        await app.CreateConfirmedAccountAsync(known);
        var unknown = Unique.Email("unknown");

        using var forKnown = await app.PostRegisterAsync(known);
        using var forUnknown = await app.PostRegisterAsync(unknown);
        Assert.Equal(forUnknown.StatusCode, forKnown.StatusCode);
        Assert.Equal(await forUnknown.Content.ReadAsStringAsync(), await forKnown.Content.ReadAsStringAsync());
        // A weak password gets the same errors either way.
        using var weakKnown = await app.PostRegisterAsync(known, "short");
        using var weakUnknown = await app.PostRegisterAsync(Unique.Email("weak"), "short");
        Assert.Equal(HttpStatusCode.BadRequest, weakKnown.StatusCode);
        Assert.Equal((await Problem.ReadAsync(weakUnknown)).Errors.Keys.Order(), (await Problem.ReadAsync(weakKnown)).Errors.Keys.Order());

        using var client = app.Anonymous();
        using var pageKnown = await client.GetAsync("/Account/RegisterConfirmation?email=" + Uri.EscapeDataString(known));
        using var pageNobody = await client.GetAsync("/Account/RegisterConfirmation?email=" + Uri.EscapeDataString(Unique.Email("nobody")));
        Assert.Equal(HttpStatusCode.OK, pageKnown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, pageNobody.StatusCode);
    }

    [Fact]
    public async Task Every_failed_sign_in_gets_the_same_answer_whatever_the_reason()
    {
        await using var app = await AppAsync();
        var confirmed = Unique.Email("confirmed");
        await app.CreateConfirmedAccountAsync(confirmed);
        var unconfirmed = Unique.Email("unconfirmed");
        using (var r = await app.PostRegisterAsync(unconfirmed)) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var locked = Unique.Email("locked");
        await app.CreateConfirmedAccountAsync(locked);
        for (var i = 0; i < 5; i++) using (await app.PostLoginAsync(locked, "Wrong-Password-1")) { }

        var details = new List<string>();
        foreach (var (email, password) in new[] { (Unique.Email("nobody"), CommunitySteps.Password), (confirmed, "Wrong-Password-1"), (unconfirmed, CommunitySteps.Password), (locked, CommunitySteps.Password) })
        {
            using var response = await app.PostLoginAsync(email, password);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            details.Add((await Problem.ReadAsync(response)).Str("detail"));
        }
        Assert.Single(details.Distinct());
        Assert.DoesNotContain(details, d => d is "NotAllowed" or "LockedOut" or "Failed");
    }

    [Fact]
    public async Task Signing_in_to_an_unknown_address_takes_as_long_as_to_a_real_one()
    {
        await using var app = await AppAsync();
        var real = Unique.Email("timed");
        await app.CreateConfirmedAccountAsync(real);
        using (await app.PostLoginAsync(real, "Warm-Up-1!")) { } // first hash and JIT out of the way

        // Medians of alternating attempts, so machine noise hits both alike.
        var realTimes = new List<double>();
        var unknownTimes = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            realTimes.Add(await TimeAsync(() => app.PostLoginAsync(real, "Wrong-Password-" + i)));
            unknownTimes.Add(await TimeAsync(() => app.PostLoginAsync(Unique.Email("ghost"), "Wrong-Password-" + i)));
        }
        var realMedian = realTimes.Order().ElementAt(3);
        var unknownMedian = unknownTimes.Order().ElementAt(3);
        // Before the fix: 285 ms against 5 ms. Now both hash one password.
        Assert.True(unknownMedian > realMedian * 0.5, $"unknown {unknownMedian:F0} ms, real {realMedian:F0} ms");
    }

    [Fact]
    public async Task One_address_that_keeps_failing_is_stopped_before_it_can_lock_out_many_accounts()
    {
        await using var app = await AppAsync(("RateLimits:SignInFailures:Permits", "7"), ("RateLimits:SignInFailures:WindowSeconds", "900"));
        var victims = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var email = Unique.Email("sprayed");
            await app.CreateConfirmedAccountAsync(email);
            victims.Add(email);
        }

        // Password spraying: five wrong passwords for each of four accounts from one address.
        var statuses = new List<HttpStatusCode>();
        foreach (var victim in victims)
        {
            for (var i = 0; i < 5; i++)
            {
                using var response = await app.PostLoginAsync(victim, "Spring2026!" + i);
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.TooManyRequests) Assert.True(response.Headers.Contains("Retry-After"));
            }
        }

        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(13, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        // Only the first account reached five failures; the others can still sign in (from another place).
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(app.Services);
        var users = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PracticeCommunity.Data.Member>>(scope.ServiceProvider);
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(victims[0]))!));
        foreach (var other in victims.Skip(1))
        {
            Assert.False(await users.IsLockedOutAsync((await users.FindByEmailAsync(other))!));
        }
    }

    private static async Task<double> TimeAsync(Func<Task<HttpResponseMessage>> call)
    {
        var clock = Stopwatch.StartNew();
        using var response = await call();
        return clock.Elapsed.TotalMilliseconds;
    }
}
