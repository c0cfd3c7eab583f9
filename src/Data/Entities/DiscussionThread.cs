namespace PracticeCommunity.Data;

/// <summary>A thread in a room. Named so, because <c>Thread</c> is taken by System.Threading.</summary>
public sealed class DiscussionThread
{
    public long Id { get; set; }
    public int RoomId { get; set; }
    public Room? Room { get; set; }
    public string Title { get; set; } = "";
    public ThreadKind Kind { get; set; }

    /// <summary>Tags as "group:value", for example "product:ict", "country:BE", "procedure:open".</summary>
    public List<string> Tags { get; set; } = [];

    public string AuthorId { get; set; } = "";
    public Member? Author { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }

    /// <summary>Replies, not counting the opening post.</summary>
    public int ReplyCount { get; set; }

    /// <summary>Newest visible post, for unread counts.</summary>
    public long LastPostId { get; set; }

    public long? AcceptedPostId { get; set; }
    public bool IsLocked { get; set; }

    /// <summary>Pinned threads come first in their room.</summary>
    public bool IsPinned { get; set; }

    /// <summary>Set when a moderator merged this thread into another: its posts moved there, and its address leads there.</summary>
    public long? MergedIntoId { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>Set when a moderator (or enough flags) hid the thread: it is then also <see cref="DeletedAt"/>, and comes back on restore.</summary>
    public string? HiddenReason { get; set; }
}

public enum ThreadKind
{
    PracticeQuestion,
    PracticeShare,
    CaseProposal,
    SessionFollowUp,
}
