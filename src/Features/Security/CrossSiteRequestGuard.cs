using Microsoft.Extensions.Options;
using PracticeCommunity.Hosting;

namespace PracticeCommunity.Features.Security;

/// <summary>
/// Cookie-authenticated calls can be made by another site's page (a form post carries the cookie). Scripts that use a
/// bearer token are not exposed, so the rules apply only when the cookie is what authenticates:
/// - a state-changing /api call must carry the <see cref="RequestHeader"/> header (a cross-site form cannot add headers,
///   and a cross-site fetch that adds one needs a CORS preflight this app never grants), and a foreign Origin is refused;
/// - the hub handshake with the cookie must come from this site's own origin.
/// </summary>
internal static class CrossSiteRequestGuard
{
    /// <summary>What a same-site script sends on cookie-authenticated state-changing API calls (any value).</summary>
    public const string RequestHeader = "X-Requested-With";

    public static IApplicationBuilder UseCrossSiteRequestGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var isApi = request.Path.StartsWithSegments("/api");
        var isHub = request.Path.StartsWithSegments("/hubs");
        if ((isApi || isHub) && UsesCookie(request))
        {
            var foreignOrigin = request.Headers.Origin is { Count: > 0 } origin && !IsOwnOrigin(context, origin.ToString());
            var unsafeMethod = !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method);
            var refused = isHub
                ? foreignOrigin
                : unsafeMethod && (foreignOrigin || !request.Headers.ContainsKey(RequestHeader));
            if (refused && !IsAnonymousAuthEndpoint(request))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await TypedResults.Problem(statusCode: 403, title: "Cross-site request refused",
                    detail: $"A request authenticated by the sign-in cookie must come from this site and carry the {RequestHeader} header; scripts use a bearer token instead.")
                    .ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    });

    /// <summary>The cookie authenticates unless a bearer token is given (header, or access_token on the hub).</summary>
    private static bool UsesCookie(HttpRequest request) =>
        !BearerStampCheck.UsesBearer(request)
        && request.Cookies.Keys.Any(k => k.StartsWith(".AspNetCore.Identity.", StringComparison.Ordinal));

    /// <summary>Registering and signing in over the API take no cookie; they are limited by rate, not by origin.</summary>
    private static bool IsAnonymousAuthEndpoint(HttpRequest request) =>
        request.Path.StartsWithSegments("/api/v1/auth") && !request.Path.StartsWithSegments("/api/v1/auth/manage");

    private static bool IsOwnOrigin(HttpContext context, string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)) return false;
        var request = context.Request;
        if (string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var configured = context.RequestServices.GetRequiredService<IOptions<AppOptions>>().Value.PublicBaseUrl;
        return !string.IsNullOrEmpty(configured) && Uri.TryCreate(configured, UriKind.Absolute, out var own)
            && Uri.Compare(uri, own, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
    }
}
