namespace PracticeCommunity.Data;

/// <summary>An in-app notification; the bell in the header counts the unread ones.</summary>
public sealed class Notification
{
    public long Id { get; set; }
    public string MemberId { get; set; } = "";
    public NotificationKind Kind { get; set; }
    public long ThreadId { get; set; }
    public long? PostId { get; set; }

    /// <summary>Set for news about a case (its review, a replication); <see cref="ThreadId"/> is then 0.</summary>
    public long? CaseId { get; set; }
    public string ActorName { get; set; } = "";
    public string ThreadTitle { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }

    /// <summary>Its way to email: pending until the delay is over, then sent, or why not.</summary>
    public NotificationEmail EmailState { get; set; }
    public DateTimeOffset? EmailedAt { get; set; }
}

public enum NotificationKind
{
    ReplyToMyThread,
    AnswerToMyQuestion,
    Mention,
    AnswerAccepted,
    /// <summary>New posts in a thread or room the member follows; one unread notification per thread gathers them.</summary>
    FollowedActivity,
    /// <summary>A moderator hid one of the member's posts; the reason is shown with the post.</summary>
    PostHidden,
    /// <summary>A moderator published the member's case.</summary>
    CasePublished,
    /// <summary>A moderator asked for changes to the member's case, with a comment shown on the case.</summary>
    CaseChangesRequested,
    CaseRejected,
    /// <summary>A buyer started replicating the member's case.</summary>
    CaseReplicated,
    /// <summary>A moderator (or enough flags) hid the member's thread; shown even though the thread is gone.</summary>
    ThreadHidden,
    CaseHidden,
    /// <summary>A harvest made the member the owner of an action item (its follow-up thread).</summary>
    ActionItemAssigned,
}

/// <summary>How far a member has read a thread, for "new since your last visit" and unread counts.</summary>
public sealed class ThreadVisit
{
    public string MemberId { get; set; } = "";
    public long ThreadId { get; set; }
    public long LastReadPostId { get; set; }
    public DateTimeOffset VisitedAt { get; set; }
}
