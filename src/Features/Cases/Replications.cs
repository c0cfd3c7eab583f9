using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Notifications;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Cases;

/// <summary>POST /api/v1/replications/{id}/publish: what the new case needs that the replication does not hold.</summary>
public sealed class PublishReplicationInput
{
    public string? Summary { get; set; }
    public string? Lessons { get; set; }
    public MoneyInput? ContractValue { get; set; }
    public int? DurationMonths { get; set; }
}

/// <summary>
/// A buyer copies a published case: a replication pre-filled with its goals, indicators and criteria, tracked from
/// interested to done (or abandoned) with its own indicator values, and finally published as a new case that links
/// back. The original keeps its <see cref="CaseStudy.ReplicationCount"/> for the "most replicated" sort.
/// </summary>
public sealed partial class Replications(
    IDbContextFactory<AppDbContext> dbFactory,
    CaseRules rules,
    NotificationService notifications,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    ILogger<Replications> logger)
{
    public async Task<ServiceResult<ReplicationDetail>> StartAsync(Viewer viewer, long caseId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await CaseService.FindVisibleAsync(db, viewer, caseId, ct);
        if (c is null) return ServiceResult<ReplicationDetail>.NotFound();
        if (!AccessGate.CanReplicate(viewer, c.Status))
            return ServiceResult<ReplicationDetail>.Forbidden(c.Status == CaseStatus.Published ? L["Buyers replicate cases: ask a moderator to confirm your Buyer status."] : L["Only a published case can be replicated."]);
        if (c.OwnerId == viewer.MemberId) return ServiceResult<ReplicationDetail>.Conflict(L["This is your own case: publish a new case for a second round instead."]);
        var member = await db.Users.AsNoTracking().Include(m => m.Organisation).FirstAsync(m => m.Id == viewer.MemberId, ct);
        var now = time.GetUtcNow();
        // Checked inside the write transaction, so two quick clicks make one replication.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.Replications.AnyAsync(r => r.CaseId == caseId && r.BuyerId == viewer.MemberId && r.Status != ReplicationStatus.Abandoned, ct))
            return ServiceResult<ReplicationDetail>.Conflict(L["You are already replicating this case."]);
        var replication = new Replication
        {
            CaseId = caseId, BuyerId = member.Id, OrganisationName = member.Organisation?.Name ?? "", Country = member.Organisation?.Country ?? "",
            Goals = [.. c.Goals], Criteria = c.Criteria.Select(x => new CaseCriterion { Kind = x.Kind, Text = x.Text, Weight = x.Weight, Verification = x.Verification }).ToList(),
            CreatedAt = now, UpdatedAt = now,
        };
        db.Replications.Add(replication);
        await db.SaveChangesAsync(ct);
        // The same indicators, to be measured again in the new place: names and units, no values.
        var originals = await db.CaseIndicators.AsNoTracking().Where(i => i.CaseId == caseId).OrderBy(i => i.Position).ToListAsync(ct);
        db.CaseIndicators.AddRange(originals.Select(i => new CaseIndicator { ReplicationId = replication.Id, Position = i.Position, Goal = i.Goal, Name = i.Name, Unit = i.Unit }));
        await db.SaveChangesAsync(ct);
        await RecountAsync(db, caseId, ct);
        await tx.CommitAsync(ct);
        LogStarted(replication.Id, caseId, viewer.MemberId!);
        await notifications.NotifyCaseAsync(viewer, caseId, c.Title, c.OwnerId, NotificationKind.CaseReplicated, ct);
        return ServiceResult<ReplicationDetail>.Ok(await DetailAsync(db, viewer, replication, ct));
    }

    public async Task<ServiceResult<ReplicationDetail>> GetAsync(Viewer viewer, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var replication = await FindVisibleAsync(db, viewer, id, ct);
        return replication is null ? ServiceResult<ReplicationDetail>.NotFound() : ServiceResult<ReplicationDetail>.Ok(await DetailAsync(db, viewer, replication, ct));
    }

    /// <summary>The viewer's replications, newest first.</summary>
    public async Task<IReadOnlyList<ReplicationDetail>> MineAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (!viewer.IsSignedIn) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mine = await db.Replications.AsNoTracking().Where(r => r.BuyerId == viewer.MemberId).OrderByDescending(r => r.UpdatedAt).Take(50).ToListAsync(ct);
        var views = new List<ReplicationDetail>();
        foreach (var r in mine) views.Add(await DetailAsync(db, viewer, r, ct));
        return views;
    }

    public async Task<ServiceResult<ReplicationDetail>> UpdateAsync(Viewer viewer, long id, ReplicationInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var replication = await db.Replications.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (replication is null || !await CanSeeAsync(db, viewer, replication, ct)) return ServiceResult<ReplicationDetail>.NotFound();
        if (replication.BuyerId != viewer.MemberId) return ServiceResult<ReplicationDetail>.Forbidden(L["Only the buyer who replicates the case updates it."]);
        if (replication.PublishedCaseId is not null) return ServiceResult<ReplicationDetail>.Conflict(L["This replication is published as a case; update that case instead."]);
        var errors = new FieldErrors();
        var status = EnumNames.Parse<ReplicationStatus>(input.Status);
        if (status is null) errors.Add("status", L["Choose a status: Interested, Planning, Tendering, Awarded, Done or Abandoned."]);
        var measured = status is ReplicationStatus.Awarded or ReplicationStatus.Done;
        rules.ValidateIndicators(errors, "indicators", input.Indicators, replication.Goals, allowRealised: true);
        if (!measured && input.Indicators?.Any(i => i?.Realised is not null) == true)
            errors.Add("indicators", L["Realised values are measured once the contract runs: set the status to Awarded or Done first."]);
        var notes = input.Notes?.Trim() ?? "";
        if (notes.Length > Limits.CaseText) errors.Add("notes", L["At most {0} characters (this has {1}).", Limits.CaseText, notes.Length]);
        else if (CaseRules.HasHiddenCharacters(notes))
            errors.Add("notes", L["Remove control or invisible formatting characters (such as right-to-left overrides or zero-width spaces)."]);
        if (errors.Any) return errors.ToResult<ReplicationDetail>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        replication.Status = status!.Value;
        replication.Notes = notes;
        replication.UpdatedAt = now;
        replication.FinishedAt = status == ReplicationStatus.Done ? replication.FinishedAt ?? now : null;
        if (input.Indicators is not null)
        {
            await db.CaseIndicators.Where(i => i.ReplicationId == id).ExecuteDeleteAsync(ct);
            db.CaseIndicators.AddRange(CaseRules.Indicators(input.Indicators).Select(i => { i.ReplicationId = id; return i; }));
        }
        else if (!measured)
        {
            // Back before the contract runs: what was measured no longer stands.
            await db.CaseIndicators.Where(i => i.ReplicationId == id).ExecuteUpdateAsync(u => u.SetProperty(i => i.Realised, (double?)null), ct);
        }
        await db.SaveChangesAsync(ct);
        await RecountAsync(db, replication.CaseId, ct);
        await tx.CommitAsync(ct);
        return ServiceResult<ReplicationDetail>.Ok(await DetailAsync(db, viewer, replication, ct));
    }

    /// <summary>A finished replication becomes a new case, sent for review, that links back to the original.</summary>
    public async Task<ServiceResult<CreatedCase>> PublishAsync(Viewer viewer, long id, PublishReplicationInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var replication = await db.Replications.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (replication is null || !await CanSeeAsync(db, viewer, replication, ct)) return ServiceResult<CreatedCase>.NotFound();
        if (replication.BuyerId != viewer.MemberId) return ServiceResult<CreatedCase>.Forbidden(L["Only the buyer who replicated the case publishes it."]);
        if (replication.PublishedCaseId is not null) return ServiceResult<CreatedCase>.Conflict(L["This replication is already published as a case."]);
        if (replication.Status != ReplicationStatus.Done) return ServiceResult<CreatedCase>.Conflict(L["Only a finished replication (status Done) is published as a case."]);
        var original = await db.Cases.AsNoTracking().FirstAsync(c => c.Id == replication.CaseId, ct);
        var indicators = await db.CaseIndicators.AsNoTracking().Where(i => i.ReplicationId == id).OrderBy(i => i.Position).ToListAsync(ct);
        var member = await db.Users.AsNoTracking().Include(m => m.Organisation).FirstAsync(m => m.Id == viewer.MemberId, ct);
        var title = $"{original.Title} — {replication.OrganisationName}".Trim(' ', '—');
        var proposal = CaseDetails.AsInput(original, []);
        proposal.Title = TextRules.Shorten(title, Limits.CaseTitle);
        proposal.Summary = input.Summary ?? replication.Notes;
        proposal.Country = replication.Country.Length == 2 ? replication.Country : original.Country;
        proposal.Need = replication.Notes.Length > 0 ? replication.Notes : original.Need;
        proposal.Lessons = input.Lessons;
        proposal.ContractValue = input.ContractValue;
        proposal.DurationMonths = input.DurationMonths;
        proposal.Goals = [.. replication.Goals];
        proposal.Criteria = replication.Criteria.Select(x => new CriterionInput { Kind = x.Kind.ToString(), Text = x.Text, Weight = x.Weight, Verification = x.Verification }).ToList();
        proposal.Indicators = indicators.Select(i => new IndicatorInput { Goal = i.Goal, Name = i.Name, Unit = i.Unit, Baseline = i.Baseline, Contracted = i.Contracted, Realised = i.Realised }).ToList();
        proposal.Replicability = proposal.ReusableDocuments = proposal.Differences = proposal.Challenges = null;
        proposal.CitedThreadIds = [];
        var errors = rules.Validate(proposal, forReview: true);
        if (errors.Any) return errors.ToResult<CreatedCase>();

        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = new CaseStudy
        {
            OwnerId = member.Id, OrganisationName = replication.OrganisationName, OrganisationType = member.Organisation?.Type ?? OrganisationType.PublicBuyer,
            Status = CaseStatus.Submitted, ReplicatedFromId = original.Id, SourceReplicationId = replication.Id, CreatedAt = now, UpdatedAt = now,
        };
        await CaseService.AddAsync(db, created, proposal, ct);
        db.CaseReviewEvents.Add(new CaseReviewEvent { CaseId = created.Id, ActorId = member.Id, From = CaseStatus.Draft, To = CaseStatus.Submitted, At = now });
        await db.SaveChangesAsync(ct);
        // Two publishes at once: only the first links the replication; the other is undone.
        var linked = await db.Replications.Where(r => r.Id == id && r.PublishedCaseId == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.PublishedCaseId, created.Id).SetProperty(r => r.UpdatedAt, now), ct);
        if (linked == 0) return ServiceResult<CreatedCase>.Conflict(L["This replication is already published as a case."]);
        await tx.CommitAsync(ct);
        LogPublished(id, created.Id);
        return ServiceResult<CreatedCase>.Ok(new CreatedCase(created.Id, created.Status));
    }

    /// <summary>The "most replicated" count: replications started and not abandoned.</summary>
    private static Task RecountAsync(AppDbContext db, long caseId, CancellationToken ct) =>
        db.Cases.Where(x => x.Id == caseId).ExecuteUpdateAsync(u => u.SetProperty(x => x.ReplicationCount,
            x => db.Replications.Count(r => r.CaseId == caseId && r.Status != ReplicationStatus.Abandoned)), ct);

    /// <summary>A replication is seen by its buyer and by those who may see its case (its results are part of the lineage).</summary>
    private static async Task<bool> CanSeeAsync(AppDbContext db, Viewer viewer, Replication r, CancellationToken ct) =>
        r.BuyerId == viewer.MemberId || await CaseService.FindVisibleAsync(db, viewer, r.CaseId, ct) is not null;

    private static async Task<Replication?> FindVisibleAsync(AppDbContext db, Viewer viewer, long id, CancellationToken ct)
    {
        if (!viewer.IsSignedIn) return null;
        var r = await db.Replications.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return r is not null && await CanSeeAsync(db, viewer, r, ct) ? r : null;
    }

    private static async Task<ReplicationDetail> DetailAsync(AppDbContext db, Viewer viewer, Replication r, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == r.CaseId).Select(x => new { x.Title, x.DiscussionThreadId }).FirstAsync(ct);
        var buyer = await db.Users.AsNoTracking().Where(m => m.Id == r.BuyerId)
            .Select(m => new PersonView(m.Id, m.DisplayName, m.Organisation != null ? m.Organisation.Name : null)).FirstAsync(ct);
        var indicators = await db.CaseIndicators.AsNoTracking().Where(i => i.ReplicationId == r.Id || i.CaseId == r.CaseId).OrderBy(i => i.Position).ToListAsync(ct);
        var audiences = AccessGate.EnterableAudiences(viewer);
        var discussion = c.DiscussionThreadId is { } t
            ? await db.Threads.AsNoTracking().Where(x => x.Id == t && x.DeletedAt == null && audiences.Contains(x.Room!.Audience)).Select(x => new LinkView(x.Id, x.Title, "/threads/" + x.Id)).FirstOrDefaultAsync(ct)
            : null;
        var mine = r.BuyerId == viewer.MemberId;
        // The buyer's working notes are theirs (and staff's) while the tender runs; the case it became shows only once published.
        var notes = mine || viewer.IsStaff ? r.Notes : "";
        var published = r.PublishedCaseId is { } p && await CaseService.FindVisibleAsync(db, viewer, p, ct) is not null ? r.PublishedCaseId : null;
        return new ReplicationDetail(r.Id, new LinkView(r.CaseId, c.Title, $"/cases/{r.CaseId}"), buyer, r.OrganisationName, r.Country, r.Status, r.Goals,
            r.Criteria.Select(x => new CriterionView(x.Kind, x.Text, x.Weight, x.Verification)).ToList(),
            indicators.Where(i => i.ReplicationId == r.Id).Select(CaseDetails.View).ToList(), indicators.Where(i => i.CaseId == r.CaseId).Select(CaseDetails.View).ToList(),
            notes, r.CreatedAt, r.UpdatedAt, published,
            CanEdit: mine && r.PublishedCaseId is null, CanPublish: mine && r.PublishedCaseId is null && r.Status == ReplicationStatus.Done, discussion);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replication {ReplicationId} of case {CaseId} started by {MemberId}")]
    private partial void LogStarted(long replicationId, long caseId, string memberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replication {ReplicationId} published as case {CaseId}")]
    private partial void LogPublished(long replicationId, long caseId);
}
