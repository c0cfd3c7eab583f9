using PracticeCommunity.Data;
using PracticeCommunity.Features.Live;

namespace PracticeCommunity.Features.Rooms;

public sealed class NewThreadInput
{
    public string? Title { get; set; }
    public string? Body { get; set; }
    public string? Kind { get; set; }
    public List<string>? Tags { get; set; }
    /// <summary>Required from suppliers: does the opening post mention their own product or service?</summary>
    public bool? MentionsOwnOffering { get; set; }
}

public sealed class NewPostInput
{
    public string? Body { get; set; }
    public bool? MentionsOwnOffering { get; set; }
}

public sealed class EditPostInput
{
    public string? Body { get; set; }
}

/// <summary>A moderator's hide: the reason (required, at most 500 characters) is shown to the post's author.</summary>
public sealed class HidePostInput
{
    public string? Reason { get; set; }
}

public sealed record ThreadFilter(ThreadKind? Kind = null, string? Tag = null, bool UnansweredOnly = false, int Page = 1);

public sealed record ThreadListItem(
    long Id, int RoomId, string Title, ThreadKind Kind, IReadOnlyList<string> Tags, PostAuthor Author,
    int ReplyCount, bool HasAcceptedAnswer, DateTimeOffset CreatedAt, DateTimeOffset LastActivityAt, bool HasUnread, bool IsPinned = false, bool IsLocked = false);

public sealed record ThreadListPage(IReadOnlyList<ThreadListItem> Items, int Page, int PageSize, int TotalCount)
{
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
}

public sealed record PostView(
    long Id, long ThreadId, string BodyHtml, PostAuthor Author, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt,
    bool IsOpening, bool IsDeleted, bool IsHidden, bool IsAccepted, bool IsBuyerValidated, bool? MentionsOwnOffering,
    int RevisionCount, PostActions Actions, string? HiddenReason = null);

/// <summary>What the viewer may do with one post; pages show exactly these buttons, the API reports them.</summary>
public sealed record PostActions(bool Edit, bool Delete, bool Accept, bool Validate, bool Hide, bool Unaccept = false, bool Restore = false, bool Flag = false)
{
    public static PostActions None { get; } = new(false, false, false, false, false);
}

public sealed record ThreadDetail(
    long Id, RoomSummary Room, string Title, ThreadKind Kind, IReadOnlyList<string> Tags, PostAuthor Author,
    DateTimeOffset CreatedAt, DateTimeOffset LastActivityAt, long? AcceptedPostId, bool IsLocked, int ReplyCount,
    IReadOnlyList<PostView> Posts, long? LastReadPostId, ThreadPermissions Permissions, bool HasEarlierPosts = false,
    long? WindowStartPostId = null);

/// <summary>
/// Which posts of a thread to load: those after <see cref="AfterPostId"/> (catching up), or the newest
/// <see cref="Take"/> before <see cref="BeforePostId"/> (or at all). With <see cref="WithOpeningAndAccepted"/> the
/// opening post and the accepted answer come too when they are older than the rest, as a page shows them on top.
/// The result's <see cref="ThreadDetail.WindowStartPostId"/> is the oldest post of the window itself (not of those).
/// </summary>
public sealed record PostWindow(long? AfterPostId = null, long? BeforePostId = null, int Take = ThreadQueries.PostPageSize, bool WithOpeningAndAccepted = false);

/// <summary>What the viewer may do in this thread, so pages show only buttons that work.</summary>
public sealed record ThreadPermissions(bool CanReply, bool CanAccept, bool CanValidate, bool CanModerate, bool MustDiscloseOffering, string? ReplyBlockedReason);

public sealed record PostRevisionView(long Id, string BodyHtml, DateTimeOffset CreatedAt);

/// <summary>The JSON shape of a created post (contract: id, threadId, bodyHtml, createdAt, author).</summary>
public sealed record CreatedPost(long Id, long ThreadId, int RoomId, string BodyHtml, DateTimeOffset CreatedAt, PostAuthor Author, bool? MentionsOwnOffering);

public sealed record CreatedThread(long Id, int RoomId, string Title, ThreadKind Kind, IReadOnlyList<string> Tags, DateTimeOffset CreatedAt, CreatedPost OpeningPost);
