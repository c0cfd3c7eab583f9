namespace PracticeCommunity.Features.Security;

/// <summary>
/// Headers on every response. The Content-Security-Policy is one Blazor Server works under: scripts only from this
/// origin (no inline script: the import map is not used), the circuit's WebSocket on this origin, and no framing.
/// Inline style attributes stay allowed, because Blazor and the reconnect dialog set them.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; " +
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// For an email shown as a page (the digest preview): its inline styles apply, nothing runs, nothing frames it, and
    /// its links open in a new tab.
    /// </summary>
    public const string EmailDocumentPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; frame-ancestors 'none'; " +
        "sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation";

    private const string EmailDocumentKey = "PracticeCommunity.EmailDocument";

    /// <summary>Marks this response as an email shown as a page (<see cref="EmailDocumentPolicy"/>).</summary>
    public static void MarkAsEmailDocument(HttpContext context) => context.Items[EmailDocumentKey] = true;

    public const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Items.ContainsKey(EmailDocumentKey) ? EmailDocumentPolicy : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
