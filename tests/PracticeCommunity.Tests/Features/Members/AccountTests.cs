using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PracticeCommunity.Data;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Features.Members;

/// <summary>Registration rules, lockout and password reset over /api/v1/auth.</summary>
public sealed partial class AccountTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("two@@example.org")]
    [InlineData("")]
    public async Task Registering_with_a_malformed_email_is_refused_with_a_clear_message_and_stores_nothing(string email)
    {
        using var response = await App.PostRegisterAsync(email);

        var problem = await Problem.ReadAsync(response);
        problem.AssertIsBadRequestProblem();
        Assert.Contains("email", problem.AllMessages, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("invalid", problem.AllMessages, StringComparison.OrdinalIgnoreCase);
        Assert.Null(await FindAsync(email));
    }

    [Theory]
    [InlineData("short1!", "at least 8 characters")]
    [InlineData("alllowercase-123", "uppercase")]
    [InlineData("NoDigitsHere!", "digit")]
    public async Task Registering_with_a_weak_password_is_refused_with_a_clear_message_and_stores_nothing(string password, string expectedInMessage)
    {
        var email = Unique.Email("weak");
        using var response = await App.PostRegisterAsync(email, password);

        var problem = await Problem.ReadAsync(response);
        problem.AssertIsBadRequestProblem();
        Assert.Contains(expectedInMessage, problem.AllMessages, StringComparison.OrdinalIgnoreCase);
        Assert.Null(await FindAsync(email));
        Assert.Empty(await App.Mail.EmailsToAsync(email));
    }

    [Fact]
    public async Task Registering_an_email_twice_answers_like_a_new_registration_mails_the_owner_and_keeps_the_first_account()
    {
        var email = Unique.Email("twice");
        using var first = await App.PostRegisterAsync(email);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await App.ConfirmEmailAsync(email);

        using var second = await App.PostRegisterAsync(email.ToUpperInvariant(), "Another-Pass-99");

        // The caller learns nothing: same status, same (empty) body as a new address gets.
        Assert.Equal(first.StatusCode, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        var reminder = await App.Mail.WaitForEmailToAsync(email, "already have an account");
        Assert.Contains("Account/ForgotPassword", reminder.Text, StringComparison.Ordinal);
        // The first password still signs in; the second does not.
        using (var login = await App.PostLoginAsync(email))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }
        using (var other = await App.PostLoginAsync(email, "Another-Pass-99"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        }
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_so_the_right_one_is_refused()
    {
        var email = Unique.Email("lockout");
        await App.CreateConfirmedAccountAsync(email);
        using (var ok = await App.PostLoginAsync(email))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode); // the account works before the attack
        }

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await App.PostLoginAsync(email, "Wrong-Password-1");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var right = await App.PostLoginAsync(email);
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        var problem = await Problem.ReadAsync(right);
        Assert.Contains("locked", problem.Str("detail"), StringComparison.OrdinalIgnoreCase);

        // Locked for about 15 minutes (issue 2).
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Member>>();
        var lockoutEnd = await users.GetLockoutEndDateAsync((await users.FindByEmailAsync(email))!);
        Assert.NotNull(lockoutEnd);
        Assert.InRange(lockoutEnd.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15.5));
    }

    [Fact]
    public async Task Four_wrong_passwords_do_not_lock_the_account()
    {
        var email = Unique.Email("four");
        await App.CreateConfirmedAccountAsync(email);
        for (var i = 0; i < 4; i++)
        {
            using var wrong = await App.PostLoginAsync(email, "Wrong-Password-1");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var right = await App.PostLoginAsync(email);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_with_the_code_from_the_email()
    {
        var email = Unique.Email("forgetful");
        (await App.RegisterConfirmedMemberAsync(email)).Dispose();

        using var client = App.Anonymous();
        using (var forgot = await client.PostAsJsonAsync("/api/v1/auth/forgotPassword", new { email }))
        {
            Assert.Equal(HttpStatusCode.OK, forgot.StatusCode);
        }
        var mail = await App.Mail.WaitForEmailToAsync(email, "Reset your password");
        var code = ResetCode().Match(mail.Text);
        Assert.True(code.Success, $"No reset code in: {mail.Text}");

        const string newPassword = "Brand-New-Pass-42";
        using (var wrongCode = await client.PostAsJsonAsync("/api/v1/auth/resetPassword", new { email, resetCode = "bm90LXRoZS1jb2Rl", newPassword }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrongCode.StatusCode);
        }
        using (var reset = await client.PostAsJsonAsync("/api/v1/auth/resetPassword", new { email, resetCode = code.Groups[1].Value, newPassword }))
        {
            await CommunitySteps.EnsureAsync(reset, HttpStatusCode.OK, "resetting the password");
        }

        using (var old = await App.PostLoginAsync(email))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        }
        using var fresh = await App.PostLoginAsync(email, newPassword);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task Forgot_password_for_an_unknown_address_answers_the_same_and_sends_nothing()
    {
        var email = Unique.Email("nobody");
        using var client = App.Anonymous();
        using var forgot = await client.PostAsJsonAsync("/api/v1/auth/forgotPassword", new { email });

        Assert.Equal(HttpStatusCode.OK, forgot.StatusCode);
        Assert.Empty(await App.OutboxKindsToAsync(email));
    }

    private async Task<Member?> FindAsync(string email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return null;
        }
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<Member>>().FindByEmailAsync(email);
    }

    [GeneratedRegex(@"reset code:\s*(\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex ResetCode();
}
