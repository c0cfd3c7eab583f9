using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using Microsoft.Extensions.Options;
using PracticeCommunity.Hosting;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Email;

/// <summary>Account emails from Identity (confirm address, reset password), sent through the outbox.</summary>
internal sealed class IdentityEmailSender(EmailOutbox outbox, IStringLocalizer<Strings> L, IOptions<AppOptions> app) : IEmailSender<Member>
{
    // Identity hands over links already HTML-encoded; decode once so the layout encodes exactly once.
    public Task SendConfirmationLinkAsync(Member user, string email, string confirmationLink) =>
        SendAsync(email, L["Confirm your email address"],
            [L["Welcome to PracticeCommunity, where public buyers and suppliers learn circular procurement from each other."],
             L["Please confirm your email address to finish creating your account."]],
            L["Confirm my address"], Public(WebUtility.HtmlDecode(confirmationLink)));

    public Task SendPasswordResetLinkAsync(Member user, string email, string resetLink) =>
        SendAsync(email, L["Reset your password"],
            [L["Someone asked to reset the password of your PracticeCommunity account. If it was not you, ignore this email."]],
            L["Choose a new password"], Public(WebUtility.HtmlDecode(resetLink)));

    public Task SendPasswordResetCodeAsync(Member user, string email, string resetCode) =>
        SendAsync(email, L["Reset your password"],
            [L["Someone asked to reset the password of your PracticeCommunity account. If it was not you, ignore this email."],
             L["Your reset code: {0}", resetCode]],
            null, null);

    /// <summary>Behind a proxy the request's host is not the public one: App:PublicBaseUrl, when set, wins.</summary>
    private string Public(string link) =>
        string.IsNullOrEmpty(app.Value.PublicBaseUrl) || !Uri.TryCreate(link, UriKind.Absolute, out var uri)
            ? link
            : new Uri(new Uri(app.Value.PublicBaseUrl.TrimEnd('/') + "/"), uri.PathAndQuery.TrimStart('/')).ToString();

    private Task SendAsync(string to, string subject, string[] paragraphs, string? action, string? url)
    {
        var (html, text) = EmailLayout.Render(subject, paragraphs, action, url,
            L["You receive this email because of your account on PracticeCommunity."]);
        return outbox.EnqueueAsync(to, subject, html, text);
    }
}
