namespace PracticeCommunity.Data;

public sealed class Post
{
    public long Id { get; set; }
    public long ThreadId { get; set; }
    public DiscussionThread? Thread { get; set; }
    public string AuthorId { get; set; } = "";
    public Member? Author { get; set; }

    /// <summary>The organisation the author spoke for when posting (a supplier's answer always shows its company).</summary>
    public string? OrganisationName { get; set; }

    /// <summary>The author's community role when posting.</summary>
    public CommunityRole? AuthorRole { get; set; }

    public string BodyMarkdown { get; set; } = "";

    /// <summary>The words of the post without Markdown syntax: what search indexes and shows in snippets.</summary>
    public string BodyText { get; set; } = "";

    /// <summary>Rendered once from Markdown and sanitised before storage.</summary>
    public string BodyHtml { get; set; } = "";

    /// <summary>A supplier's answer to "does this mention your own product or service?"; null for others.</summary>
    public bool? MentionsOwnOffering { get; set; }

    public bool IsOpening { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EditedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public DateTimeOffset? HiddenAt { get; set; }
    public string? HiddenById { get; set; }

    /// <summary>Why a moderator hid the post: its author sees it, with the post, where it was.</summary>
    public string? HiddenReason { get; set; }
    public DateTimeOffset? BuyerValidatedAt { get; set; }
    public string? BuyerValidatedById { get; set; }

    public List<PostRevision> Revisions { get; set; } = [];
}

/// <summary>An earlier version of a post, kept when it is edited.</summary>
public sealed class PostRevision
{
    public long Id { get; set; }
    public long PostId { get; set; }
    public string BodyMarkdown { get; set; } = "";
    public string BodyHtml { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
