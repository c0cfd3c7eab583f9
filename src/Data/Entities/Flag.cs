namespace PracticeCommunity.Data;

/// <summary>
/// A member's report that a post, thread or case breaks the house rules. Open until a moderator agrees (the content is
/// hidden, with a reason its author sees) or disagrees (it stays, or comes back). What was flagged is kept as it was
/// then, so the queue reads the same even when the content changes or is hidden.
/// </summary>
public sealed class Flag
{
    public long Id { get; set; }
    public FlagTarget TargetType { get; set; }
    public long TargetId { get; set; }
    public string ReporterId { get; set; } = "";
    public FlagReason Reason { get; set; }
    public string? Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public FlagState State { get; set; } = FlagState.Open;
    public string? ResolvedById { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>The flagged content when it was flagged: its title and the start of its text, its author, where it is.</summary>
    public string TargetTitle { get; set; } = "";
    public string TargetExcerpt { get; set; } = "";
    public string? TargetAuthorId { get; set; }
    public string TargetLink { get; set; } = "";
}

public enum FlagTarget
{
    Post,
    Thread,
    Case,
}

public enum FlagReason
{
    Spam,
    OffTopic,
    /// <summary>A sales pitch outside a market-dialogue room.</summary>
    SalesPitch,
    Disrespect,
    ConfidentialTenderInformation,
    Other,
}

public enum FlagState
{
    Open,
    Agreed,
    Disagreed,
}
