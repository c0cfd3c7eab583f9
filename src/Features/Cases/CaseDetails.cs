using Microsoft.EntityFrameworkCore;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Features.Sessions;

namespace PracticeCommunity.Features.Cases;

/// <summary>
/// Builds the view of one case for one viewer: every section, its replications with their results, its history,
/// and the actions the access gate allows. Threads (cited, or the owner's Q&amp;A) appear only when the viewer may enter
/// their rooms; related sessions come from the session calendar, which applies its own audience rule.
/// </summary>
public sealed class CaseDetails(RoomService rooms, SessionService sessions)
{
    public async Task<CaseDetail> BuildAsync(AppDbContext db, Viewer viewer, CaseStudy c, CancellationToken ct)
    {
        var indicators = await db.CaseIndicators.AsNoTracking().Where(i => i.CaseId == c.Id).OrderBy(i => i.Position).ToListAsync(ct);
        var owner = await db.Users.AsNoTracking().Where(m => m.Id == c.OwnerId)
            .Select(m => new PersonView(m.Id, m.DisplayName, m.Organisation != null ? m.Organisation.Name : null)).FirstAsync(ct);
        var attachments = await db.CaseAttachments.AsNoTracking().Where(a => a.CaseId == c.Id).OrderBy(a => a.Id)
            .Select(a => new AttachmentView(a.Id, a.FileName, a.ContentType, a.Size, a.UploadedAt, "")).ToListAsync(ct);
        attachments = attachments.Select(a => a with { Url = AttachmentUrl(c.Id, a.Id) }).ToList();

        // Replications are listed once their case is published; its owner and moderators see them all along.
        var replicationRows = await db.Replications.AsNoTracking().Where(r => r.CaseId == c.Id).OrderBy(r => r.CreatedAt)
            .Select(r => new { r.Id, r.BuyerId, Buyer = r.Buyer!.DisplayName, BuyerOrganisation = r.Buyer.Organisation != null ? r.Buyer.Organisation.Name : null,
                r.OrganisationName, r.Country, r.Status, r.CreatedAt, r.PublishedCaseId })
            .ToListAsync(ct);
        var replicationIds = replicationRows.Select(r => r.Id).ToList();
        var replicationIndicators = (await db.CaseIndicators.AsNoTracking().Where(i => i.ReplicationId != null && replicationIds.Contains(i.ReplicationId.Value))
            .OrderBy(i => i.Position).ToListAsync(ct)).ToLookup(i => i.ReplicationId!.Value);
        // A replication's own case is linked once it is published (or for whoever may already see it).
        var publishedIds = replicationRows.Where(r => r.PublishedCaseId is not null).Select(r => r.PublishedCaseId!.Value).ToList();
        var visibleCases = (await db.Cases.AsNoTracking().Where(x => publishedIds.Contains(x.Id)).Select(x => new { x.Id, x.Status, x.OwnerId, Hidden = x.HiddenAt != null }).ToListAsync(ct))
            .Where(x => AccessGate.CanSeeCase(viewer, x.Status, x.OwnerId, x.Hidden)).Select(x => x.Id).ToHashSet();
        var replications = replicationRows.Select(r => new ReplicationSummary(r.Id, new PersonView(r.BuyerId, r.Buyer, r.BuyerOrganisation), r.OrganisationName, r.Country, r.Status,
            replicationIndicators[r.Id].Select(View).ToList(), r.CreatedAt, r.PublishedCaseId is { } p && visibleCases.Contains(p) ? p : null)).ToList();

        LinkView? from = null;
        if (c.ReplicatedFromId is { } originalId && await db.Cases.AsNoTracking().Where(x => x.Id == originalId).Select(x => new { x.Title, x.Status, x.OwnerId, Hidden = x.HiddenAt != null }).FirstOrDefaultAsync(ct) is { } original
            && AccessGate.CanSeeCase(viewer, original.Status, original.OwnerId, original.Hidden))
            from = new LinkView(originalId, original.Title, $"/cases/{originalId}");

        var history = await db.CaseReviewEvents.AsNoTracking().Where(e => e.CaseId == c.Id).OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new ReviewEventView(e.From, e.To, e.Actor!.DisplayName, e.Comment, e.At)).ToListAsync(ct);
        // The review's back-and-forth is between the owner and moderators.
        if (viewer.MemberId != c.OwnerId && !viewer.IsStaff) history = [];

        var audiences = AccessGate.EnterableAudiences(viewer);
        var threadIds = c.CitedThreadIds.Concat(c.DiscussionThreadId is { } d ? [d] : []).ToList();
        var threads = await db.Threads.AsNoTracking().Where(t => threadIds.Contains(t.Id) && t.DeletedAt == null && audiences.Contains(t.Room!.Audience))
            .Select(t => new LinkView(t.Id, t.Title, "/threads/" + t.Id)).ToListAsync(ct);
        var discussion = threads.FirstOrDefault(t => t.Id == c.DiscussionThreadId);
        var cited = c.CitedThreadIds.Select(id => threads.FirstOrDefault(t => t.Id == id)).OfType<LinkView>().ToList();

        var relatedRooms = (await rooms.ListRoomsAsync(viewer, ct))
            .Where(r => c.FrameworkSteps.Contains(r.StepKey) && AccessGate.CanEnter(viewer, r.Audience))
            .Select(r => new LinkView(r.Id, r.Title, "/rooms/" + r.Slug)).Take(6).ToList();
        var relatedSessions = c.Status == CaseStatus.Published && c.ProductGroup.Length > 0 && viewer.IsSignedIn
            && (await sessions.ListAsync(viewer, new SessionFilter(ProductGroup: c.ProductGroup), ct)).Value is { } upcoming
            ? upcoming.Take(4).Select(s => new LinkView(s.Id, s.Title, "/sessions/" + s.Id)).ToList()
            : [];

        var mine = viewer.MemberId is { } me ? replicationRows.Where(r => r.BuyerId == me).Select(r => (long?)r.Id).LastOrDefault() : null;
        var canEdit = AccessGate.CanEditCase(viewer, c.Status, c.OwnerId);
        var actions = new CaseActions(
            CanEdit: canEdit,
            CanSubmit: canEdit,
            CanReview: AccessGate.CanReviewCases(viewer) && c.Status == CaseStatus.Submitted,
            CanReplicate: AccessGate.CanReplicate(viewer, c.Status) && viewer.MemberId != c.OwnerId && mine is null,
            CanAsk: c.Status == CaseStatus.Published && viewer.IsSignedIn && viewer.MemberId != c.OwnerId && viewer.HasDisplayName,
            CanAttach: canEdit,
            MyReplicationId: mine,
            CanFlag: c.Status == CaseStatus.Published && viewer.IsSignedIn && viewer.MemberId != c.OwnerId && !AccessGate.CanModerate(viewer));

        return new CaseDetail(
            c.Id, c.Title, c.Summary, c.Status, owner, c.OrganisationName, c.OrganisationType, c.Country, c.ProductGroup, c.FrameworkSteps, c.Goals,
            c.Need, c.Approach, c.MarketDialogue, c.Procedure, c.Lots, c.FrameworkAgreement, c.ContractModel, c.Partners,
            c.Criteria.Select(x => new CriterionView(x.Kind, x.Text, x.Weight, x.Verification)).ToList(), indicators.Select(View).ToList(),
            c.ContractValue is { } amount ? new MoneyView(amount, c.Currency ?? "") : null, c.DurationMonths,
            c.Challenges, c.Lessons, c.Replicability, c.ReusableDocuments, c.Differences, c.Headline, c.HasRealisedResults, attachments,
            c.Status == CaseStatus.Published || viewer.MemberId == c.OwnerId || viewer.IsStaff ? replications : [],
            from, c.HiddenReason ?? (c.Status is CaseStatus.ChangesRequested or CaseStatus.Rejected ? c.ReviewComment : null), history, discussion, cited,
            relatedRooms, relatedSessions, c.CreatedAt, c.UpdatedAt, c.PublishedAt, c.Version, actions);
    }

    /// <summary>Where a case file is downloaded (the page and the API serve the same file).</summary>
    public static string AttachmentUrl(long caseId, long attachmentId) => $"/api/v1/cases/{caseId}/attachments/{attachmentId}";

    public static IndicatorView View(CaseIndicator i) => new(i.Goal, i.Name, i.Unit, i.Baseline, i.Contracted, i.Realised);

    /// <summary>The stored case as an input again, to check it is complete before review.</summary>
    public static CaseInput AsInput(CaseStudy c, IEnumerable<CaseIndicator> indicators) => new()
    {
        Title = c.Title, Summary = c.Summary, ProductGroup = c.ProductGroup, Country = c.Country, FrameworkSteps = [.. c.FrameworkSteps], Need = c.Need,
        Approach = c.Approach, MarketDialogue = c.MarketDialogue, Procedure = c.Procedure, Lots = c.Lots, FrameworkAgreement = c.FrameworkAgreement,
        ContractModel = c.ContractModel?.ToString(), Partners = c.Partners,
        Criteria = c.Criteria.Select(x => new CriterionInput { Kind = x.Kind.ToString(), Text = x.Text, Weight = x.Weight, Verification = x.Verification }).ToList(),
        Goals = [.. c.Goals],
        Indicators = indicators.Select(i => new IndicatorInput { Goal = i.Goal, Name = i.Name, Unit = i.Unit, Baseline = i.Baseline, Contracted = i.Contracted, Realised = i.Realised }).ToList(),
        ContractValue = c.ContractValue is null ? null : new MoneyInput { Amount = c.ContractValue, Currency = c.Currency },
        DurationMonths = c.DurationMonths, Challenges = c.Challenges, Lessons = c.Lessons, Replicability = c.Replicability,
        ReusableDocuments = c.ReusableDocuments, Differences = c.Differences, CitedThreadIds = [.. c.CitedThreadIds],
    };
}
