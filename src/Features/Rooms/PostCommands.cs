using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Live;
using PracticeCommunity.Features.Markdown;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Features.Notifications;
using PracticeCommunity.Features.Security;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Rooms;

/// <summary>
/// Starting threads and writing, editing, deleting and hiding posts: validation, limits, rendering, storage,
/// then one event on the bus after the commit and the notifications it causes.
/// </summary>
public sealed partial class PostCommands(
    IDbContextFactory<AppDbContext> dbFactory,
    RoomService rooms,
    MemberService members,
    MarkdownRenderer markdown,
    NotificationService notifications,
    IEventBus bus,
    TimeProvider time,
    ActionLimits limits,
    AccessGate access,
    ThreadLookup lookup,
    PostViews views,
    Moderation.AuditLog audit,
    IStringLocalizer<Strings> L,
    ILogger<PostCommands> logger)
{
    public Task<ServiceResult<CreatedThread>> CreateThreadAsync(Viewer viewer, string roomIdOrSlug, NewThreadInput input, CancellationToken ct = default) =>
        CreateThreadAsync(viewer, roomIdOrSlug, input, countsAgainstLimits: true, ct);

    /// <summary>
    /// Starts a thread. A session's harvest opens one follow-up thread per action item at once: those do not count
    /// against the moderator's posting limit (<paramref name="countsAgainstLimits"/> false); everything else is checked.
    /// </summary>
    public async Task<ServiceResult<CreatedThread>> CreateThreadAsync(Viewer viewer, string roomIdOrSlug, NewThreadInput input, bool countsAgainstLimits, CancellationToken ct)
    {
        var room = await rooms.FindRoomAsync(viewer, roomIdOrSlug, ct);
        if (room is null) return ServiceResult<CreatedThread>.NotFound();
        if (access.WriteBlockedReason(viewer) is { } why) return ServiceResult<CreatedThread>.Forbidden(why);

        var errors = new FieldErrors();
        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0) errors.Add("title", L["Give the thread a title."]);
        else if (title.Length > Limits.ThreadTitle) errors.Add("title", L["The title can be at most {0} characters (it has {1}).", Limits.ThreadTitle, title.Length]);
        else if (TextRules.HasInvisibleOrControl(title)) errors.Add("title", L["The title cannot contain control or invisible formatting characters (such as right-to-left overrides or zero-width spaces)."]);
        ValidateBody(input.Body, errors);
        var kind = EnumNames.Parse<ThreadKind>(input.Kind);
        if (kind is null) errors.Add("kind", L["Choose a kind: PracticeQuestion, PracticeShare, CaseProposal or SessionFollowUp."]);
        var tags = new List<string>();
        // Past the limit there is nothing more to learn from each tag; one message says so.
        foreach (var raw in (input.Tags ?? []).Take(Limits.TagsPerThread + 1))
        {
            if (ThreadTags.Normalise(raw) is { } tag) { if (!tags.Contains(tag)) tags.Add(tag); }
            else errors.Add("tags", L["Unknown tag \"{0}\": use product:<group>, country:<code> or procedure:<type>.", Truncate(raw ?? "", 60)]);
        }
        if ((input.Tags?.Count ?? 0) > Limits.TagsPerThread) errors.Add("tags", L["A thread can have at most {0} tags.", Limits.TagsPerThread]);
        var startable = AccessGate.StartableKinds(viewer, room.Audience);
        if (startable.Count == 0) return ServiceResult<CreatedThread>.Forbidden(L["In market-dialogue rooms buyers ask and suppliers answer: reply to a buyer's thread instead."]);
        if (kind is not null && !startable.Contains(kind.Value)) errors.Add("kind", L["Suppliers start practice shares; questions are asked by buyers."]);
        if (AccessGate.MustDiscloseOffering(viewer) && input.MentionsOwnOffering is null) errors.Add("mentionsOwnOffering", L["Say whether this mentions your own product or service."]);
        if (errors.Any) return errors.ToResult<CreatedThread>();

        var now = time.GetUtcNow();
        if (countsAgainstLimits && limits.TryPost(viewer.MemberId!, viewer.MemberSince, now, newThread: true) is { Allowed: false } tooFast)
            return ServiceResult<CreatedThread>.RateLimited(tooFast.RetryAfter, L["You have started several threads in a short time. Wait {0} seconds and try again; your text is kept.", tooFast.RetryAfterSeconds]);
        var body = input.Body!;
        var (html, mentioned) = await RenderAsync(body, room.Audience, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var thread = new DiscussionThread
        {
            RoomId = room.Id, Title = title, Kind = kind!.Value, Tags = tags, AuthorId = viewer.MemberId!,
            CreatedAt = now, LastActivityAt = now,
        };
        var post = NewPost(viewer, body, html, AccessGate.MustDiscloseOffering(viewer) ? input.MentionsOwnOffering : null, now);
        post.IsOpening = true;
        post.Thread = thread;
        db.Posts.Add(post);
        await db.SaveChangesAsync(ct);
        thread.LastPostId = post.Id;
        await ReadMarks.RecordVisitAsync(db, viewer.MemberId!, thread.Id, post.Id, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        LogThreadCreated(thread.Id, room.Id, viewer.MemberId!);

        var author = PostViews.AuthorOf(viewer);
        var created = new CreatedPost(post.Id, thread.Id, room.Id, html, now, author, post.MentionsOwnOffering);
        await bus.PublishAsync(new ThreadCreated(room.Id, thread.Id, title, thread.Kind) { Audience = room.Audience }, ct);
        await bus.PublishAsync(new PostCreated(thread.Id, room.Id, post.Id, html, author, now, post.MentionsOwnOffering) { Audience = room.Audience }, ct);
        await notifications.NotifyNewPostAsync(viewer, thread.Id, title, post.Id, threadAuthorId: null, thread.Kind, mentioned, ct);
        return ServiceResult<CreatedThread>.Ok(new CreatedThread(thread.Id, room.Id, title, thread.Kind, tags, now, created));
    }

    public async Task<ServiceResult<CreatedPost>> CreatePostAsync(Viewer viewer, long threadId, NewPostInput input, CancellationToken ct = default)
    {
        var (thread, room) = await lookup.FindVisibleThreadAsync(viewer, threadId, ct);
        if (thread is null || room is null) return ServiceResult<CreatedPost>.NotFound();
        if (views.PermissionsFor(viewer, room, thread).ReplyBlockedReason is { } why) return ServiceResult<CreatedPost>.Forbidden(why);

        var errors = new FieldErrors();
        ValidateBody(input.Body, errors);
        if (AccessGate.MustDiscloseOffering(viewer) && input.MentionsOwnOffering is null)
            errors.Add("mentionsOwnOffering", L["Say whether this mentions your own product or service."]);
        if (errors.Any) return errors.ToResult<CreatedPost>();

        var now = time.GetUtcNow();
        if (limits.TryPost(viewer.MemberId!, viewer.MemberSince, now, newThread: false) is { Allowed: false } tooFast)
            return ServiceResult<CreatedPost>.RateLimited(tooFast.RetryAfter, L["You are posting quickly. Wait {0} seconds and send again; your text is kept.", tooFast.RetryAfterSeconds]);
        var (html, mentioned) = await RenderAsync(input.Body!, room.Audience, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var post = NewPost(viewer, input.Body!, html, AccessGate.MustDiscloseOffering(viewer) ? input.MentionsOwnOffering : null, now);
        post.ThreadId = thread.Id;
        db.Posts.Add(post);
        await db.SaveChangesAsync(ct);
        // Counters move in one statement so concurrent replies never lose an increment.
        await db.Threads.Where(t => t.Id == thread.Id).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.ReplyCount, t => t.ReplyCount + 1)
            .SetProperty(t => t.LastActivityAt, now)
            .SetProperty(t => t.LastPostId, t => t.LastPostId > post.Id ? t.LastPostId : post.Id), ct);
        // What I wrote myself is not news to me.
        await ReadMarks.RecordVisitAsync(db, viewer.MemberId!, thread.Id, post.Id, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        var author = PostViews.AuthorOf(viewer);
        var created = new CreatedPost(post.Id, thread.Id, room.Id, html, now, author, post.MentionsOwnOffering);
        await bus.PublishAsync(new PostCreated(thread.Id, room.Id, post.Id, html, author, now, post.MentionsOwnOffering) { Audience = room.Audience }, ct);
        await notifications.NotifyNewPostAsync(viewer, thread.Id, thread.Title, post.Id, thread.AuthorId, thread.Kind, mentioned, ct);
        return ServiceResult<CreatedPost>.Ok(created);
    }

    public async Task<ServiceResult<PostView>> EditPostAsync(Viewer viewer, long threadId, long postId, EditPostInput input, CancellationToken ct = default)
    {
        var (post, thread, room) = await lookup.FindVisiblePostAsync(viewer, threadId, postId, ct);
        if (post is null || thread is null || room is null || post.HiddenAt is not null) return ServiceResult<PostView>.NotFound();
        if (post.AuthorId != viewer.MemberId) return ServiceResult<PostView>.Forbidden(L["You can only edit your own posts."]);
        if (post.DeletedAt is not null) return ServiceResult<PostView>.Conflict(L["A deleted post cannot be edited."]);
        if (thread.IsLocked) return ServiceResult<PostView>.Forbidden(L["This thread is locked."]);
        var errors = new FieldErrors();
        ValidateBody(input.Body, errors);
        if (errors.Any) return ServiceResult<PostView>.Invalid(errors.ToDictionary());
        if (input.Body == post.BodyMarkdown) return await views.PostViewAsync(viewer, thread, post, ct);

        var now = time.GetUtcNow();
        var (html, _) = await RenderAsync(input.Body!, room.Audience, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.PostRevisions.Add(new PostRevision { PostId = post.Id, BodyMarkdown = post.BodyMarkdown, BodyHtml = post.BodyHtml, CreatedAt = post.EditedAt ?? post.CreatedAt });
        await db.Posts.Where(p => p.Id == post.Id).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.BodyMarkdown, input.Body!)
            .SetProperty(p => p.BodyText, MarkdownRenderer.ToPlainText(input.Body!))
            .SetProperty(p => p.BodyHtml, html)
            .SetProperty(p => p.EditedAt, now), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        post.BodyMarkdown = input.Body!;
        post.BodyHtml = html;
        post.EditedAt = now;
        await bus.PublishAsync(new PostEdited(thread.Id, post.Id, html, now) { Audience = room.Audience }, ct);
        return await views.PostViewAsync(viewer, thread, post, ct);
    }

    /// <summary>The author deletes their post: it shows as deleted, replies keep their place.</summary>
    public async Task<ServiceResult<bool>> DeletePostAsync(Viewer viewer, long threadId, long postId, CancellationToken ct = default)
    {
        var (post, thread, room) = await lookup.FindVisiblePostAsync(viewer, threadId, postId, ct);
        if (post is null || thread is null || room is null || post.HiddenAt is not null) return ServiceResult<bool>.NotFound();
        if (post.AuthorId != viewer.MemberId) return ServiceResult<bool>.Forbidden(L["You can only delete your own posts."]);
        if (post.DeletedAt is not null) return ServiceResult<bool>.Ok(true);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        // Conditional, so two deletes at once retract the post from its thread once.
        if (await db.Posts.Where(p => p.Id == postId && p.DeletedAt == null).ExecuteUpdateAsync(s => s.SetProperty(p => p.DeletedAt, now), ct) == 1)
            await RetractFromThreadAsync(db, post, ct);
        await bus.PublishAsync(new PostDeleted(threadId, postId) { Audience = room.Audience }, ct);
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>
    /// A moderator hides a post from everyone, with a reason its author sees on the post and in a notification.
    /// Moderators keep seeing it, and can restore it.
    /// </summary>
    public async Task<ServiceResult<bool>> HidePostAsync(Viewer viewer, long threadId, long postId, HidePostInput input, CancellationToken ct = default)
    {
        var (post, thread, room) = await lookup.FindVisiblePostAsync(viewer, threadId, postId, ct);
        if (post is null || thread is null || room is null) return ServiceResult<bool>.NotFound();
        if (!AccessGate.CanModerate(viewer)) return ServiceResult<bool>.Forbidden(L["Only moderators can hide posts."]);
        var reason = input.Reason?.Trim() ?? "";
        var errors = new FieldErrors();
        if (reason.Length == 0) errors.Add("reason", L["Say why you hide this post: its author will read it."]);
        else if (reason.Length > Limits.HideReason) errors.Add("reason", L["A reason can be at most {0} characters (this one has {1}).", Limits.HideReason, reason.Length]);
        else if (TextRules.HasInvisibleOrControl(reason)) errors.Add("reason", L["The reason cannot contain control or invisible formatting characters."]);
        if (errors.Any) return errors.ToResult<bool>();
        if (post.HiddenAt is not null) return ServiceResult<bool>.Ok(true);
        if (await HideAsync(viewer, thread, room, post, reason, ct))
            await audit.RecordAsync(viewer, "post.hide", "Post", postId, reason, new { hidden = false }, new { hidden = true, threadId }, ct);
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>
    /// Hides a post with a reason its author reads (a moderator's hide, or one by flags), or gives a hidden post a
    /// moderator's reason in place of the flags' one. False when nothing changed. The caller has checked the rights.
    /// </summary>
    internal async Task<bool> HideAsync(Viewer actor, DiscussionThread thread, RoomSummary room, Post post, string reason, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        if (post.HiddenAt is not null)
        {
            var changed = await db.Posts.Where(p => p.Id == post.Id && p.HiddenAt != null && p.HiddenReason != reason)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.HiddenById, actor.MemberId).SetProperty(p => p.HiddenReason, reason), ct);
            if (changed > 0) await notifications.NotifyPostHiddenAsync(actor, thread.Id, thread.Title, post.AuthorId, post.Id, ct);
            return changed > 0;
        }
        var hidden = await db.Posts.Where(p => p.Id == post.Id && p.HiddenAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.HiddenAt, now).SetProperty(p => p.HiddenById, actor.MemberId).SetProperty(p => p.HiddenReason, reason), ct);
        if (hidden == 0) return false;
        // A deleted post left its thread already.
        if (post.DeletedAt is null) await RetractFromThreadAsync(db, post, ct);
        LogPostHidden(post.Id, actor.MemberId!);
        await bus.PublishAsync(new PostHidden(thread.Id, post.Id) { Audience = room.Audience }, ct);
        await notifications.NotifyPostHiddenAsync(actor, thread.Id, thread.Title, post.AuthorId, post.Id, ct);
        return true;
    }

    /// <summary>A moderator takes a hide back: the post is shown again and counts for its thread again.</summary>
    public async Task<ServiceResult<bool>> RestorePostAsync(Viewer viewer, long threadId, long postId, CancellationToken ct = default)
    {
        var (post, thread, room) = await lookup.FindVisiblePostAsync(viewer, threadId, postId, ct);
        if (post is null || thread is null || room is null) return ServiceResult<bool>.NotFound();
        if (!AccessGate.CanModerate(viewer)) return ServiceResult<bool>.Forbidden(L["Only moderators can restore hidden posts."]);
        if (post.HiddenAt is null) return ServiceResult<bool>.Ok(true);
        if (await RestoreAsync(viewer, room, post, ct))
            await audit.RecordAsync(viewer, "post.restore", "Post", postId, null, new { hidden = true, reason = post.HiddenReason }, new { hidden = false, threadId }, ct);
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>Shows a hidden post again; false when it was not hidden. The caller has checked the rights.</summary>
    internal async Task<bool> RestoreAsync(Viewer viewer, RoomSummary room, Post post, CancellationToken ct)
    {
        var (threadId, postId) = (post.ThreadId, post.Id);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var restored = await db.Posts.Where(p => p.Id == postId && p.HiddenAt != null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.HiddenAt, (DateTimeOffset?)null).SetProperty(p => p.HiddenById, (string?)null).SetProperty(p => p.HiddenReason, (string?)null), ct);
        if (restored == 0) return false;
        if (post.DeletedAt is null && !post.IsOpening)
            await db.Threads.Where(t => t.Id == post.ThreadId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ReplyCount, t => t.ReplyCount + 1), ct);
        LogPostRestored(postId, viewer.MemberId!);
        await bus.PublishAsync(new PostStateChanged(threadId, postId) { Audience = room.Audience }, ct);
        return true;
    }

    /// <summary>
    /// A post that is deleted or hidden no longer counts for its thread: one reply fewer (so a question whose only
    /// answer went is unanswered again), and no longer its accepted answer.
    /// </summary>
    private static async Task RetractFromThreadAsync(AppDbContext db, Post post, CancellationToken ct)
    {
        var (postId, replies) = (post.Id, post.IsOpening ? 0 : 1);
        await db.Threads.Where(t => t.Id == post.ThreadId).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.ReplyCount, t => t.ReplyCount > replies ? t.ReplyCount - replies : 0)
            .SetProperty(t => t.AcceptedPostId, t => t.AcceptedPostId == postId ? null : t.AcceptedPostId), ct);
    }

    private void ValidateBody(string? body, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(body)) errors.Add("body", L["Write something first."]);
        else if (body.Length > Limits.PostBody) errors.Add("body", L["A post can be at most {0} characters (this one has {1}).", Limits.PostBody, body.Length]);
    }

    private async Task<(string Html, IReadOnlyDictionary<string, string> Mentioned)> RenderAsync(string body, RoomAudience audience, CancellationToken ct)
    {
        var candidates = Mentions.Candidates(body);
        var mentioned = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (candidates.Count > 0)
        {
            // Only members who may see the room can be mentioned into it: a supplier is never pulled into buyers-only content.
            var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var candidate in await members.FindByDisplayNamesAsync(candidates, ct))
            {
                if (AccessGate.CanEnter(candidate.Viewer, audience)) found.TryAdd(candidate.Viewer.DisplayName, candidate.Viewer.MemberId!);
            }
            foreach (var name in Mentions.Resolve(body, found.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase)))
            {
                mentioned.TryAdd(name, found[name]);
            }
        }
        var html = markdown.ToSafeHtml(body);
        return (mentioned.Count == 0 ? html : markdown.Sanitize(Mentions.Highlight(html, mentioned)), mentioned);
    }

    private static Post NewPost(Viewer viewer, string body, string html, bool? mentionsOwnOffering, DateTimeOffset now) => new()
    {
        AuthorId = viewer.MemberId!,
        OrganisationName = viewer.OrganisationName,
        AuthorRole = viewer.Role,
        BodyMarkdown = body,
        BodyText = MarkdownRenderer.ToPlainText(body),
        BodyHtml = html,
        MentionsOwnOffering = mentionsOwnOffering,
        CreatedAt = now,
    };

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";

    [LoggerMessage(Level = LogLevel.Information, Message = "Thread {ThreadId} started in room {RoomId} by {MemberId}")]
    private partial void LogThreadCreated(long threadId, int roomId, string memberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Post {PostId} hidden by {ModeratorId}")]
    private partial void LogPostHidden(long postId, string moderatorId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Post {PostId} restored by {ModeratorId}")]
    private partial void LogPostRestored(long postId, string moderatorId);
}
