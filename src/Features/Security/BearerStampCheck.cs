using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace PracticeCommunity.Features.Security;

/// <summary>
/// A bearer token carries the member's security stamp from when it was issued. Identity changes the stamp on a
/// password change or reset, a new email address, 2FA changes and sign-out everywhere; this check compares it on
/// every bearer-authenticated request, so an old token stops working at once instead of living out its hour.
/// The current stamps are kept in memory (<see cref="Members.Accounts.SecurityStamps"/>) and forgotten when Identity writes a member.
/// </summary>
internal static class BearerStampCheck
{
    public static IApplicationBuilder UseBearerStampCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var user = context.User;
        if (user.Identity is { IsAuthenticated: true } && UsesBearer(context.Request))
        {
            var stampClaim = context.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
            var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
            var stamp = user.FindFirstValue(stampClaim);
            var current = id is null ? null
                : await context.RequestServices.GetRequiredService<Members.Accounts.SecurityStamps>().CurrentAsync(id, context.RequestAborted);
            if (current is null || stamp is null || current != stamp)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await TypedResults.Problem(statusCode: 401, title: "Sign in again",
                    detail: "This access token is no longer valid (the password or the account's security changed).").ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    });

    /// <summary>The same choice the CookieOrBearer scheme makes.</summary>
    public static bool UsesBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        || (request.Path.StartsWithSegments("/hubs") && request.Query.ContainsKey("access_token"));
}
