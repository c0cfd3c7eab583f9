using PracticeCommunity.Data;
namespace PracticeCommunity.Features.Email;

/// <summary>
/// One member's digest: only what they may see, each list already cut to length, each link absolute.
/// <see cref="HasNews"/> is false when nothing happened in the period: then no email goes.
/// </summary>
public sealed record DigestModel(
    string MemberName,
    DigestFrequency Frequency,
    DateTimeOffset Since,
    DateTimeOffset Until,
    IReadOnlyList<DigestAnswers> NewAnswers,
    IReadOnlyList<DigestCase> NewCases,
    IReadOnlyList<DigestReplication> NewReplications,
    IReadOnlyList<DigestQuestion> UnansweredQuestions,
    IReadOnlyList<DigestThread> MarketDialogue,
    IReadOnlyList<DigestSession> UpcomingSessions,
    IReadOnlyList<DigestActionItem> ActionItems,
    IReadOnlyList<DigestThread> ActiveThreads,
    IReadOnlyList<DigestMember> NewMembers,
    bool HasNews)
{
    public int Count => NewAnswers.Count + NewCases.Count + NewReplications.Count + UnansweredQuestions.Count + MarketDialogue.Count
        + UpcomingSessions.Count + ActionItems.Count + ActiveThreads.Count + NewMembers.Count;
}

/// <summary>New answers to one of the member's practice questions.</summary>
public sealed record DigestAnswers(string Title, int Count, string LatestBy, string Url);

public sealed record DigestCase(string Title, string Organisation, string Country, string Headline, string Url);

public sealed record DigestReplication(string CaseTitle, string Organisation, string Country, string Url);

/// <summary>An unanswered practice question, with how many days it has waited.</summary>
public sealed record DigestQuestion(string Title, int AgeDays, string Url);

public sealed record DigestThread(string Title, string Room, int NewPosts, string Excerpt, string Url);

public sealed record DigestSession(string Title, DateTimeOffset StartsAtLocal, string TimeZone, string Format, string Url);

public sealed record DigestActionItem(string Text, DateOnly? DueDate, string Url);

public sealed record DigestMember(string Name, string? Organisation, string Url);
