using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PracticeCommunity.Data;

namespace PracticeCommunity.Components.Account;

/// <summary>The form posts of the account pages that are not pages themselves: sign out and the personal-data download.</summary>
internal static partial class AccountEndpoints
{
    public static IEndpointConventionBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/Account").ExcludeFromDescription();

        account.MapPost("/Logout", async ([FromServices] SignInManager<Member> signInManager, [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            // Only a path on this site; anything else goes home.
            var local = returnUrl is { Length: > 0 } r && r.StartsWith('/') && !r.StartsWith("//", StringComparison.Ordinal) && !r.Contains('\\') ? r : "/";
            return TypedResults.LocalRedirect(local);
        });

        account.MapGroup("/Manage").RequireAuthorization().MapPost("/DownloadPersonalData", async (
            HttpContext context, [FromServices] UserManager<Member> userManager, [FromServices] IAntiforgery antiforgery, [FromServices] ILoggerFactory loggers,
            [FromServices] Features.DataRights.MemberExport export, Viewer viewer) =>
        {
            // The form reads nothing, so minimal APIs would not check its token: a foreign page could post it.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The form has expired",
                    detail: "Open the personal data page again and press Download.");
            }
            var user = await userManager.GetUserAsync(context.User);
            if (user is null)
            {
                return Results.NotFound();
            }
            LogPersonalDataDownload(loggers.CreateLogger(typeof(AccountEndpoints)), user.Id);
            // Everything of the member's, as at /me/export.
            return await export.ExportAsync(viewer, context.RequestAborted) is { } file
                ? TypedResults.File(file.Zip, "application/zip", file.FileName) : Results.NotFound();
        });

        return account;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} downloaded their personal data")]
    private static partial void LogPersonalDataDownload(ILogger logger, string memberId);
}
