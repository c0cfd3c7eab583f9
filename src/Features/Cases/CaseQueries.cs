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
            // At most SearchService.RankedWindow matches: filtered in the database, put in rank order here.
            var matching = (await q.Select(c => c.Id).ToListAsync(ct)).ToHashSet();
            var ordered = ranked.Where(matching.Contains).ToList();
            total = ordered.Count;
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

    /// <summary>Every published case that matches, for the CSV export (at most <see cref="MaxExported"/>).</summary>
    public async Task<IReadOnlyList<CaseStudy>> ExportRowsAsync(Viewer viewer, CaseFilter filter, CancellationToken ct = default)
    {
        if (!viewer.IsSignedIn) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (q, ranked) = await FilteredAsync(db, filter, ct);
        if (ranked is not null && filter.Sort == CaseSort.Relevance)
        {
            var rows = await q.ToListAsync(ct);
            return rows.OrderBy(c => ranked.IndexOf(c.Id)).ToList();
        }
        return await Sorted(db, q, filter).Take(MaxExported).ToListAsync(ct);
    }

    /// <summary>Indicators of the given cases, by case, for exports.</summary>
    public async Task<ILookup<long, CaseIndicator>> IndicatorsAsync(IReadOnlyCollection<long> caseIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.CaseIndicators.AsNoTracking().Where(i => i.CaseId != null && caseIds.Contains(i.CaseId.Value)).OrderBy(i => i.Position).ToListAsync(ct);
        return rows.ToLookup(i => i.CaseId!.Value);
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
        var fromCases =
            from i in db.CaseIndicators
            join c in db.Cases on i.CaseId equals c.Id
            where c.Status == CaseStatus.Published && i.Realised != null
            select new { c.ProductGroup, i.Goal, i.Name, i.Unit, i.Realised, i.Baseline };
        var fromReplications =
            from i in db.CaseIndicators
            join r in db.Replications on i.ReplicationId equals r.Id
            join c in db.Cases on r.CaseId equals c.Id
            // A published replication is counted once, as the case it became.
            where r.Status == ReplicationStatus.Done && r.PublishedCaseId == null && c.Status == CaseStatus.Published && i.Realised != null
            select new { c.ProductGroup, i.Goal, i.Name, i.Unit, i.Realised, i.Baseline };
        var rows = await fromCases.Concat(fromReplications).ToListAsync(ct);
        var group = string.IsNullOrWhiteSpace(productGroup) ? null : productGroup.Trim().ToLowerInvariant();
        var wantedGoal = CaseRules.NormaliseGoal(goal);
        var figures = rows
            .Where(r => (group is null || r.ProductGroup == group) && (wantedGoal is null || r.Goal == wantedGoal))
            // Figures add up only when they measure the same thing in the same unit.
            .GroupBy(r => (r.Goal, r.ProductGroup, Name: r.Name.Trim().ToLowerInvariant(), Unit: r.Unit.Trim()))
            .Select(g => new ResultFigure(g.Key.Goal, g.Key.ProductGroup, g.First().Name, g.Key.Unit,
                g.Key.Unit == "%" ? g.Average(r => r.Realised!.Value) : g.Sum(r => r.Realised!.Value),
                g.All(r => r.Baseline is not null) ? (g.Key.Unit == "%" ? g.Average(r => r.Baseline!.Value) : g.Sum(r => r.Baseline!.Value)) : null,
                g.Count()))
            .OrderBy(f => f.Goal).ThenByDescending(f => f.Pilots).ThenBy(f => f.ProductGroup).ThenBy(f => f.Name)
            .ToList();
        var published = await db.Cases.CountAsync(c => c.Status == CaseStatus.Published && (group == null || c.ProductGroup == group), ct);
        var finished = await db.Replications.CountAsync(r => r.Status == ReplicationStatus.Done
            && db.Cases.Any(c => c.Id == r.CaseId && c.Status == CaseStatus.Published && (group == null || c.ProductGroup == group)), ct);
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
            .Where(c => c.Status == CaseStatus.Published && c.ProductGroup == group && (c.Lessons != "" || c.Replicability != ""))
            .OrderByDescending(c => c.PublishedAt).Take(200)
            .Select(c => new GroupLesson(c.Id, c.Title, c.OrganisationName, c.Country, c.Lessons, c.Replicability, c.PublishedAt))
            .ToListAsync(ct);
        return ServiceResult<IReadOnlyList<GroupLesson>>.Ok(lessons);
    }

    // ---------- the one filter ----------

    /// <summary>The library's rule: published cases only (drafts and reviews are on the owner's and moderators' desks).</summary>
    private static IQueryable<CaseStudy> Visible(AppDbContext db) => db.Cases.AsNoTracking().Where(c => c.Status == CaseStatus.Published);

    private static async Task<(IQueryable<CaseStudy> Query, List<long>? Ranked)> FilteredAsync(AppDbContext db, CaseFilter filter, CancellationToken ct)
    {
        var q = Visible(db);
        List<long>? ranked = null;
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            ranked = await MatchAsync(db, filter.Text, ct);
            q = q.Where(c => ranked.Contains(c.Id));
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

    private static IQueryable<CaseStudy> Sorted(AppDbContext db, IQueryable<CaseStudy> q, CaseFilter filter) => filter.Sort switch
    {
        CaseSort.MostReplicated => q.OrderByDescending(c => c.ReplicationCount).ThenByDescending(c => c.PublishedAt).ThenByDescending(c => c.Id),
        CaseSort.MostDiscussed => q.OrderByDescending(c => db.Threads.Where(t => t.Id == c.DiscussionThreadId).Select(t => t.ReplyCount + 1).FirstOrDefault())
            .ThenByDescending(c => c.PublishedAt).ThenByDescending(c => c.Id),
        _ => q.OrderByDescending(c => c.PublishedAt).ThenByDescending(c => c.Id),
    };

    /// <summary>Ids of the published cases whose text matches, best first (SQLite's FTS5; a LIKE scan elsewhere).</summary>
    private static async Task<List<long>> MatchAsync(AppDbContext db, string text, CancellationToken ct)
    {
        var match = SearchSyntax.ToMatchExpression(text.Length > SearchService.MaxQueryLength ? text[..SearchService.MaxQueryLength] : text);
        if (match is null) return [];
        if (!db.Database.IsSqlite())
        {
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(5).ToList();
            var q = Visible(db);
            foreach (var word in words) q = q.Where(c => EF.Functions.Like(c.Title + " " + c.Summary + " " + c.Lessons, "%" + word + "%"));
            return await q.OrderByDescending(c => c.PublishedAt).Select(c => c.Id).Take(SearchService.RankedWindow).ToListAsync(ct);
        }
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

    internal static System.Linq.Expressions.Expression<Func<CaseStudy, CaseListItem>> ToListItem(AppDbContext db) => c => new CaseListItem(
        c.Id, c.Title, c.Summary, c.ProductGroup, c.Country, c.OrganisationName, c.OrganisationType, c.ContractModel, c.Goals, c.Headline,
        c.ReplicationCount, db.Threads.Where(t => t.Id == c.DiscussionThreadId).Select(t => t.ReplyCount + 1).FirstOrDefault(), c.PublishedAt, c.Status);
}
