using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity.Data;
using PracticeCommunity.Features.Security;

namespace PracticeCommunity.Features.Members.Accounts;

/// <summary>
/// Wraps Identity's /api/v1/auth endpoints (MapIdentityApi) with the rules the login page follows too:
/// per-IP limits on sign-in, registration and account emails; one answer for every failed sign-in; and
/// registering a known address answered like a new one.
/// </summary>
internal static class AuthApiGuard
{
    public static async ValueTask<object?> GuardAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var limits = http.RequestServices.GetRequiredService<ActionLimits>();
        var ip = ActionLimits.IpKey(http);
        var operation = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText?.TrimEnd('/').Split('/')[^1];
        switch (operation)
        {
            case "login":
            {
                var allowed = limits.CanTrySignIn(ip);
                if (!allowed.Allowed) return allowed.ToHttp();
                var result = await next(context);
                if (Unwrap(result) is ProblemHttpResult { StatusCode: StatusCodes.Status401Unauthorized } failed
                    && failed.ProblemDetails.Detail is "Failed" or "NotAllowed" or "LockedOut")
                {
                    limits.RecordSignInFailure(ip);
                    return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed", detail: SignInFailedDetail);
                }
                return result;
            }
            case "register":
            {
                var allowed = limits.TryAcquire(LimitKind.Registration, ip);
                if (!allowed.Allowed) return allowed.ToHttp();
                if (context.Arguments.OfType<RegisterRequest>().FirstOrDefault() is { } registration)
                {
                    var existing = await http.RequestServices.GetRequiredService<ExistingAccounts>()
                        .RegisterExistingAsync(registration.Email, registration.Password);
                    if (existing is { Succeeded: true }) return TypedResults.Ok();
                    if (existing is not null)
                    {
                        // The shape Identity gives a new registration with a weak password: errors by code.
                        return TypedResults.ValidationProblem(existing.Errors.GroupBy(e => e.Code)
                            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
                    }
                }
                return await next(context);
            }
            case "forgotPassword" or "resendConfirmationEmail":
            {
                var allowed = limits.TryAcquire(LimitKind.AccountEmailRequests, ip);
                return allowed.Allowed ? await next(context) : allowed.ToHttp();
            }
            default:
                return await next(context);
        }
    }

    /// <summary>The same words whether the address is unknown, unconfirmed, locked or the password is wrong.</summary>
    public const string SignInFailedDetail =
        "The email address or password is not right, the address is not confirmed yet, or the account is locked for a while after repeated failures.";

    private static object? Unwrap(object? result) => result is INestedHttpResult nested ? nested.Result : result;
}
