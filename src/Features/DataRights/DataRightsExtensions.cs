using Microsoft.AspNetCore.Mvc;

namespace PracticeCommunity.Features.DataRights;

public static class DataRightsExtensions
{
    public static IHostApplicationBuilder AddDataRights(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MemberExport>();
        builder.Services.AddSingleton<AccountDeletion>();
        return builder;
    }

    public static WebApplication MapDataRights(this WebApplication app)
    {
        static async Task<IResult> ExportAsync(Viewer viewer, MemberExport export, CancellationToken ct) =>
            await export.ExportAsync(viewer, ct) is { } file ? TypedResults.File(file.Zip, "application/zip", file.FileName) : TypedResults.Unauthorized();

        var api = app.MapGroup("/api/v1").WithTags("Members").RequireAuthorization();
        api.MapGet("/me/export", ExportAsync)
            .WithName("ExportMyData").WithSummary("All the caller's data as a zip of JSON files")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip");
        api.MapDelete("/me", async ([FromBody] DeleteAccountInput? input, Viewer viewer, AccountDeletion deletion, CancellationToken ct) =>
                (await deletion.DeleteAsync(viewer, input ?? new DeleteAccountInput(null), ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("DeleteMyAccount").WithSummary("Delete the caller's account: personal data erased, posts kept as \"Former member\"")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        // The same zip for the browser (signed in with the cookie).
        app.MapGet("/me/export", ExportAsync).RequireAuthorization().ExcludeFromDescription();
        return app;
    }
}
