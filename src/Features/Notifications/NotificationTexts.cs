using PracticeCommunity.Data;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Notifications;

/// <summary>How a notification reads and where it leads, the same in the app and in its email.</summary>
public static class NotificationTexts
{
    /// <summary>The site-relative address a notification opens.</summary>
    public static string Link(NotificationKind kind, long threadId, long? postId, long? caseId) =>
        kind == NotificationKind.ThreadHidden ? "/about#house-rules" : caseId is { } c ? $"/cases/{c}" : postId is { } p ? $"/threads/{threadId}#post-{p}" : $"/threads/{threadId}";

    /// <summary>Moderators' actions are signed by the role, not the person.</summary>
    public static bool ByModerator(NotificationKind kind) => kind is NotificationKind.PostHidden or NotificationKind.ThreadHidden or NotificationKind.CaseHidden
        or NotificationKind.CasePublished or NotificationKind.CaseChangesRequested or NotificationKind.CaseRejected;

    /// <summary>The verb between the actor and the title: "Ann" + "answered your question" + "Title".</summary>
    public static string Describe(NotificationKind kind, IStringLocalizer<Strings> L) => kind switch
    {
        NotificationKind.AnswerToMyQuestion => L["answered your question"],
        NotificationKind.ReplyToMyThread => L["replied to your thread"],
        NotificationKind.Mention => L["mentioned you in"],
        NotificationKind.FollowedActivity => L["posted in a thread you follow:"],
        NotificationKind.PostHidden => L["hid your post, and said why, in"],
        NotificationKind.CasePublished => L["published your case"],
        NotificationKind.CaseChangesRequested => L["asked for changes to your case"],
        NotificationKind.CaseRejected => L["did not publish your case, and said why:"],
        NotificationKind.CaseReplicated => L["started replicating your case"],
        NotificationKind.ThreadHidden => L["hid your thread under the house rules:"],
        NotificationKind.CaseHidden => L["hid your case, and said why on it:"],
        NotificationKind.ActionItemAssigned => L["gave you an action item:"],
        _ => L["accepted your answer to"],
    };
}
