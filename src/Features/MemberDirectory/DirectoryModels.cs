using PracticeCommunity.Data;

namespace PracticeCommunity.Features.MemberDirectory;

/// <summary>GET /api/v1/members: words in a name or organisation, a role, a product group, and a page (24 a page).</summary>
public sealed record DirectoryQuery(string? Text = null, string? Role = null, string? ProductGroup = null, int Page = 1);

/// <summary>
/// A member as other members see them: never an email address. <see cref="RoleLabel"/> is Buyer, Supplier or
/// Facilitator once granted, "PendingBuyer" while a moderator has not confirmed a Buyer, and null otherwise.
/// </summary>
public sealed record DirectoryMember(
    string Id, string DisplayName, string? Organisation, OrganisationType? OrganisationType, string? Country,
    string? RoleLabel, bool IsModerator, IReadOnlyList<string> ProductGroups, DateTimeOffset MemberSince);

public sealed record DirectoryResults(IReadOnlyList<DirectoryMember> Items, int Page, int PageSize, int TotalCount)
{
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
}

/// <summary>A recent post on a profile: only from rooms the viewer may enter, and never a hidden or deleted one.</summary>
public sealed record ProfilePost(long PostId, long ThreadId, string ThreadTitle, string RoomSlug, string RoomTitle, RoomAudience Audience,
    string Excerpt, bool IsOpening, bool IsAccepted, DateTimeOffset CreatedAt);

/// <summary>
/// GET /api/v1/members/{id}. The counts, like the posts, cover only rooms the viewer may enter, so a profile says
/// nothing about a member's buyers-only activity to a supplier.
/// </summary>
public sealed record MemberProfile(DirectoryMember Member, int ThreadsStarted, int Replies, int AcceptedAnswers, IReadOnlyList<ProfilePost> RecentPosts);
