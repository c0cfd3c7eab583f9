using PracticeCommunity.Data;

namespace PracticeCommunity.Features.Cases;

/// <summary>
/// POST and PUT /api/v1/cases, and the five steps of the form. A draft may be incomplete; submitting it for review
/// needs every required part. Enumerations are names: <c>contractModel</c> Purchase, Lease, ProductAsAService,
/// BuyBack or Refurbishment; goals A to E; criterion kinds Selection, TechnicalSpecification, Award or ContractClause.
/// </summary>
public sealed class CaseInput
{
    // 1. What was bought and why.
    public string? Title { get; set; }
    public string? Summary { get; set; }
    public string? ProductGroup { get; set; }
    public string? Country { get; set; }
    public List<string>? FrameworkSteps { get; set; }
    public string? Need { get; set; }

    // 2. How it was bought.
    public string? Approach { get; set; }
    public bool MarketDialogue { get; set; }
    public string? Procedure { get; set; }
    public int? Lots { get; set; }
    public bool FrameworkAgreement { get; set; }
    public string? ContractModel { get; set; }
    public string? Partners { get; set; }

    // 3. The criteria.
    public List<CriterionInput>? Criteria { get; set; }

    // 4. The results.
    public List<string>? Goals { get; set; }
    public List<IndicatorInput>? Indicators { get; set; }
    public MoneyInput? ContractValue { get; set; }
    public int? DurationMonths { get; set; }

    // 5. Lessons and replicability.
    public string? Challenges { get; set; }
    public string? Lessons { get; set; }

    /// <summary>The conditions that made it work.</summary>
    public string? Replicability { get; set; }
    public string? ReusableDocuments { get; set; }
    public string? Differences { get; set; }

    /// <summary>Threads the case refers to (shown only to those who may enter their rooms).</summary>
    public List<long>? CitedThreadIds { get; set; }

    /// <summary>On PUT: the version the editor started from (GET /cases/{id} gives it); a newer one on the server is a 409.</summary>
    public int? Version { get; set; }
}

public sealed class CriterionInput
{
    public string? Kind { get; set; }
    public string? Text { get; set; }
    public decimal? Weight { get; set; }
    public string? Verification { get; set; }
}

public sealed class IndicatorInput
{
    public string? Goal { get; set; }
    public string? Name { get; set; }
    public string? Unit { get; set; }
    public double? Baseline { get; set; }
    public double? Contracted { get; set; }
    public double? Realised { get; set; }
}

public sealed class MoneyInput
{
    public decimal? Amount { get; set; }
    public string? Currency { get; set; }
}

/// <summary>POST /cases/{id}/submit: an optional answer to the moderator's request for changes.</summary>
public sealed record SubmitCaseInput(string? Note = null);

public sealed record ReviewCommentInput(string? Comment = null);

public sealed record RejectCaseInput(string? Reason = null);

/// <summary>PUT /api/v1/replications/{id}.</summary>
public sealed class ReplicationInput
{
    public string? Status { get; set; }
    public List<IndicatorInput>? Indicators { get; set; }
    public string? Notes { get; set; }
}

public enum CaseSort
{
    /// <summary>Best match first; the default when searching.</summary>
    Relevance,
    Newest,
    MostReplicated,
    MostDiscussed,
}

/// <summary>What the library is filtered by; every part is optional.</summary>
public sealed record CaseFilter(
    string? Text = null, string? ProductGroup = null, string? Country = null, ContractModel? ContractModel = null,
    string? Goal = null, string? FrameworkStep = null, OrganisationType? OrganisationType = null, bool HasResults = false,
    CaseSort Sort = CaseSort.Newest, int Page = 1);

/// <summary>A case in the library, per the contract.</summary>
public sealed record CaseListItem(
    long Id, string Title, string Summary, string ProductGroup, string Country, string Organisation, OrganisationType OrganisationType,
    ContractModel? ContractModel, IReadOnlyList<string> Goals, string Headline, bool HasRealisedResults, int ReplicationCount, int DiscussionCount,
    DateTimeOffset? PublishedAt, CaseStatus Status);

public sealed record CaseLibraryPage(IReadOnlyList<CaseListItem> Items, int Page, int PageSize, int Total);

public sealed record IndicatorView(string Goal, string Name, string Unit, double? Baseline, double? Contracted, double? Realised);

public sealed record CriterionView(CriterionKind Kind, string Text, decimal? Weight, string Verification);

public sealed record MoneyView(decimal Amount, string Currency);

public sealed record AttachmentView(long Id, string FileName, string ContentType, long Size, DateTimeOffset UploadedAt, string Url);

public sealed record ReviewEventView(CaseStatus From, CaseStatus To, string ActorName, string? Comment, DateTimeOffset At);

public sealed record PersonView(string Id, string DisplayName, string? Organisation);

/// <summary>A replication as the original case shows it: where, how far, and its own results.</summary>
public sealed record ReplicationSummary(
    long Id, PersonView Buyer, string Organisation, string Country, ReplicationStatus Status, IReadOnlyList<IndicatorView> Indicators,
    DateTimeOffset CreatedAt, long? PublishedCaseId);

public sealed record LinkView(long Id, string Title, string? Href = null);

/// <summary>What the viewer may do with a case, decided by the access gate.</summary>
public sealed record CaseActions(bool CanEdit, bool CanSubmit, bool CanReview, bool CanReplicate, bool CanAsk, bool CanAttach, long? MyReplicationId, bool CanFlag = false);

/// <summary>One case, with everything its page and GET /cases/{id} show.</summary>
public sealed record CaseDetail(
    long Id, string Title, string Summary, CaseStatus Status, PersonView Owner, string Organisation, OrganisationType OrganisationType,
    string Country, string ProductGroup, IReadOnlyList<string> FrameworkSteps, IReadOnlyList<string> Goals,
    string Need, string Approach, bool MarketDialogue, string? Procedure, int? Lots, bool FrameworkAgreement, ContractModel? ContractModel, string Partners,
    IReadOnlyList<CriterionView> Criteria, IReadOnlyList<IndicatorView> Indicators, MoneyView? ContractValue, int? DurationMonths,
    string Challenges, string Lessons, string Replicability, string ReusableDocuments, string Differences,
    string Headline, bool HasRealisedResults, IReadOnlyList<AttachmentView> Attachments, IReadOnlyList<ReplicationSummary> Replications, LinkView? ReplicatedFrom,
    string? ReviewComment, IReadOnlyList<ReviewEventView> History, LinkView? Discussion, IReadOnlyList<LinkView> CitedThreads,
    IReadOnlyList<LinkView> RelatedRooms, IReadOnlyList<LinkView> RelatedSessions,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt, int Version, CaseActions Actions);

/// <summary>POST /cases → 201.</summary>
public sealed record CreatedCase(long Id, CaseStatus Status);

public sealed record ReplicationDetail(
    long Id, LinkView Case, PersonView Buyer, string Organisation, string Country, ReplicationStatus Status, IReadOnlyList<string> Goals,
    IReadOnlyList<CriterionView> Criteria, IReadOnlyList<IndicatorView> Indicators, IReadOnlyList<IndicatorView> OriginalIndicators, string Notes,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long? PublishedCaseId, bool CanEdit, bool CanPublish, LinkView? Discussion);

/// <summary>One figure of the network's results: a sum over the pilots that measured it.</summary>
public sealed record ResultFigure(string Goal, string ProductGroup, string Name, string Unit, double Realised, double? Baseline, int Pilots);

public sealed record NetworkResults(IReadOnlyList<ResultFigure> Figures, int PublishedCases, int FinishedReplications);

/// <summary>The lessons learned of the published cases of one product group.</summary>
public sealed record GroupLesson(long CaseId, string Title, string Organisation, string Country, string Lessons, string Replicability, DateTimeOffset? PublishedAt);

/// <summary>One row of the CSV export.</summary>
public sealed record CaseExportRow(
    long Id, string Title, string Summary, string OrganisationName, OrganisationType OrganisationType, string Country, string ProductGroup,
    List<string> FrameworkSteps, ContractModel? ContractModel, List<string> Goals, string Need, string Approach, string Lessons, string Replicability,
    decimal? ContractValue, string? Currency, int? DurationMonths, List<CaseCriterion> Criteria, string Headline, int ReplicationCount, DateTimeOffset? PublishedAt);

/// <summary>The answer to a CSV import: all rows or none.</summary>
public sealed record ImportReport(bool Imported, int Rows, IReadOnlyList<ImportRowError> Errors, IReadOnlyList<long> CreatedIds);

public sealed record ImportRowError(int Row, string Field, string Message);
