using PracticeCommunity.Data;
using PracticeCommunity.Features.Notifications;

namespace PracticeCommunity.Features.Home;

/// <summary>A thread as the home page lists it: where it is, how far it got, and whether the member has read it.</summary>
public sealed record HomeThread(
    long Id, string Title, ThreadKind Kind, string RoomSlug, string RoomTitle, RoomAudience Audience, string AuthorName,
    int ReplyCount, bool HasAcceptedAnswer, DateTimeOffset CreatedAt, DateTimeOffset LastActivityAt, bool HasUnread);

/// <summary>A room with news for the member: threads with posts they have not read.</summary>
public sealed record RoomActivity(int RoomId, string Slug, string Title, RoomAudience Audience, int UnreadThreads);

/// <summary>
/// A signed-in member's home (GET /api/v1/me/home): what needs them, then what is new where they may go.
/// <see cref="QuestionsForMe"/> are unanswered practice questions tagged with the member's product groups (a
/// supplier sees the oldest first, as those have waited longest; others the newest); with no product groups
/// chosen it is empty and <see cref="HasProductGroups"/> says why.
/// </summary>
public sealed record MemberHome(
    StartHere StartHere,
    bool HasProductGroups,
    IReadOnlyList<HomeThread> QuestionsForMe,
    IReadOnlyList<HomeThread> MyThreadsWithNews,
    IReadOnlyList<NotificationView> UnreadMentions,
    IReadOnlyList<HomeThread> Latest,
    IReadOnlyList<RoomActivity> RoomsWithNews,
    IReadOnlyList<Sessions.SessionListItem> MySessions,
    IReadOnlyList<Sessions.SessionListItem> OpenSessions,
    IReadOnlyList<Sessions.ActionItemView> MyActionItems,
    IReadOnlyList<Cases.CaseListItem> NewCases);

/// <summary>A newcomer's first steps ("start here"); the home shows them until every one is done.</summary>
public sealed record StartHere(bool ProfileComplete, bool ProductGroupsChosen, bool RoomOpened, bool FirstPost)
{
    public bool Done => ProfileComplete && ProductGroupsChosen && RoomOpened && FirstPost;
}
