using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using Microsoft.Extensions.Options;
using PracticeCommunity.Hosting;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Email;

/// <summary>Account emails from Identity (confirm address, reset password), sent through the outbox.</summary>
public sealed class IdentityEmailSender(EmailOutbox outbox, EmailRenderer renderer, IStringLocalizer<Strings> L, PublicUrls urls) : IEmailSender<Member>
{
    // Identity hands over links already HTML-encoded; decode once so the layout encodes exactly once.
    public Task SendConfirmationLinkAsync(Member user, string email, string confirmationLink) =>
        SendAsync(email, OutboxKinds.ConfirmEmail, L["Confirm your email address"],
            [L["Welcome to PracticeCommunity, where public buyers and suppliers learn circular procurement from each other."],
             L["Please confirm your email address to finish creating your account."]],
            L["Confirm my address"], Public(WebUtility.HtmlDecode(confirmationLink)));

    public Task SendPasswordResetLinkAsync(Member user, string email, string resetLink) =>
        SendAsync(email, OutboxKinds.ResetPassword, L["Reset your password"],
            [L["Someone asked to reset the password of your PracticeCommunity account. If it was not you, ignore this email."]],
            L["Choose a new password"], Public(WebUtility.HtmlDecode(resetLink)));

    public Task SendPasswordResetCodeAsync(Member user, string email, string resetCode) =>
        SendAsync(email, OutboxKinds.ResetPassword, L["Reset your password"],
            [L["Someone asked to reset the password of your PracticeCommunity account. If it was not you, ignore this email."],
             L["Your reset code: {0}", resetCode]],
            null, null);

    /// <summary>Identity builds links from the request's Host header, which a caller controls: keep only path and query.</summary>
    private string Public(string link) => urls.Rebase(link);

    /// <summary>Someone tried to register an address that already has an account: tell its owner, not the caller.</summary>
    public Task SendAlreadyRegisteredAsync(string email) =>
        SendAsync(email, OutboxKinds.AlreadyRegistered, L["You already have an account"],
            [L["Someone, probably you, tried to create a PracticeCommunity account with this email address. You already have one."],
             L["Sign in with it, or choose a new password if you forgot yours. If it was not you, ignore this email: nothing has changed."]],
            L["Choose a new password"], urls.For("Account/ForgotPassword"));

    private async Task SendAsync(string to, string kind, string subject, string[] paragraphs, string? action, string? url)
    {
        // Account email has no unsubscribe: it is about the account itself, asked for by whoever typed the address.
        var (html, text) = await renderer.MessageAsync(subject, paragraphs, action, url,
            new EmailFooter(L["You receive this email because of your account on PracticeCommunity."]));
        await outbox.EnqueueAccountEmailAsync(to, kind, subject, html, text);
    }
}
