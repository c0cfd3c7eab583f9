using PracticeCommunity.Data;
namespace PracticeCommunity.Features.Email;

/// <summary>
/// The kinds of email a member can turn off, by name: in the settings, the API and the one-click unsubscribe
/// link (which turns off exactly the topics of the email it came in).
/// </summary>
public static class EmailTopics
{
    public const string Digest = "digest";
    public const string Replies = "replies";
    public const string Answers = "answers";
    public const string Mentions = "mentions";
    public const string Accepted = "accepted";
    public const string ActionItems = "actionItems";
    public const string Sessions = "sessions";

    public static IReadOnlyList<string> All { get; } = [Digest, Replies, Answers, Mentions, Accepted, ActionItems, Sessions];

    /// <summary>The topic a notification's email belongs to, or null when it stays in the app.</summary>
    public static string? For(NotificationKind kind) => kind switch
    {
        NotificationKind.ReplyToMyThread or NotificationKind.FollowedActivity => Replies,
        NotificationKind.AnswerToMyQuestion => Answers,
        NotificationKind.Mention => Mentions,
        NotificationKind.AnswerAccepted => Accepted,
        NotificationKind.ActionItemAssigned => ActionItems,
        _ => null,
    };

    public static bool IsOn(EmailSettings settings, string topic) => topic switch
    {
        Digest => settings.Digest != DigestFrequency.Off,
        Replies => settings.Replies,
        Answers => settings.Answers,
        Mentions => settings.Mentions,
        Accepted => settings.Accepted,
        ActionItems => settings.ActionItems,
        Sessions => settings.Sessions,
        _ => false,
    };

    public static void TurnOff(EmailSettings settings, string topic)
    {
        switch (topic)
        {
            case Digest: settings.Digest = DigestFrequency.Off; break;
            case Replies: settings.Replies = false; break;
            case Answers: settings.Answers = false; break;
            case Mentions: settings.Mentions = false; break;
            case Accepted: settings.Accepted = false; break;
            case ActionItems: settings.ActionItems = false; break;
            case Sessions: settings.Sessions = false; break;
        }
    }

    public static IReadOnlyList<string> Parse(string? joined) =>
        (joined ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(All.Contains).Distinct().ToList();
}
