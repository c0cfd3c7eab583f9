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
    /// For a page this site shows inside its own frame (an email preview): nothing runs in it, it may only be framed
    /// by this site, and its links open outside the frame.
    /// </summary>
    public const string FramedDocumentPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; frame-ancestors 'self'; " +
        "sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation";

    private const string FramedKey = "PracticeCommunity.FramedDocument";

    /// <summary>Marks this response as a document for this site's own frame (<see cref="FramedDocumentPolicy"/>).</summary>
    public static void AllowSameSiteFraming(HttpContext context) => context.Items[FramedKey] = true;

    public const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var framed = context.Items.ContainsKey(FramedKey);
            headers.ContentSecurityPolicy = framed ? FramedDocumentPolicy : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers.XFrameOptions = framed ? "SAMEORIGIN" : "DENY";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
