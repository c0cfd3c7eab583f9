using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Live;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Rooms;

/// <summary>
/// The one mapper from stored posts to what pages, the API and the hub show, with the actions the viewer may take
/// (from the access gate). Hidden and deleted posts keep their place but not their words.
/// </summary>
public sealed class PostViews(IDbContextFactory<AppDbContext> dbFactory, AccessGate access, IStringLocalizer<Strings> L)
{
    public static PostAuthor AuthorOf(Viewer viewer) =>
        new(viewer.MemberId!, viewer.DisplayName, viewer.OrganisationName, viewer.Role?.ToString(), viewer.IsPendingBuyer ? nameof(RoleStatus.Pending) : null);

    /// <summary>The author's name and whether they are a Buyer still waiting for approval, as they are now.</summary>
    public sealed record AuthorNow(string Name, bool PendingBuyer)
    {
        public static AuthorNow Gone { get; } = new("", false);
    }

    public static string? PendingLabel(bool pendingBuyer) => pendingBuyer ? nameof(RoleStatus.Pending) : null;

    public PostView ToView(Post p, AuthorNow author, DiscussionThread thread, int revisions, Viewer viewer)
    {
        var acceptedPostId = thread.AcceptedPostId;
        var hidden = p.HiddenAt is not null;
        var deleted = p.DeletedAt is not null;
        // A hidden post stays readable to its author (with the reason) and to moderators (who may restore it).
        var seesHidden = hidden && !deleted && (p.AuthorId == viewer.MemberId || AccessGate.CanModerate(viewer));
        var html = deleted ? $"<p><em>{L["This post was deleted by its author."]}</em></p>"
            : hidden && !seesHidden ? $"<p><em>{L["This post was hidden by a moderator."]}</em></p>"
            : p.BodyHtml;
        var gone = (hidden && !seesHidden) || deleted;
        var actions = hidden && !deleted && AccessGate.CanModerate(viewer)
            ? PostActions.None with { Restore = true }
            : ActionsFor(viewer, thread.Kind, thread.AuthorId, p.AuthorId, p.IsOpening, gone: hidden || deleted,
                accepted: acceptedPostId == p.Id, validated: p.BuyerValidatedAt is not null);
        return new PostView(p.Id, p.ThreadId, html, new PostAuthor(p.AuthorId, author.Name, p.OrganisationName, p.AuthorRole?.ToString(), PendingLabel(author.PendingBuyer)),
            p.CreatedAt, p.EditedAt, p.IsOpening, deleted, hidden, acceptedPostId == p.Id, p.BuyerValidatedAt is not null,
            gone ? null : p.MentionsOwnOffering, gone ? 0 : revisions, actions,
            seesHidden ? p.HiddenReason ?? "" : null);
    }

    /// <summary>A post that just arrived on the bus, as a page shows it to this viewer.</summary>
    public static PostView ForLive(PostCreated created, Viewer viewer, ThreadKind kind, string threadAuthorId) =>
        new(created.PostId, created.ThreadId, created.BodyHtml, created.Author, created.CreatedAt, null, false, false, false, false, false,
            created.MentionsOwnOffering, 0, ActionsFor(viewer, kind, threadAuthorId, created.Author.Id, opening: false, gone: false, accepted: false, validated: false));

    /// <summary>The viewer's own reply, shown at once (the bus brings the same post; pages show it once).</summary>
    public static PostView ForOwn(CreatedPost created, Viewer viewer, ThreadKind kind, string threadAuthorId) =>
        ForLive(new PostCreated(created.ThreadId, created.RoomId, created.Id, created.BodyHtml, created.Author, created.CreatedAt, created.MentionsOwnOffering),
            viewer, kind, threadAuthorId);

    private static PostActions ActionsFor(Viewer viewer, ThreadKind kind, string threadAuthorId, string postAuthorId, bool opening, bool gone, bool accepted, bool validated)
    {
        if (gone || !viewer.IsSignedIn) return PostActions.None;
        var mine = postAuthorId == viewer.MemberId;
        return new PostActions(
            Edit: mine,
            Delete: mine,
            Accept: AccessGate.CanAccept(viewer, kind, threadAuthorId) && !opening && !accepted && !mine,
            Validate: AccessGate.CanValidateAnswers(viewer) && !opening && !validated && !mine,
            Hide: AccessGate.CanModerate(viewer),
            Unaccept: AccessGate.CanAccept(viewer, kind, threadAuthorId) && accepted,
            Flag: !mine && !AccessGate.CanModerate(viewer));
    }

    public async Task<ServiceResult<PostView>> PostViewAsync(Viewer viewer, DiscussionThread thread, Post post, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var name = await db.Users.Where(u => u.Id == post.AuthorId)
            .Select(u => new AuthorNow(u.DisplayName, u.Role == CommunityRole.Buyer && u.RoleStatus == RoleStatus.Pending)).FirstOrDefaultAsync(ct) ?? AuthorNow.Gone;
        var revisions = await db.PostRevisions.CountAsync(r => r.PostId == post.Id, ct);
        return ServiceResult<PostView>.Ok(ToView(post, name, thread, revisions, viewer));
    }

    public ThreadPermissions PermissionsFor(Viewer viewer, RoomSummary room, DiscussionThread thread)
    {
        var blocked = access.WriteBlockedReason(viewer)
            ?? (thread.IsLocked ? L["This thread is locked."].Value : null);
        return new ThreadPermissions(
            CanReply: blocked is null,
            CanAccept: AccessGate.CanAccept(viewer, thread.Kind, thread.AuthorId),
            CanValidate: AccessGate.CanValidateAnswers(viewer),
            CanModerate: AccessGate.CanModerate(viewer),
            MustDiscloseOffering: AccessGate.MustDiscloseOffering(viewer),
            ReplyBlockedReason: blocked);
    }

    /// <summary>Posts in id order, except that the accepted answer comes right after the question.</summary>
    public static List<PostView> InDisplayOrder(IEnumerable<PostView> posts, long? acceptedPostId)
    {
        var ordered = posts.OrderBy(p => p.Id).ToList();
        if (acceptedPostId is { } accepted && ordered.FindIndex(p => p.Id == accepted) is var i and > 1)
        {
            var answer = ordered[i];
            ordered.RemoveAt(i);
            ordered.Insert(ordered[0].IsOpening ? 1 : 0, answer);
        }
        return ordered;
    }
}
