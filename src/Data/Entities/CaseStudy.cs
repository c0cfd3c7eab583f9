namespace PracticeCommunity.Data;

/// <summary>
/// How one buyer bought circularly, told so that another can copy it (domain.md, "Case studies and replication").
/// Proposed as a draft, reviewed by a moderator, then published in the library. Named so because <c>case</c> is a
/// C# keyword.
/// </summary>
public sealed class CaseStudy
{
    public long Id { get; set; }
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";

    /// <summary>The case owner: the member who proposed it and whom others ask.</summary>
    public string OwnerId { get; set; } = "";
    public Member? Owner { get; set; }

    /// <summary>The buying organisation as it was when the case was written (a member may move on).</summary>
    public string OrganisationName { get; set; } = "";
    public OrganisationType OrganisationType { get; set; }

    /// <summary>ISO 3166-1 alpha-2 country where the purchase happened.</summary>
    public string Country { get; set; } = "";
    public string ProductGroup { get; set; } = "";

    /// <summary>Keys of the framework steps the case touches (see <c>Framework.Steps</c>).</summary>
    public List<string> FrameworkSteps { get; set; } = [];

    /// <summary>Circular goals "A" to "E".</summary>
    public List<string> Goals { get; set; } = [];

    // Step 1: what was bought and why.
    public string Need { get; set; } = "";

    // Step 2: how it was bought.
    public string Approach { get; set; } = "";
    public bool MarketDialogue { get; set; }
    public string? Procedure { get; set; }
    public int? Lots { get; set; }
    public bool FrameworkAgreement { get; set; }
    public ContractModel? ContractModel { get; set; }
    public string Partners { get; set; } = "";

    // Step 3: the criteria.
    public List<CaseCriterion> Criteria { get; set; } = [];

    // Step 4: the results (the indicators are rows of their own: the results page sums them).
    public decimal? ContractValue { get; set; }
    public string? Currency { get; set; }
    public int? DurationMonths { get; set; }

    // Step 5: lessons and replicability.
    public string Challenges { get; set; } = "";
    public string Lessons { get; set; } = "";
    public string ReusableDocuments { get; set; } = "";
    /// <summary>The conditions that made it work.</summary>
    public string Replicability { get; set; } = "";
    public string Differences { get; set; } = "";

    public CaseStatus Status { get; set; } = CaseStatus.Draft;

    /// <summary>The moderator's latest request for changes or reason for rejecting, which the author sees.</summary>
    public string? ReviewComment { get; set; }

    /// <summary>The case this one replicated, when it came from a published replication.</summary>
    public long? ReplicatedFromId { get; set; }
    public long? SourceReplicationId { get; set; }

    /// <summary>The thread where members ask the case owner, opened by the first question.</summary>
    public long? DiscussionThreadId { get; set; }

    /// <summary>Threads the case cites; each is shown only to those who may enter its room.</summary>
    public List<long> CitedThreadIds { get; set; } = [];

    /// <summary>One line for cards, for example "−38 t CO2e, 1,002 desks refurbished"; computed on every save.</summary>
    public string Headline { get; set; } = "";
    public bool HasRealisedResults { get; set; }

    /// <summary>Replications other buyers started; kept for the "most replicated" sort.</summary>
    public int ReplicationCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>Set when a moderator (or enough flags) hid the case: only its owner and moderators see it, with the reason.</summary>
    public DateTimeOffset? HiddenAt { get; set; }
    public string? HiddenReason { get; set; }

    /// <summary>Raised on every change: two editors (or an editor and a reviewer) cannot overwrite each other.</summary>
    public int Version { get; set; }
}

/// <summary>A criterion as used in the tender, in the case's own JSON column.</summary>
public sealed class CaseCriterion
{
    public CriterionKind Kind { get; set; }
    public string Text { get; set; } = "";

    /// <summary>Percentage of the award score, for award criteria.</summary>
    public decimal? Weight { get; set; }
    public string Verification { get; set; } = "";
}

/// <summary>
/// One measurable indicator for a circular goal, recorded three times: baseline, contracted and realised. Belongs to
/// a case or to a replication.
/// </summary>
public sealed class CaseIndicator
{
    public long Id { get; set; }
    public long? CaseId { get; set; }
    public long? ReplicationId { get; set; }
    public int Position { get; set; }
    public string Goal { get; set; } = "";
    public string Name { get; set; } = "";
    public string Unit { get; set; } = "";
    public double? Baseline { get; set; }
    public double? Contracted { get; set; }
    public double? Realised { get; set; }
}

/// <summary>A tender document or report, stored outside wwwroot under <see cref="StoredName"/>.</summary>
public sealed class CaseAttachment
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }

    /// <summary>A random name on disk: nothing of the uploaded name reaches the file system.</summary>
    public string StoredName { get; set; } = "";
    public string UploadedById { get; set; } = "";
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>Who moved a case from one state to another, when, and what they said.</summary>
public sealed class CaseReviewEvent
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public string ActorId { get; set; } = "";
    public Member? Actor { get; set; }
    public CaseStatus From { get; set; }
    public CaseStatus To { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A buyer copying a published case in their own city, tracked to its end.</summary>
public sealed class Replication
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public string BuyerId { get; set; } = "";
    public Member? Buyer { get; set; }
    public string OrganisationName { get; set; } = "";
    public string Country { get; set; } = "";
    public ReplicationStatus Status { get; set; } = ReplicationStatus.Interested;
    public List<string> Goals { get; set; } = [];
    public List<CaseCriterion> Criteria { get; set; } = [];
    public string Notes { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The case this replication became when its buyer published it.</summary>
    public long? PublishedCaseId { get; set; }
}

public enum CaseStatus
{
    Draft,
    Submitted,
    ChangesRequested,
    Published,
    Rejected,
}

public enum ContractModel
{
    Purchase,
    Lease,
    ProductAsAService,
    BuyBack,
    Refurbishment,
}

public enum CriterionKind
{
    Selection,
    TechnicalSpecification,
    Award,
    ContractClause,
}

public enum ReplicationStatus
{
    Interested,
    Planning,
    Tendering,
    Awarded,
    Done,
    Abandoned,
}
