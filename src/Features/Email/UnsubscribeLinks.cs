using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using PracticeCommunity.Hosting;

namespace PracticeCommunity.Features.Email;

/// <summary>What an unsubscribe token allows: turning off these topics for this member, nothing else.</summary>
public sealed record UnsubscribeGrant(string MemberId, IReadOnlyList<string> Topics, DateTimeOffset ExpiresAt);

/// <summary>
/// One-click unsubscribe links (RFC 8058). The token is signed and encrypted by Data Protection, names one member
/// and the topics of the email it came in, and expires (checked on the app's clock). Anything else is refused.
/// </summary>
public sealed class UnsubscribeLinks(IDataProtectionProvider protection, PublicUrls urls, TimeProvider time, IOptions<EmailOptions> options)
{
    private const string Purpose = "PracticeCommunity.Email.Unsubscribe.v1";
    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public string UrlFor(string memberId, IReadOnlyCollection<string> topics) =>
        urls.For($"/email/unsubscribe?token={Uri.EscapeDataString(TokenFor(memberId, topics))}");

    public string TokenFor(string memberId, IReadOnlyCollection<string> topics)
    {
        var expires = time.GetUtcNow().AddDays(options.Value.UnsubscribeLinkDays).ToUnixTimeSeconds();
        return _protector.Protect($"{memberId}\n{string.Join(',', topics)}\n{expires.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>The grant in a token, or null when it was tampered with, made elsewhere, or has expired.</summary>
    public UnsubscribeGrant? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2000) return null;
        string payload;
        try
        {
            payload = _protector.Unprotect(token.Trim());
        }
        catch (CryptographicException)
        {
            return null;
        }
        var parts = payload.Split('\n');
        if (parts.Length != 3 || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return null;
        var topics = EmailTopics.Parse(parts[1]);
        var expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (parts[0].Length == 0 || topics.Count == 0 || expires <= time.GetUtcNow()) return null;
        return new UnsubscribeGrant(parts[0], topics, expires);
    }
}
