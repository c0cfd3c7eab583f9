using Microsoft.AspNetCore.Mvc;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Rooms;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Features.Security;
using PracticeCommunity.Hosting;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Cases;

public static class CasesExtensions
{
    public static IHostApplicationBuilder AddCases(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CasesOptions>().BindConfiguration(CasesOptions.SectionName).ValidateDataAnnotations()
            .Validate<IWebHostEnvironment>((o, env) => !IsUnder(Path.GetFullPath(Path.Combine(env.ContentRootPath, o.FilesDirectory)), env.WebRootPath),
                "Cases:FilesDirectory must be outside wwwroot: case files are served only to those who may see the case.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CaseRules>();
        builder.Services.AddSingleton<CaseDetails>();
        builder.Services.AddSingleton<CaseQueries>();
        builder.Services.AddSingleton<CaseService>();
        builder.Services.AddSingleton<CaseFiles>();
        builder.Services.AddSingleton<CaseDiscussion>();
        builder.Services.AddSingleton<CaseCsv>();
        builder.Services.AddSingleton<Replications>();
        return builder;
    }

    public static WebApplication MapCases(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Cases").RequireAuthorization();

        api.MapGet("/cases", async ([AsParameters] CaseQuery query, Viewer viewer, CaseQueries queries, CancellationToken ct) =>
                query.ToFilter(out var errors) is { } filter ? (await queries.ListAsync(viewer, filter, ct)).ToHttp() : TypedResults.ValidationProblem(errors))
            .WithName("ListCases").WithSummary("Published cases: search (q), filters and sort (relevance, newest, replicated, discussed), 20 a page")
            .Produces<CaseLibraryPage>().ProducesValidationProblem();

        api.MapGet("/cases.csv", IResult ([AsParameters] CaseQuery query, Viewer viewer, CaseCsv csv, PublicUrls urls, ActionLimits limits, IStringLocalizer<Strings> L) =>
            {
                if (query.ToFilter(out var errors) is not { } filter) return TypedResults.ValidationProblem(errors);
                // An export reads up to 10,000 cases: it counts as a search.
                if (limits.TryAcquire(LimitKind.Search, "member:" + viewer.MemberId) is { Allowed: false } tooMany)
                    return new TooManyRequests(tooMany.RetryAfterSeconds, L["You have searched many times in a short while. Wait {0} seconds and search again.", tooMany.RetryAfterSeconds]);
                return TypedResults.Stream(async body =>
                {
                    // CsvHelper writes synchronously: into a buffer that spills to disk past 32 KB, then out to the client.
                    await using var buffer = new Microsoft.AspNetCore.WebUtilities.FileBufferingWriteStream();
                    await csv.WriteAsync(viewer, filter, buffer, urls.For("/"));
                    await buffer.DrainBufferAsync(body);
                }, "text/csv; charset=utf-8", "cases.csv");
            })
            .WithName("ExportCases").WithSummary("The filtered library as CSV (formula-like cells escaped)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem();

        api.MapGet("/cases/{id:long}", async (long id, Viewer viewer, CaseService cases, CancellationToken ct) => (await cases.GetAsync(viewer, id, ct)).ToHttp())
            .WithName("GetCase").WithSummary("One case with its indicators, criteria, attachments, replications and lineage")
            .Produces<CaseDetail>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/cases", async ([FromBody] CaseInput input, Viewer viewer, CaseService cases, CancellationToken ct) =>
                (await cases.CreateAsync(viewer, input, ct)).ToHttp(created => TypedResults.Created($"/api/v1/cases/{created.Id}", created)))
            .WithName("ProposeCase").WithSummary("Propose a case: saved as a draft that only its author and moderators see")
            .Produces<CreatedCase>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPut("/cases/{id:long}", async (long id, [FromBody] CaseInput input, Viewer viewer, CaseService cases, CancellationToken ct) =>
                (await cases.UpdateAsync(viewer, id, input, ct)).ToHttp())
            .WithName("UpdateCase").WithSummary("The author saves a draft, or a case sent back for changes")
            .Produces<CaseDetail>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/cases/{id:long}/submit", async (long id, [FromBody] SubmitCaseInput? input, Viewer viewer, CaseService cases, CancellationToken ct) =>
                (await cases.SubmitAsync(viewer, id, input ?? new SubmitCaseInput(), ct)).ToHttp())
            .WithName("SubmitCase").WithSummary("Draft → Submitted, once complete; note answers a moderator's request for changes")
            .Produces<CaseDetail>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/cases/{id:long}/publish", async (long id, Viewer viewer, CaseService cases, CancellationToken ct) =>
                (await cases.PublishAsync(viewer, id, ct)).ToHttp())
            .WithName("PublishCase").WithSummary("A moderator publishes a submitted case")
            .Produces<CaseDetail>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/cases/{id:long}/request-changes", async (long id, [FromBody] ReviewCommentInput? input, Viewer viewer, CaseService cases, CancellationToken ct) =>
                (await cases.RequestChangesAsync(viewer, id, input?.Comment, ct)).ToHttp())
            .WithName("RequestCaseChanges").WithSummary("A moderator sends a case back with a comment the author sees")
            .Produces<CaseDetail>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/cases/{id:long}/reject", async (long id, [FromBody] RejectCaseInput? input, Viewer viewer, CaseService cases, CancellationToken ct) =>
                (await cases.RejectAsync(viewer, id, input?.Reason, ct)).ToHttp())
            .WithName("RejectCase").WithSummary("A moderator rejects a case with a reason")
            .Produces<CaseDetail>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/cases/{id:long}/attachments", async (long id, HttpRequest request, Viewer viewer, CaseFiles files, CancellationToken ct) =>
            {
                var (file, refused) = await UploadedFileAsync(request, Limits.AttachmentBytes, "A file can be at most 10 MB.", ct);
                if (file is null) return refused!;
                await using var stream = file.OpenReadStream();
                return (await files.AttachAsync(viewer, id, file.FileName, file.Length, stream, ct)).ToHttp(a => TypedResults.Created(a.Url, a));
            })
            .DisableAntiforgery()
            .WithName("AttachCaseFile").WithSummary("The author attaches a PDF, DOCX, XLSX, ODT, PNG or JPEG of at most 10 MB (type checked from the content)")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<AttachmentView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/cases/{id:long}/attachments/{attachmentId:long}", async (long id, long attachmentId, Viewer viewer, CaseFiles files, CancellationToken ct) =>
                (await files.OpenAsync(viewer, id, attachmentId, ct)).ToHttp(f => TypedResults.PhysicalFile(f.Path, f.ContentType, f.FileName)))
            .WithName("DownloadCaseFile").WithSummary("Download a case file (always as an attachment)")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/cases/{id:long}/attachments/{attachmentId:long}", async (long id, long attachmentId, Viewer viewer, CaseFiles files, CancellationToken ct) =>
                (await files.RemoveAsync(viewer, id, attachmentId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("RemoveCaseFile").WithSummary("The author removes a file from a draft")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/cases/{id:long}/questions", async (long id, [FromBody] AskOwnerInput input, Viewer viewer, CaseDiscussion discussion, CancellationToken ct) =>
                (await discussion.AskAsync(viewer, id, input, ct)).ToHttp(q => TypedResults.Created($"/api/v1/threads/{q.ThreadId}", q)))
            .WithName("AskCaseOwner").WithSummary("Ask the case owner: opens the case's thread, or continues it")
            .Produces<AskedQuestion>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/cases/{id:long}/replications", async (long id, Viewer viewer, Replications replications, CancellationToken ct) =>
                (await replications.StartAsync(viewer, id, ct)).ToHttp(r => TypedResults.Created($"/api/v1/replications/{r.Id}", r)))
            .WithName("ReplicateCase").WithSummary("A buyer replicates a published case: pre-filled with its goals, indicators and criteria")
            .Produces<ReplicationDetail>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/replications/{id:long}", async (long id, Viewer viewer, Replications replications, CancellationToken ct) => (await replications.GetAsync(viewer, id, ct)).ToHttp())
            .WithName("GetReplication").WithSummary("One replication with its own and the original's indicators")
            .Produces<ReplicationDetail>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/replications/{id:long}", async (long id, [FromBody] ReplicationInput input, Viewer viewer, Replications replications, CancellationToken ct) =>
                (await replications.UpdateAsync(viewer, id, input, ct)).ToHttp())
            .WithName("UpdateReplication").WithSummary("Its buyer tracks status (Interested … Done, or Abandoned) and indicator values")
            .Produces<ReplicationDetail>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/replications/{id:long}/publish", async (long id, [FromBody] PublishReplicationInput? input, Viewer viewer, Replications replications, CancellationToken ct) =>
                (await replications.PublishAsync(viewer, id, input ?? new PublishReplicationInput(), ct)).ToHttp(c => TypedResults.Created($"/api/v1/cases/{c.Id}", c)))
            .WithName("PublishReplication").WithSummary("A finished replication becomes a new case (Submitted) that links back")
            .Produces<CreatedCase>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/me/replications", async (Viewer viewer, Replications replications, CancellationToken ct) => TypedResults.Ok(await replications.MineAsync(viewer, ct)))
            .WithName("ListMyReplications").WithSummary("The caller's replications, newest first");
        api.MapGet("/me/cases", async (Viewer viewer, CaseQueries queries, CancellationToken ct) =>
            {
                var (mine, toReview) = await queries.DeskAsync(viewer, ct);
                return TypedResults.Ok(new CaseDesk(mine, toReview));
            })
            .WithName("ListMyCases").WithSummary("The caller's unpublished cases, and for moderators the review queue");

        api.MapPost("/cases/import", async (HttpRequest request, Viewer viewer, CaseCsv csv, CancellationToken ct) =>
            {
                var (file, refused) = await UploadedFileAsync(request, CaseCsv.MaxImportBytes, "A CSV file can be at most 5 MB.", ct);
                if (file is null) return refused!;
                await using var stream = file.OpenReadStream();
                var result = await csv.ImportAsync(viewer, stream, file.Length, ct);
                return result.Succeeded && !result.Value!.Imported
                    ? TypedResults.ValidationProblem(result.Value.Errors.GroupBy(e => $"row {e.Row}: {e.Field}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                        detail: "Nothing was imported.", extensions: new Dictionary<string, object?> { ["report"] = result.Value })
                    : result.ToHttp();
            })
            .DisableAntiforgery()
            .WithName("ImportCases").WithSummary("Moderators import published cases from CSV: all rows or none, with a row-by-row report")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<ImportReport>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/results", async (string? productGroup, string? goal, Viewer viewer, CaseQueries queries, CancellationToken ct) =>
            {
                var errors = new Dictionary<string, string[]>();
                if (!string.IsNullOrWhiteSpace(productGroup) && !ProductGroups.IsKnown(productGroup.Trim().ToLowerInvariant())) errors["productGroup"] = ["Unknown product group."];
                if (!string.IsNullOrWhiteSpace(goal) && CaseRules.NormaliseGoal(goal) is null) errors["goal"] = ["Circular goals are A, B, C, D and E."];
                return errors.Count > 0 ? (IResult)TypedResults.ValidationProblem(errors) : (await queries.ResultsAsync(viewer, productGroup, goal, ct)).ToHttp();
            })
            .WithName("NetworkResults").WithSummary("Realised figures summed over published cases and finished replications, with the number of pilots behind each")
            .Produces<NetworkResults>().ProducesValidationProblem();
        api.MapGet("/product-groups/{group}/lessons", async (string group, Viewer viewer, CaseQueries queries, CancellationToken ct) =>
                (await queries.LessonsAsync(viewer, group, ct)).ToHttp())
            .WithName("ProductGroupLessons").WithSummary("The lessons learned of a product group's published cases")
            .Produces<IReadOnlyList<GroupLesson>>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static bool IsUnder(string path, string? root) =>
        !string.IsNullOrEmpty(root) && (path + Path.DirectorySeparatorChar).StartsWith(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>
    /// The one file of a multipart upload, read within its own size limit (the app's default body limit is 1 MB): a
    /// declared length over the limit is refused before anything is read, and a body that is not well-formed multipart
    /// is a 400, not a 500.
    /// </summary>
    private static async Task<(IFormFile? File, IResult? Refused)> UploadedFileAsync(HttpRequest request, long maxBytes, string tooLarge, CancellationToken ct)
    {
        static IResult Problem(string message) => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [message] });
        const long FormOverhead = 64 * 1024;
        if (request.ContentLength > maxBytes + FormOverhead) return (null, Problem(tooLarge));
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes + FormOverhead;
        if (!request.HasFormContentType) return (null, Problem("Send the file as multipart/form-data in a field named \"file\"."));
        try
        {
            var form = await request.ReadFormAsync(ct);
            return form.Files.GetFile("file") is { } file ? (file, null) : (null, Problem("Send the file in a field named \"file\"."));
        }
        catch (Exception e) when (e is InvalidDataException || (e is IOException && e is not BadHttpRequestException))
        {
            // A boundary that never closes, or a body cut short (BadHttpRequestException, such as 413, keeps its status).
            return (null, Problem("The upload is not well-formed multipart/form-data."));
        }
    }
}

/// <summary>GET /api/v1/me/cases.</summary>
public sealed record CaseDesk(IReadOnlyList<CaseListItem> Mine, IReadOnlyList<CaseListItem> ToReview);

/// <summary>The library's query string, shared by the list, the CSV export and the page.</summary>
public sealed class CaseQuery
{
    public string? Q { get; set; }
    public string? ProductGroup { get; set; }
    public string? Country { get; set; }
    public string? Goal { get; set; }
    public string? ContractModel { get; set; }
    public string? FrameworkStep { get; set; }
    public string? OrganisationType { get; set; }
    public bool? HasResults { get; set; }
    public string? Sort { get; set; }
    public int? Page { get; set; }

    public CaseFilter? ToFilter(out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (Q is { Length: > 200 }) errors["q"] = ["A search can be at most 200 characters."];
        if (!string.IsNullOrWhiteSpace(ProductGroup) && !ProductGroups.IsKnown(ProductGroup.Trim().ToLowerInvariant())) errors["productGroup"] = ["Unknown product group."];
        if (!string.IsNullOrWhiteSpace(Country) && !Countries.IsKnown(Country.Trim().ToUpperInvariant())) errors["country"] = ["Use a two-letter ISO country code, such as BE."];
        if (!string.IsNullOrWhiteSpace(Goal) && CaseRules.NormaliseGoal(Goal) is null) errors["goal"] = ["Circular goals are A, B, C, D and E."];
        Data.ContractModel? model = null;
        if (!string.IsNullOrWhiteSpace(ContractModel) && (model = EnumNames.Parse<Data.ContractModel>(ContractModel)) is null)
            errors["contractModel"] = ["Use Purchase, Lease, ProductAsAService, BuyBack or Refurbishment."];
        if (!string.IsNullOrWhiteSpace(FrameworkStep) && Framework.FindStep(FrameworkStep.Trim()) is null) errors["frameworkStep"] = ["Unknown framework step."];
        Data.OrganisationType? type = null;
        if (!string.IsNullOrWhiteSpace(OrganisationType) && (type = EnumNames.Parse<Data.OrganisationType>(OrganisationType)) is null)
            errors["organisationType"] = ["Use PublicBuyer, Supplier, Facilitator or Network."];
        var sort = (Sort?.Trim().ToLowerInvariant()) switch
        {
            null or "" => string.IsNullOrWhiteSpace(Q) ? CaseSort.Newest : CaseSort.Relevance,
            "relevance" => CaseSort.Relevance,
            "newest" => CaseSort.Newest,
            "replicated" or "mostreplicated" => CaseSort.MostReplicated,
            "discussed" or "mostdiscussed" => CaseSort.MostDiscussed,
            _ => (CaseSort?)null,
        };
        if (sort is null) errors["sort"] = ["Sort by relevance, newest, replicated or discussed."];
        if (Page is < 1) errors["page"] = ["Pages start at 1."];
        return errors.Count > 0 ? null : new CaseFilter(Q?.Trim(), ProductGroup, Country, model, Goal, FrameworkStep, type, HasResults ?? false, sort!.Value, Page ?? 1);
    }
}
