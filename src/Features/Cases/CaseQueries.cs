using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Features.Search;
using PracticeCommunity.Features.Security;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Cases;

/// <summary>
/// The library: published cases filtered, searched (the FTS5 engine of thread search, over the CaseSearch table
/// that triggers keep in step with published cases) and sorted, plus the author's own cases and the review queue.
/// Every list goes through <see cref="AccessGate.CanSeeCase"/>'s rule, written once as <see cref="Visible"/>.
/// </summary>
public sealed class CaseQueries(IDbContextFactory<AppDbContext> dbFactory, ActionLimits limits, IStringLocalizer<Strings> L)
{
    public const int PageSize = 20;
    public const int MaxExported = 10_000;

    public async Task<ServiceResult<CaseLibraryPage>> ListAsync(Viewer viewer, CaseFilter filter, CancellationToken ct = default)
    {
        if (!viewer.IsSignedIn) return ServiceResult<CaseLibraryPage>.Forbidden(L["Sign in to read the case library."]);
        if (!string.IsNullOrWhiteSpace(filter.Text) && limits.TryAcquire(LimitKind.Search, "member:" + viewer.MemberId) is { Allowed: false } tooMany)
            return ServiceResult<CaseLibraryPage>.RateLimited(tooMany.RetryAfter, L["You have searched many times in a short while. Wait {0} seconds and search again.", tooMany.RetryAfterSeconds]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (q, ranked) = await FilteredAsync(db, filter, ct);
        var page = Math.Clamp(filter.Page, 1, 100_000);
        int total;
        List<CaseListItem> items;
        if (ranked is not null && filter.Sort == CaseSort.Relevance)
        {
            // Filtered in the database, put in rank order here.
            // With no other filter and fewer matches than the window, the ranked list is the whole answer (the index holds
            // published cases only): no second pass over the matches.
            List<long> ordered;
            if (OnlyText(filter) && page * PageSize <= ranked.Count)
            {
                ordered = ranked;
                total = ranked.Count < SearchService.RankedWindow ? ranked.Count : await q.CountAsync(ct);
            }
            else
            {
                ordered = InRankOrder(await q.Select(c => c.Id).ToListAsync(ct), ranked);
                total = ordered.Count;
            }
            var pageIds = ordered.Skip((page - 1) * PageSize).Take(PageSize).ToList();
            items = (await Visible(db).Where(c => pageIds.Contains(c.Id)).Select(ToListItem(db)).ToListAsync(ct)).OrderBy(i => pageIds.IndexOf(i.Id)).ToList();
        }
        else
        {
            total = await q.CountAsync(ct);
            items = await Sorted(db, q, filter).Skip((page - 1) * PageSize).Take(PageSize).Select(ToListItem(db)).ToListAsync(ct);
        }
        return ServiceResult<CaseLibraryPage>.Ok(new CaseLibraryPage(items, page, PageSize, total));
    }

    /// <summary>Every published case that matches, for the CSV export (at most <see cref="MaxExported"/>), with only the exported columns.</summary>
    public async Task<IReadOnlyList<CaseExportRow>> ExportRowsAsync(Viewer viewer, CaseFilter filter, CancellationToken ct = default)
    {
        if (!viewer.IsSignedIn) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (q, ranked) = await FilteredAsync(db, filter, ct);
        if (ranked is not null && filter.Sort == CaseSort.Relevance)
        {
            var order = InRankOrder(await q.Select(c => c.Id).ToListAsync(ct), ranked).Take(MaxExported).ToList();
            var rows = (await q.Where(c => order.Contains(c.Id)).Select(ToExportRow).ToListAsync(ct)).ToDictionary(c => c.Id);
            return order.Select(id => rows[id]).ToList();
        }
        return await Sorted(db, q, filter).Take(MaxExported).Select(ToExportRow).ToListAsync(ct);
    }

    private static readonly System.Linq.Expressions.Expression<Func<CaseStudy, CaseExportRow>> ToExportRow = c => new CaseExportRow(
        c.Id, c.Title, c.Summary, c.OrganisationName, c.OrganisationType, c.Country, c.ProductGroup, c.FrameworkSteps, c.ContractModel, c.Goals,
        c.Need, c.Approach, c.Lessons, c.Replicability, c.ContractValue, c.Currency, c.DurationMonths, c.Criteria, c.Headline, c.ReplicationCount, c.PublishedAt);

    /// <summary>Indicators of the given cases, by case, for exports.</summary>
    public async Task<ILookup<long, CaseIndicator>> IndicatorsAsync(IReadOnlyCollection<long> caseIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.CaseIndicators.AsNoTracking().Where(i => i.CaseId != null && caseIds.Contains(i.CaseId.Value)).OrderBy(i => i.Position).ToListAsync(ct);
        return rows.ToLookup(i => i.CaseId!.Value);
    }

    /// <summary>The newest published cases in the given product groups (all groups when there are none), for the home page.</summary>
    public async Task<IReadOnlyList<CaseListItem>> NewestAsync(Viewer viewer, IReadOnlyCollection<string> productGroups, int take, CancellationToken ct = default)
    {
        if (!viewer.IsSignedIn) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = Visible(db);
        if (productGroups.Count > 0) q = q.Where(c => productGroups.Contains(c.ProductGroup));
        return await q.OrderByDescending(c => c.PublishedAt).ThenByDescending(c => c.Id).Take(take).Select(ToListItem(db)).ToListAsync(ct);
    }

    /// <summary>The viewer's own cases in every state, and for moderators the queue of cases waiting for review.</summary>
    public async Task<(IReadOnlyList<CaseListItem> Mine, IReadOnlyList<CaseListItem> ToReview)> DeskAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (!viewer.IsSignedIn) return ([], []);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mine = await db.Cases.AsNoTracking().Where(c => c.OwnerId == viewer.MemberId && c.Status != CaseStatus.Published)
            .OrderByDescending(c => c.UpdatedAt).Take(50).Select(ToListItem(db)).ToListAsync(ct);
        IReadOnlyList<CaseListItem> queue = AccessGate.CanReviewCases(viewer)
            ? await db.Cases.AsNoTracking().Where(c => c.Status == CaseStatus.Submitted).OrderBy(c => c.UpdatedAt).Take(100).Select(ToListItem(db)).ToListAsync(ct)
            : [];
        return (mine, queue);
    }

    /// <summary>Realised figures summed over published cases and finished replications, per goal, product group and indicator.</summary>
    public async Task<ServiceResult<NetworkResults>> ResultsAsync(Viewer viewer, string? productGroup, string? goal, CancellationToken ct = default)
    {
        if (!viewer.IsSignedIn) return ServiceResult<NetworkResults>.Forbidden(L["Sign in to see the network's results."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var group = string.IsNullOrWhiteSpace(productGroup) ? null : productGroup.Trim().ToLowerInvariant();
        var wantedGoal = CaseRules.NormaliseGoal(goal);
        var cases = db.Cases.Where(c => c.Status == CaseStatus.Published && c.HiddenAt == null && (group == null || c.ProductGroup == group));
        // A finished replication counts on its own until the case it became is published; then it counts as that case.
        var finishedReplications = db.Replications.Where(r => r.Status == ReplicationStatus.Done
            && cases.Any(c => c.Id == r.CaseId)
            && (r.PublishedCaseId == null || !db.Cases.Any(c => c.Id == r.PublishedCaseId && c.Status == CaseStatus.Published && c.HiddenAt == null)));
        var indicators = db.CaseIndicators.Where(i => i.Realised != null && (wantedGoal == null || i.Goal == wantedGoal));
        var fromCases =
            from i in indicators
            join c in cases on i.CaseId equals c.Id
            select new { c.ProductGroup, i.Goal, i.Name, i.Unit, i.Realised, i.Baseline };
        var fromReplications =
            from i in indicators
            join r in finishedReplications on i.ReplicationId equals r.Id
            join c in db.Cases on r.CaseId equals c.Id
            select new { c.ProductGroup, i.Goal, i.Name, i.Unit, i.Realised, i.Baseline };
        var rows = await fromCases.Concat(fromReplications).ToListAsync(ct);
        var figures = rows
            // Figures add up only when they measure the same thing in the same unit.
            .GroupBy(r => (r.Goal, r.ProductGroup, Name: r.Name.Trim().ToLowerInvariant(), Unit: r.Unit.Trim()))
            .Select(g => new ResultFigure(g.Key.Goal, g.Key.ProductGroup, g.First().Name, g.Key.Unit,
                g.Key.Unit == "%" ? g.Average(r => r.Realised!.Value) : g.Sum(r => r.Realised!.Value),
                g.All(r => r.Baseline is not null) ? (g.Key.Unit == "%" ? g.Average(r => r.Baseline!.Value) : g.Sum(r => r.Baseline!.Value)) : null,
                g.Count()))
            .OrderBy(f => f.Goal).ThenByDescending(f => f.Pilots).ThenBy(f => f.ProductGroup).ThenBy(f => f.Name)
            .ToList();
        var published = await cases.CountAsync(ct);
        var finished = await finishedReplications.CountAsync(ct);
        return ServiceResult<NetworkResults>.Ok(new NetworkResults(figures, published, finished));
    }

    /// <summary>The lessons learned of a product group's published cases, newest first.</summary>
    public async Task<ServiceResult<IReadOnlyList<GroupLesson>>> LessonsAsync(Viewer viewer, string productGroup, CancellationToken ct = default)
    {
        if (!viewer.IsSignedIn) return ServiceResult<IReadOnlyList<GroupLesson>>.Forbidden(L["Sign in to read the case library."]);
        var group = productGroup.Trim().ToLowerInvariant();
        if (!ProductGroups.IsKnown(group)) return ServiceResult<IReadOnlyList<GroupLesson>>.NotFound();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lessons = await db.Cases.AsNoTracking()
            .Where(c => c.Status == CaseStatus.Published && c.HiddenAt == null && c.ProductGroup == group && (c.Lessons != "" || c.Replicability != ""))
            .OrderByDescending(c => c.PublishedAt).Take(200)
            .Select(c => new GroupLesson(c.Id, c.Title, c.OrganisationName, c.Country, c.Lessons, c.Replicability, c.PublishedAt))
            .ToListAsync(ct);
        return ServiceResult<IReadOnlyList<GroupLesson>>.Ok(lessons);
    }

    // ---------- the one filter ----------

    /// <summary>The library's rule: published cases only (drafts and reviews are on the owner's and moderators' desks).</summary>
    private static IQueryable<CaseStudy> Visible(AppDbContext db) => db.Cases.AsNoTracking().Where(c => c.Status == CaseStatus.Published && c.HiddenAt == null);

    private static async Task<(IQueryable<CaseStudy> Query, List<long>? Ranked)> FilteredAsync(AppDbContext db, CaseFilter filter, CancellationToken ct)
    {
        var q = Visible(db);
        List<long>? ranked = null;
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Length > SearchService.MaxQueryLength ? filter.Text[..SearchService.MaxQueryLength] : filter.Text;
            var match = SearchSyntax.ToMatchExpression(text);
            if (match is null) q = q.Where(c => false);
            else if (db.Database.IsNpgsql())
            {
                var (phrases, prefix) = SearchSyntax.ToTsQuery(text)!.Value;
                q = db.Cases.FromSql($"""
                    SELECT * FROM "Cases" WHERE "Id" IN (
                        SELECT "CaseId" FROM "CaseSearch"
                        WHERE "Document" @@ (websearch_to_tsquery('community_search', coalesce({phrases}, '')) && to_tsquery('community_search', coalesce({prefix}, ''))))
                    """).AsNoTracking().Where(c => c.Status == CaseStatus.Published && c.HiddenAt == null);
                if (filter.Sort == CaseSort.Relevance) ranked = await RankedOnPostgresAsync(db, phrases, prefix, ct);
            }
            else
            {
                // Every match, filtered in the same query; the best-ranked ones are read apart, for the relevance order.
                q = db.Cases.FromSql($"SELECT * FROM Cases WHERE Id IN (SELECT rowid FROM CaseSearch WHERE CaseSearch MATCH {match})")
                    .AsNoTracking().Where(c => c.Status == CaseStatus.Published && c.HiddenAt == null);
                if (filter.Sort == CaseSort.Relevance) ranked = await RankedAsync(db, match, ct);
            }
        }
        if (!string.IsNullOrWhiteSpace(filter.ProductGroup)) { var g = filter.ProductGroup.Trim().ToLowerInvariant(); q = q.Where(c => c.ProductGroup == g); }
        if (!string.IsNullOrWhiteSpace(filter.Country)) { var country = filter.Country.Trim().ToUpperInvariant(); q = q.Where(c => c.Country == country); }
        if (filter.ContractModel is { } model) q = q.Where(c => c.ContractModel == model);
        if (CaseRules.NormaliseGoal(filter.Goal) is { } goal) q = q.Where(c => c.Goals.Contains(goal));
        if (!string.IsNullOrWhiteSpace(filter.FrameworkStep)) { var step = filter.FrameworkStep.Trim(); q = q.Where(c => c.FrameworkSteps.Contains(step)); }
        if (filter.OrganisationType is { } type) q = q.Where(c => c.OrganisationType == type);
        if (filter.HasResults) q = q.Where(c => c.HasRealisedResults);
        return (q, ranked);
    }

    private static IQueryable<CaseStudy> Sorted(AppDbContext db, IQueryable<CaseStudy> q, CaseFilter filter)
    {
        var discussions = OpenDiscussions(db);
        return filter.Sort switch
        {
            CaseSort.MostReplicated => q.OrderByDescending(c => c.ReplicationCount).ThenByDescending(c => c.PublishedAt).ThenByDescending(c => c.Id),
            CaseSort.MostDiscussed => q.OrderByDescending(c => discussions.Where(t => t.Id == c.DiscussionThreadId).Select(t => t.ReplyCount + 1).FirstOrDefault())
                .ThenByDescending(c => c.PublishedAt).ThenByDescending(c => c.Id),
            _ => q.OrderByDescending(c => c.PublishedAt).ThenByDescending(c => c.Id),
        };
    }

    /// <summary>The best-ranked matches (at most <see cref="SearchService.RankedWindow"/>), best first.</summary>
    private static async Task<List<long>> RankedAsync(AppDbContext db, string match, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT rowid FROM CaseSearch WHERE CaseSearch MATCH $match ORDER BY rank LIMIT $take";
        var p = command.CreateParameter(); p.ParameterName = "$match"; p.Value = match; command.Parameters.Add(p);
        var take = command.CreateParameter(); take.ParameterName = "$take"; take.Value = SearchService.RankedWindow; command.Parameters.Add(take);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt64(0));
        return ids;
    }

    /// <summary>The same on PostgreSQL: a title word weighs four times a body word, as bm25(4.0, 1.0) on SQLite.</summary>
    private const string Weights = "{0, 0, 0.25, 1.0}";

    private static Task<List<long>> RankedOnPostgresAsync(AppDbContext db, string? phrases, string? prefix, CancellationToken ct) =>
        db.Database.SqlQuery<long>($"""
            SELECT "CaseId" AS "Value" FROM "CaseSearch",
                (SELECT websearch_to_tsquery('community_search', coalesce({phrases}, '')) && to_tsquery('community_search', coalesce({prefix}, '')) AS query) q
            WHERE "Document" @@ q.query
            ORDER BY ts_rank(CAST({Weights} AS real[]), "Document", q.query) DESC, "CaseId" DESC
            LIMIT {SearchService.RankedWindow}
            """).ToListAsync(ct);

    private static bool OnlyText(CaseFilter f) =>
        string.IsNullOrWhiteSpace(f.ProductGroup) && string.IsNullOrWhiteSpace(f.Country) && f.ContractModel is null && string.IsNullOrWhiteSpace(f.Goal)
        && string.IsNullOrWhiteSpace(f.FrameworkStep) && f.OrganisationType is null && !f.HasResults;

    /// <summary>Matching ids in relevance order: the ranked window first, then the rest newest first.</summary>
    private static List<long> InRankOrder(IEnumerable<long> matching, List<long> ranked)
    {
        var position = ranked.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        return matching.OrderBy(id => position.TryGetValue(id, out var i) ? i : int.MaxValue).ThenByDescending(id => id).ToList();
    }

    internal static System.Linq.Expressions.Expression<Func<CaseStudy, CaseListItem>> ToListItem(AppDbContext db)
    {
        // A captured query, so that the count is a subquery of the one SQL statement (a method call here would run once per row).
        var discussions = OpenDiscussions(db);
        return c => new CaseListItem(
            c.Id, c.Title, c.Summary, c.ProductGroup, c.Country, c.OrganisationName, c.OrganisationType, c.ContractModel, c.Goals, c.Headline, c.HasRealisedResults,
            c.ReplicationCount, discussions.Where(t => t.Id == c.DiscussionThreadId).Select(t => t.ReplyCount + 1).FirstOrDefault(), c.PublishedAt, c.Status);
    }

    /// <summary>Case threads whose posts count as discussion: only while in an open room (everyone may read them).</summary>
    private static IQueryable<DiscussionThread> OpenDiscussions(AppDbContext db) =>
        db.Threads.Where(t => t.DeletedAt == null && t.Room!.Audience == RoomAudience.Open);
}
