using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Cases;

/// <summary>
/// The library as CSV, both ways, through CsvHelper. Export: the filtered library, one case per row, with a cell that
/// starts with =, +, - or @ escaped so a spreadsheet never runs it as a formula. Import (moderators): the same columns;
/// every row is checked with the rules of the form, and the file is imported whole or not at all, with a row-by-row
/// report. Indicators and criteria are one per line inside their cell: <c>goal | name | unit | baseline | contracted |
/// realised</c> and <c>kind | weight | text</c>.
/// </summary>
public sealed partial class CaseCsv(
    IDbContextFactory<AppDbContext> dbFactory,
    CaseQueries queries,
    CaseRules rules,
    Moderation.AuditLog audit,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    ILogger<CaseCsv> logger)
{
    public const int MaxImportRows = 1_000;
    public const long MaxImportBytes = 5 * 1024 * 1024;

    public static readonly string[] Columns =
    [
        "id", "title", "summary", "organisation", "organisationType", "country", "productGroup", "frameworkSteps", "contractModel", "goals",
        "need", "approach", "lessons", "replicability", "contractValue", "currency", "durationMonths", "indicators", "criteria",
        "headline", "replicationCount", "publishedAt", "url",
    ];

    /// <summary>What an import needs; the others (id, headline, counts, dates, url) are ignored when present.</summary>
    private static readonly string[] Required = ["title", "summary", "organisation", "country", "productGroup", "contractModel", "goals", "need", "approach", "lessons", "indicators"];

    private static CsvConfiguration Configuration => new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
        DetectColumnCountChanges = true,
        TrimOptions = TrimOptions.None,
    };

    public async Task WriteAsync(Viewer viewer, CaseFilter filter, Stream output, string baseUrl, CancellationToken ct = default)
    {
        var cases = await queries.ExportRowsAsync(viewer, filter, ct);
        var indicators = await queries.IndicatorsAsync(cases.Select(c => c.Id).ToList(), ct);
        await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await using var csv = new CsvWriter(writer, Configuration);
        foreach (var column in Columns) csv.WriteField(column);
        await csv.NextRecordAsync();
        foreach (var c in cases)
        {
            csv.WriteField(c.Id);
            csv.WriteField(c.Title);
            csv.WriteField(c.Summary);
            csv.WriteField(c.OrganisationName);
            csv.WriteField(c.OrganisationType.ToString());
            csv.WriteField(c.Country);
            csv.WriteField(c.ProductGroup);
            csv.WriteField(string.Join(" ", c.FrameworkSteps));
            csv.WriteField(c.ContractModel?.ToString() ?? "");
            csv.WriteField(string.Join(" ", c.Goals));
            csv.WriteField(c.Need);
            csv.WriteField(c.Approach);
            csv.WriteField(c.Lessons);
            csv.WriteField(c.Replicability);
            csv.WriteField(c.ContractValue?.ToString(CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(c.Currency ?? "");
            csv.WriteField(c.DurationMonths?.ToString(CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(string.Join("\n", indicators[c.Id].Select(i => string.Join(" | ", i.Goal, i.Name, i.Unit, Value(i.Baseline), Value(i.Contracted), Value(i.Realised)))));
            csv.WriteField(string.Join("\n", c.Criteria.Select(x => string.Join(" | ", x.Kind, x.Weight?.ToString(CultureInfo.InvariantCulture) ?? "", x.Text.ReplaceLineEndings(" ")))));
            csv.WriteField(c.Headline);
            csv.WriteField(c.ReplicationCount);
            csv.WriteField(c.PublishedAt?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
            csv.WriteField($"{baseUrl.TrimEnd('/')}/cases/{c.Id}");
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
    }

    private static string Value(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Imports every row as a published case owned by the importing moderator, or none of them.</summary>
    public async Task<ServiceResult<ImportReport>> ImportAsync(Viewer viewer, Stream content, long length, CancellationToken ct = default)
    {
        if (!AccessGate.CanReviewCases(viewer)) return ServiceResult<ImportReport>.Forbidden(L["Only moderators import cases."]);
        if (length == 0) return ServiceResult<ImportReport>.Invalid("file", L["The file is empty."]);
        if (length > MaxImportBytes) return ServiceResult<ImportReport>.Invalid("file", L["A CSV file can be at most 5 MB."]);
        var errors = new List<ImportRowError>();
        var rows = new List<(int Row, CaseInput Input, string Organisation, OrganisationType Type)>();
        try
        {
            // Strict UTF-8: a file saved in another encoding is refused rather than imported with broken letters.
            using var reader = new StreamReader(content, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
            using var csv = new CsvReader(reader, Configuration);
            if (!await csv.ReadAsync() || !csv.ReadHeader())
                return Refused(errors, 1, "file", L["The file has no header row."]);
            var header = csv.HeaderRecord ?? [];
            foreach (var missing in Required.Where(r => !header.Contains(r, StringComparer.Ordinal)))
                errors.Add(new ImportRowError(1, missing, L["The column \"{0}\" is missing.", missing]));
            foreach (var unknown in header.Where(h => !Columns.Contains(h, StringComparer.Ordinal)))
                errors.Add(new ImportRowError(1, unknown, L["Unknown column \"{0}\".", unknown.Length > 40 ? unknown[..40] + "…" : unknown]));
            if (errors.Count > 0) return ServiceResult<ImportReport>.Ok(new ImportReport(false, 0, errors, []));
            while (await csv.ReadAsync())
            {
                var row = csv.Parser.Row;
                if (rows.Count >= MaxImportRows) return Refused(errors, row, "file", L["At most {0} cases per file.", MaxImportRows]);
                string Cell(string name) => Unescape(csv.GetField(name) ?? "");
                var input = new CaseInput
                {
                    Title = Cell("title"), Summary = Cell("summary"), ProductGroup = Cell("productGroup"), Country = Cell("country"),
                    FrameworkSteps = header.Contains("frameworkSteps") ? Cell("frameworkSteps").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList() : [],
                    ContractModel = Cell("contractModel"), Goals = Cell("goals").Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries).ToList(),
                    Need = Cell("need"), Approach = Cell("approach"), Lessons = Cell("lessons"),
                    Replicability = header.Contains("replicability") ? Cell("replicability") : null,
                };
                var cellErrors = new FieldErrors();
                if (header.Contains("contractValue") && Cell("contractValue") is { Length: > 0 } amount)
                {
                    if (decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
                        input.ContractValue = new MoneyInput { Amount = value, Currency = header.Contains("currency") ? Cell("currency") : null };
                    else cellErrors.Add("contractValue", L["\"{0}\" is not a number (use a point for decimals).", Cut(amount)]);
                }
                if (header.Contains("durationMonths") && Cell("durationMonths") is { Length: > 0 } months)
                {
                    if (int.TryParse(months, NumberStyles.Integer, CultureInfo.InvariantCulture, out var m)) input.DurationMonths = m;
                    else cellErrors.Add("durationMonths", L["\"{0}\" is not a whole number of months.", Cut(months)]);
                }
                input.Indicators = ParseIndicators(Cell("indicators"), cellErrors);
                if (header.Contains("criteria")) input.Criteria = ParseCriteria(Cell("criteria"), cellErrors);
                var organisation = Cell("organisation").Trim();
                if (organisation.Length == 0 || organisation.Length > Limits.OrganisationName || TextRules.HasMarkupOrControl(organisation))
                    cellErrors.Add("organisation", L["Give the buying organisation's name (at most {0} characters).", Limits.OrganisationName]);
                var type = OrganisationType.PublicBuyer;
                if (header.Contains("organisationType") && Cell("organisationType") is { Length: > 0 } typeText && EnumNames.Parse<OrganisationType>(typeText) is not { } parsed)
                    cellErrors.Add("organisationType", L["Unknown organisation type \"{0}\".", Cut(typeText)]);
                else if (header.Contains("organisationType") && EnumNames.Parse<OrganisationType>(Cell("organisationType")) is { } known) type = known;
                foreach (var (field, messages) in cellErrors.ToDictionary().Concat(rules.Validate(input, forReview: true).ToDictionary()))
                    foreach (var message in messages) errors.Add(new ImportRowError(row, field, message));
                rows.Add((row, input, organisation, type));
            }
        }
        catch (System.Text.DecoderFallbackException)
        {
            return Refused(errors, 0, "file", L["Save the file as CSV UTF-8 and try again: it holds characters that are not UTF-8."]);
        }
        catch (CsvHelperException e) when (e is BadDataException or CsvHelper.MissingFieldException or ReaderException or ParserException)
        {
            return Refused(errors, e.Context?.Parser?.Row ?? 0, "file", L["The file is not well-formed CSV near row {0}: check its quotes and the number of columns.", e.Context?.Parser?.Row ?? 0]);
        }
        if (rows.Count == 0 && errors.Count == 0) errors.Add(new ImportRowError(1, "file", L["The file has a header but no cases."]));
        if (errors.Count > 0) return ServiceResult<ImportReport>.Ok(new ImportReport(false, rows.Count, errors, []));

        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = new List<CaseStudy>();
        foreach (var (_, input, organisation, type) in rows)
        {
            var c = new CaseStudy { OwnerId = viewer.MemberId!, OrganisationName = organisation, OrganisationType = type, Status = CaseStatus.Published, CreatedAt = now, UpdatedAt = now, PublishedAt = now };
            await CaseService.AddAsync(db, c, input, ct);
            db.CaseReviewEvents.Add(new CaseReviewEvent { CaseId = c.Id, ActorId = viewer.MemberId!, From = CaseStatus.Draft, To = CaseStatus.Published, Comment = "CSV import", At = now });
            created.Add(c);
        }
        audit.Add(db, viewer, "case.import", "Case", "csv", null, null, new { count = created.Count, ids = created.Select(c => c.Id) });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        LogImported(created.Count, viewer.MemberId!);
        return ServiceResult<ImportReport>.Ok(new ImportReport(true, rows.Count, [], created.Select(c => c.Id).ToList()));
    }

    private List<IndicatorInput> ParseIndicators(string cell, FieldErrors errors)
    {
        var list = new List<IndicatorInput>();
        foreach (var (line, index) in cell.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select((l, i) => (l, i)))
        {
            var parts = line.Split('|').Select(p => p.Trim()).ToArray();
            if (parts.Length != 6) { errors.Add($"indicators[{index}]", L["Write an indicator as: goal | name | unit | baseline | contracted | realised."]); continue; }
            list.Add(new IndicatorInput
            {
                Goal = parts[0], Name = parts[1], Unit = parts[2],
                Baseline = Number(parts[3], $"indicators[{index}].baseline", errors), Contracted = Number(parts[4], $"indicators[{index}].contracted", errors),
                Realised = Number(parts[5], $"indicators[{index}].realised", errors),
            });
        }
        return list;
    }

    private List<CriterionInput> ParseCriteria(string cell, FieldErrors errors)
    {
        var list = new List<CriterionInput>();
        foreach (var (line, index) in cell.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select((l, i) => (l, i)))
        {
            var parts = line.Split('|', 3).Select(p => p.Trim()).ToArray();
            if (parts.Length != 3) { errors.Add($"criteria[{index}]", L["Write a criterion as: kind | weight | text."]); continue; }
            decimal? weight = null;
            if (parts[1].Length > 0)
            {
                if (decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var w)) weight = w;
                else errors.Add($"criteria[{index}].weight", L["\"{0}\" is not a number (use a point for decimals).", Cut(parts[1])]);
            }
            list.Add(new CriterionInput { Kind = parts[0], Weight = weight, Text = parts[2] });
        }
        return list;
    }

    private double? Number(string text, string field, FieldErrors errors)
    {
        if (text.Length == 0) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        errors.Add(field, L["\"{0}\" is not a number (use a point for decimals).", Cut(text)]);
        return null;
    }

    /// <summary>Undoes the export's formula escaping, so an exported file imports as it was.</summary>
    private static string Unescape(string cell) => cell.Length > 1 && cell[0] == '\'' && cell[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? cell[1..] : cell;

    private static string Cut(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private static ServiceResult<ImportReport> Refused(List<ImportRowError> errors, int row, string field, string message)
    {
        errors.Add(new ImportRowError(row, field, message));
        return ServiceResult<ImportReport>.Ok(new ImportReport(false, 0, errors, []));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} cases imported from CSV by {MemberId}")]
    private partial void LogImported(int count, string memberId);
}
