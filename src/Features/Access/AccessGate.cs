using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Access;

/// <summary>
/// Who may see and do what, for every feature: the one place the audience rule and the action rules are written.
/// Pages, the API, the hub, search, mentions, notifications and exports ask here; none of them decides on its own.
/// A change to a member's access is published once as <see cref="Live.AccessChanged"/>; the viewers this gate
/// reads through <see cref="MemberService"/> are dropped on that event, so rights are current without a database
/// read per message.
/// </summary>
public sealed class AccessGate(MemberService members, IStringLocalizer<Strings> L)
{
    // ---------- the audience rule ----------

    /// <summary>May this viewer know that a room with this audience exists (its title in a list)?</summary>
    public static bool CanList(Viewer viewer, RoomAudience audience) => audience switch
    {
        RoomAudience.Open or RoomAudience.MarketDialogue => true,
        RoomAudience.BuyersOnly => viewer.IsStaff || viewer.IsGrantedBuyer,
        _ => false,
    };

    /// <summary>May this viewer read and follow what happens in a room with this audience?</summary>
    public static bool CanEnter(Viewer viewer, RoomAudience audience) => viewer.IsSignedIn && CanList(viewer, audience);

    /// <summary>The audiences this viewer may enter, for filtering queries in the database.</summary>
    public static IReadOnlyList<RoomAudience> EnterableAudiences(Viewer viewer) =>
        Enum.GetValues<RoomAudience>().Where(a => CanEnter(viewer, a)).ToArray();

    public static IReadOnlyList<RoomAudience> ListableAudiences(Viewer viewer) =>
        Enum.GetValues<RoomAudience>().Where(a => CanList(viewer, a)).ToArray();

    /// <summary>
    /// May this member still receive news from a room with this audience? For live delivery to pages and hub
    /// connections that were opened earlier: their rights may have changed since.
    /// </summary>
    public async ValueTask<bool> MayStillEnterAsync(string memberId, RoomAudience audience, CancellationToken ct = default) =>
        audience != RoomAudience.BuyersOnly
        || (await members.GetViewerByIdAsync(memberId, ct) is { } current && CanEnter(current, audience));

    // ---------- what a viewer may do ----------

    /// <summary>Why this viewer cannot post anywhere, or null when they can.</summary>
    public string? WriteBlockedReason(Viewer viewer) =>
        !viewer.IsSignedIn ? L["Sign in to take part."].Value
        : SuspendedReason(viewer) is { } suspended ? suspended
        : !viewer.HasDisplayName || (viewer.Role is null && !viewer.IsStaff) ? L["Complete your profile before you post: members see who you are and which organisation you speak for."].Value
        : null;

    /// <summary>The thread kinds this viewer may start in a room: suppliers share practices, and answer (not ask) in market dialogue.</summary>
    public static IReadOnlyList<ThreadKind> StartableKinds(Viewer viewer, RoomAudience audience) =>
        !viewer.IsSupplier ? Enum.GetValues<ThreadKind>()
        : audience == RoomAudience.MarketDialogue ? []
        : [ThreadKind.PracticeShare];

    /// <summary>Why this viewer may not start a thread in a room with this audience, or null when they may.</summary>
    public string? StartBlockedReason(Viewer viewer, RoomAudience audience) =>
        WriteBlockedReason(viewer)
        ?? (StartableKinds(viewer, audience).Count > 0 ? null
            : L["In market dialogue, buyers ask and suppliers answer: open a buyer's question to answer it. Every supplier sees the same record."].Value);

    /// <summary>A supplier says whether a post mentions their own product or service.</summary>
    public static bool MustDiscloseOffering(Viewer viewer) => viewer.IsSupplier;

    /// <summary>Granted buyers and staff download the market-dialogue record for a tender file.</summary>
    public static bool CanExportMarketDialogue(Viewer viewer, RoomAudience audience) =>
        audience == RoomAudience.MarketDialogue && (viewer.IsStaff || viewer.IsGrantedBuyer);

    /// <summary>Staff, or a granted buyer who applied the advice, mark an answer buyer-validated.</summary>
    public static bool CanValidateAnswers(Viewer viewer) => viewer.IsStaff || viewer.IsGrantedBuyer;

    public static bool CanModerate(Viewer viewer) => viewer.IsStaff;

    /// <summary>The asker accepts an answer to their practice question (never their own reply).</summary>
    public static bool CanAccept(Viewer viewer, ThreadKind kind, string threadAuthorId) =>
        kind == ThreadKind.PracticeQuestion && threadAuthorId == viewer.MemberId;

    // ---------- sessions ----------

    /// <summary>
    /// May this viewer see a session (and register for it)? Everyone: every signed-in member. Buyers only: those who
    /// may enter buyers-only rooms. Buyers and invited suppliers: those, and the members invited or presenting.
    /// A session a viewer may not see does not exist for them, on every path.
    /// </summary>
    public static bool CanSeeSession(Viewer viewer, SessionAudience audience, IReadOnlyCollection<string> invitedIds, IReadOnlyCollection<string> presenterIds) =>
        viewer.IsSignedIn && (audience switch
        {
            SessionAudience.Everyone => true,
            SessionAudience.BuyersOnly => CanEnter(viewer, RoomAudience.BuyersOnly) || presenterIds.Contains(viewer.MemberId!),
            SessionAudience.BuyersAndInvitedSuppliers => CanEnter(viewer, RoomAudience.BuyersOnly)
                || invitedIds.Contains(viewer.MemberId!) || presenterIds.Contains(viewer.MemberId!),
            _ => false,
        });

    /// <summary>The session audiences a viewer sees without an invitation, for filtering queries in the database.</summary>
    public static IReadOnlyList<SessionAudience> SessionAudiencesWithoutInvitation(Viewer viewer) =>
        !viewer.IsSignedIn ? [] : CanEnter(viewer, RoomAudience.BuyersOnly) ? Enum.GetValues<SessionAudience>() : [SessionAudience.Everyone];

    /// <summary>Moderators schedule, change, cancel, run and harvest sessions.</summary>
    public static bool CanRunSessions(Viewer viewer) => viewer.IsStaff;

    // ---------- suspension ----------

    /// <summary>
    /// What a suspended member is told on every path they try (page, API, hub), or null when they are not suspended.
    /// A suspended member reads their notice and nothing else: <c>Moderation/SuspensionGate</c> asks here for every
    /// request, the hub filter for every call, and open circuits and hub connections are closed when it starts.
    /// </summary>
    public string? SuspendedReason(Viewer viewer) => viewer.Suspension is not { } s ? null
        : s.Until is { } until
            ? L["Your account is suspended until {0:d MMMM yyyy, HH:mm} UTC. Reason: {1}", until.UtcDateTime, s.Reason].Value
            : L["Your account is suspended until a moderator lifts it. Reason: {0}", s.Reason].Value;

    /// <summary>Moderators suspend members; not themselves, and not other staff (an admin changes staff roles instead).</summary>
    public static bool CanSuspend(Viewer moderator, Viewer member) =>
        moderator.IsStaff && moderator.MemberId != member.MemberId && !member.IsStaff;

    // ---------- cases ----------

    /// <summary>
    /// May this viewer see a case? Published cases: every signed-in member. Drafts, cases under review or sent back,
    /// rejected ones and hidden ones: their owner and moderators only. Threads a case cites keep their rooms' audience rule.
    /// </summary>
    public static bool CanSeeCase(Viewer viewer, CaseStatus status, string ownerId, bool hidden) =>
        viewer.IsSignedIn && ((status == CaseStatus.Published && !hidden) || viewer.MemberId == ownerId || viewer.IsStaff);

    /// <summary>Buyers, suppliers and facilitators with a complete profile propose cases; null when this viewer may.</summary>
    public string? ProposeCaseBlockedReason(Viewer viewer) => WriteBlockedReason(viewer);

    /// <summary>The owner edits a draft or a case sent back for changes.</summary>
    public static bool CanEditCase(Viewer viewer, CaseStatus status, string ownerId) =>
        viewer.MemberId == ownerId && status is CaseStatus.Draft or CaseStatus.ChangesRequested;

    /// <summary>Moderators publish, send back and reject cases, and import them from CSV.</summary>
    public static bool CanReviewCases(Viewer viewer) => viewer.IsStaff;

    /// <summary>Buyers (granted) replicate a published case in their own organisation.</summary>
    public static bool CanReplicate(Viewer viewer, CaseStatus status) => status == CaseStatus.Published && viewer.IsGrantedBuyer;
}
