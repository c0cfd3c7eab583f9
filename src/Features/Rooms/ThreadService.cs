using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Live;
using PracticeCommunity.Features.Markdown;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Features.Notifications;
using PracticeCommunity.Features.Security;
using PracticeCommunity.Hosting;
using PracticeCommunity.Localization;

using PracticeCommunity.Features.Access;
namespace PracticeCommunity.Features.Rooms;

/// <summary>
/// Threads and posts: every rule about who may read, start, answer, edit, accept and validate lives here.
/// The Blazor pages, the JSON API and the hub all call these methods, so the rules hold on every path.
/// Events are published after the commit.
/// </summary>
public sealed partial class ThreadService(
    IDbContextFactory<AppDbContext> dbFactory,
    RoomService rooms,
    MemberService members,
    MarkdownRenderer markdown,
    NotificationService notifications,
    IEventBus bus,
    TimeProvider time,
    ActionLimits limits,
    AccessGate access,
    IStringLocalizer<Strings> L,
    ILogger<ThreadService> logger)
{
    public const int PageSize = 25;

    /// <summary>Posts shown per page of a long thread; older ones load on request.</summary>
    public const int PostPageSize = 100;

    // ---------- reading ----------

    public async Task<ServiceResult<ThreadListPage>> ListThreadsAsync(Viewer viewer, string roomIdOrSlug, ThreadFilter filter, CancellationToken ct = default)
    {
        var room = await rooms.FindRoomAsync(viewer, roomIdOrSlug, ct);
        if (room is null) return ServiceResult<ThreadListPage>.NotFound();
        var page = Math.Clamp(filter.Page, 1, 10_000);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Threads.AsNoTracking().Where(t => t.RoomId == room.Id && t.DeletedAt == null);
        if (filter.Kind is { } kind) q = q.Where(t => t.Kind == kind);
        if (ThreadTags.Normalise(filter.Tag) is { } tag) q = q.Where(t => t.Tags.Contains(tag));
        else if (!string.IsNullOrWhiteSpace(filter.Tag)) q = q.Where(t => false);
        if (filter.UnansweredOnly) q = q.Where(t => t.ReplyCount == 0 && t.AcceptedPostId == null);

        var total = await q.CountAsync(ct);
        var memberId = viewer.MemberId ?? "";
        var rows = await q.OrderByDescending(t => t.LastActivityAt).ThenByDescending(t => t.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(t => new
            {
                t.Id, t.RoomId, t.Title, t.Kind, t.Tags, t.AuthorId, AuthorName = t.Author!.DisplayName,
                Org = t.Author.Organisation == null ? null : t.Author.Organisation.Name, t.Author.Role, t.Author.RoleStatus,
                t.ReplyCount, t.AcceptedPostId, t.CreatedAt, t.LastActivityAt, t.LastPostId,
                LastRead = db.ThreadVisits.Where(v => v.MemberId == memberId && v.ThreadId == t.Id).Select(v => (long?)v.LastReadPostId).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var items = rows.Select(t => new ThreadListItem(t.Id, t.RoomId, t.Title, t.Kind, t.Tags,
                new PostAuthor(t.AuthorId, t.AuthorName, t.Org, t.Role?.ToString(), PendingLabel(t.Role == CommunityRole.Buyer && t.RoleStatus == RoleStatus.Pending)),
                t.ReplyCount, t.AcceptedPostId != null, t.CreatedAt, t.LastActivityAt,
                viewer.IsSignedIn && (t.LastRead ?? 0) < t.LastPostId))
            .ToList();
        return ServiceResult<ThreadListPage>.Ok(new ThreadListPage(items, page, PageSize, total));
    }

    /// <summary>
    /// A thread with its posts. <paramref name="afterPostId"/> returns only the tail (for catching up after a
    /// reconnect); otherwise the newest <see cref="PostPageSize"/> posts, or those before <paramref name="beforePostId"/>.
    /// </summary>
    public async Task<ServiceResult<ThreadDetail>> GetThreadAsync(Viewer viewer, long threadId, long? afterPostId = null, long? beforePostId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var thread = await db.Threads.AsNoTracking().Include(t => t.Author).ThenInclude(a => a!.Organisation)
            .FirstOrDefaultAsync(t => t.Id == threadId && t.DeletedAt == null, ct);
        if (thread is null) return ServiceResult<ThreadDetail>.NotFound();
        var room = await rooms.FindRoomAsync(viewer, thread.RoomId.ToString(), ct);
        if (room is null) return ServiceResult<ThreadDetail>.NotFound();

        var q = db.Posts.AsNoTracking().Where(p => p.ThreadId == threadId);
        List<Post> posts;
        if (afterPostId is { } after)
        {
            posts = await q.Where(p => p.Id > after).OrderBy(p => p.Id).Take(1000).ToListAsync(ct);
        }
        else
        {
            var window = beforePostId is { } before ? q.Where(p => p.Id < before) : q;
            posts = await window.OrderByDescending(p => p.Id).Take(PostPageSize).ToListAsync(ct);
            posts.Reverse();
        }
        var authorNames = await db.Users.AsNoTracking()
            .Where(u => posts.Select(p => p.AuthorId).Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => new AuthorNow(u.DisplayName, u.Role == CommunityRole.Buyer && u.RoleStatus == RoleStatus.Pending), ct);
        var postIds = posts.Select(p => p.Id).ToList();
        var revisionCounts = await db.PostRevisions.AsNoTracking().Where(r => postIds.Contains(r.PostId))
            .GroupBy(r => r.PostId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

        long? lastRead = viewer.MemberId is { } me
            ? await db.ThreadVisits.AsNoTracking().Where(v => v.MemberId == me && v.ThreadId == threadId).Select(v => (long?)v.LastReadPostId).FirstOrDefaultAsync(ct)
            : null;

        var views = posts.Select(p => ToView(p, authorNames.GetValueOrDefault(p.AuthorId, AuthorNow.Gone), thread.AcceptedPostId,
            revisionCounts.GetValueOrDefault(p.Id), viewer)).ToList();
        // The accepted answer is shown first after the question; the rest stay in order.
        if (thread.AcceptedPostId is { } accepted && views.FindIndex(v => v.Id == accepted) is var i and > 1)
        {
            var acceptedView = views[i];
            views.RemoveAt(i);
            views.Insert(views.Count > 0 && views[0].IsOpening ? 1 : 0, acceptedView);
        }

        var author = new PostAuthor(thread.AuthorId, thread.Author?.DisplayName ?? "", thread.Author?.Organisation?.Name, thread.Author?.Role?.ToString(),
            PendingLabel(thread.Author?.Role == CommunityRole.Buyer && thread.Author.RoleStatus == RoleStatus.Pending));
        return ServiceResult<ThreadDetail>.Ok(new ThreadDetail(thread.Id, room, thread.Title, thread.Kind, thread.Tags, author,
            thread.CreatedAt, thread.LastActivityAt, thread.AcceptedPostId, thread.IsLocked, thread.ReplyCount, views, lastRead,
            PermissionsFor(viewer, room, thread)));
    }

    public async Task<ServiceResult<IReadOnlyList<PostRevisionView>>> GetRevisionsAsync(Viewer viewer, long threadId, long postId, CancellationToken ct = default)
    {
        var (post, _, _) = await FindVisiblePostAsync(viewer, threadId, postId, ct);
        if (post is null || post.HiddenAt is not null || post.DeletedAt is not null) return ServiceResult<IReadOnlyList<PostRevisionView>>.NotFound();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var revisions = await db.PostRevisions.AsNoTracking().Where(r => r.PostId == postId).OrderByDescending(r => r.Id)
            .Select(r => new PostRevisionView(r.Id, r.BodyHtml, r.CreatedAt)).ToListAsync(ct);
        return ServiceResult<IReadOnlyList<PostRevisionView>>.Ok(revisions);
    }

    /// <summary>Remembers how far the member has read, for the unread divider and the room list's counts.</summary>
    public async Task MarkReadAsync(Viewer viewer, long threadId, long lastReadPostId, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } memberId) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RecordVisitAsync(db, memberId, threadId, lastReadPostId, ct);
        await db.SaveChangesAsync(ct);
    }

    private async Task RecordVisitAsync(AppDbContext db, string memberId, long threadId, long lastReadPostId, CancellationToken ct)
    {
        var visit = await db.ThreadVisits.FirstOrDefaultAsync(v => v.MemberId == memberId && v.ThreadId == threadId, ct);
        if (visit is null)
        {
            db.ThreadVisits.Add(new ThreadVisit { MemberId = memberId, ThreadId = threadId, LastReadPostId = lastReadPostId, VisitedAt = time.GetUtcNow() });
        }
        else if (visit.LastReadPostId < lastReadPostId)
        {
            visit.LastReadPostId = lastReadPostId;
            visit.VisitedAt = time.GetUtcNow();
        }
    }

    /// <summary>Per room, how many threads have posts the member has not read.</summary>
    public async Task<IReadOnlyDictionary<int, int>> UnreadThreadsPerRoomAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } memberId) return new Dictionary<int, int>();
        var audiences = AccessGate.EnterableAudiences(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var joined = await db.Users.Where(u => u.Id == memberId).Select(u => u.CreatedAt).FirstOrDefaultAsync(ct);
        return await db.Threads.AsNoTracking()
            .Where(t => t.DeletedAt == null && audiences.Contains(t.Room!.Audience) && !t.Room.IsArchived && t.LastActivityAt >= joined)
            .Where(t => !db.ThreadVisits.Any(v => v.MemberId == memberId && v.ThreadId == t.Id && v.LastReadPostId >= t.LastPostId))
            .GroupBy(t => t.RoomId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }

    // ---------- writing ----------

    public async Task<ServiceResult<CreatedThread>> CreateThreadAsync(Viewer viewer, string roomIdOrSlug, NewThreadInput input, CancellationToken ct = default)
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
        if (limits.TryPost(viewer.MemberId!, viewer.MemberSince, now, newThread: true) is { Allowed: false } tooFast)
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
        await RecordVisitAsync(db, viewer.MemberId!, thread.Id, post.Id, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        LogThreadCreated(thread.Id, room.Id, viewer.MemberId!);

        var author = AuthorOf(viewer);
        var created = new CreatedPost(post.Id, thread.Id, room.Id, html, now, author, post.MentionsOwnOffering);
        await bus.PublishAsync(new ThreadCreated(room.Id, thread.Id, title, thread.Kind) { Audience = room.Audience }, ct);
        await bus.PublishAsync(new PostCreated(thread.Id, room.Id, post.Id, html, author, now, post.MentionsOwnOffering) { Audience = room.Audience }, ct);
        await notifications.NotifyMentionsAsync(viewer, thread.Id, title, post.Id, mentioned, ct);
        return ServiceResult<CreatedThread>.Ok(new CreatedThread(thread.Id, room.Id, title, thread.Kind, tags, now, created));
    }

    public async Task<ServiceResult<CreatedPost>> CreatePostAsync(Viewer viewer, long threadId, NewPostInput input, CancellationToken ct = default)
    {
        var (thread, room) = await FindVisibleThreadAsync(viewer, threadId, ct);
        if (thread is null || room is null) return ServiceResult<CreatedPost>.NotFound();
        if (PermissionsFor(viewer, room, thread).ReplyBlockedReason is { } why) return ServiceResult<CreatedPost>.Forbidden(why);

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
        await RecordVisitAsync(db, viewer.MemberId!, thread.Id, post.Id, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        var author = AuthorOf(viewer);
        var created = new CreatedPost(post.Id, thread.Id, room.Id, html, now, author, post.MentionsOwnOffering);
        await bus.PublishAsync(new PostCreated(thread.Id, room.Id, post.Id, html, author, now, post.MentionsOwnOffering) { Audience = room.Audience }, ct);
        await notifications.NotifyReplyAsync(viewer, thread.Id, thread.Title, thread.AuthorId, thread.Kind, post.Id, ct);
        await notifications.NotifyMentionsAsync(viewer, thread.Id, thread.Title, post.Id, mentioned, ct);
        return ServiceResult<CreatedPost>.Ok(created);
    }

    public async Task<ServiceResult<PostView>> EditPostAsync(Viewer viewer, long threadId, long postId, EditPostInput input, CancellationToken ct = default)
    {
        var (post, thread, room) = await FindVisiblePostAsync(viewer, threadId, postId, ct);
        if (post is null || thread is null || room is null || post.HiddenAt is not null) return ServiceResult<PostView>.NotFound();
        if (post.AuthorId != viewer.MemberId) return ServiceResult<PostView>.Forbidden(L["You can only edit your own posts."]);
        if (post.DeletedAt is not null) return ServiceResult<PostView>.Conflict(L["A deleted post cannot be edited."]);
        if (thread.IsLocked) return ServiceResult<PostView>.Forbidden(L["This thread is locked."]);
        var errors = new FieldErrors();
        ValidateBody(input.Body, errors);
        if (errors.Any) return ServiceResult<PostView>.Invalid(errors.ToDictionary());
        if (input.Body == post.BodyMarkdown) return await PostViewAsync(viewer, thread, post, ct);

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
        return await PostViewAsync(viewer, thread, post, ct);
    }

    /// <summary>The author deletes their post: it shows as deleted, replies keep their place.</summary>
    public async Task<ServiceResult<bool>> DeletePostAsync(Viewer viewer, long threadId, long postId, CancellationToken ct = default)
    {
        var (post, thread, room) = await FindVisiblePostAsync(viewer, threadId, postId, ct);
        if (post is null || thread is null || room is null || post.HiddenAt is not null) return ServiceResult<bool>.NotFound();
        if (post.AuthorId != viewer.MemberId) return ServiceResult<bool>.Forbidden(L["You can only delete your own posts."]);
        if (post.DeletedAt is not null) return ServiceResult<bool>.Ok(true);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        await db.Posts.Where(p => p.Id == postId).ExecuteUpdateAsync(s => s.SetProperty(p => p.DeletedAt, now), ct);
        if (thread.AcceptedPostId == postId)
            await db.Threads.Where(t => t.Id == threadId).ExecuteUpdateAsync(s => s.SetProperty(t => t.AcceptedPostId, (long?)null), ct);
        await bus.PublishAsync(new PostDeleted(threadId, postId) { Audience = room.Audience }, ct);
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>A moderator hides a post from everyone (moderation).</summary>
    public async Task<ServiceResult<bool>> HidePostAsync(Viewer viewer, long threadId, long postId, CancellationToken ct = default)
    {
        var (post, thread, room) = await FindVisiblePostAsync(viewer, threadId, postId, ct);
        if (post is null || thread is null || room is null) return ServiceResult<bool>.NotFound();
        if (!AccessGate.CanModerate(viewer)) return ServiceResult<bool>.Forbidden(L["Only moderators can hide posts."]);
        if (post.HiddenAt is not null) return ServiceResult<bool>.Ok(true);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        await db.Posts.Where(p => p.Id == postId).ExecuteUpdateAsync(s => s.SetProperty(p => p.HiddenAt, now).SetProperty(p => p.HiddenById, viewer.MemberId), ct);
        if (thread.AcceptedPostId == postId)
            await db.Threads.Where(t => t.Id == threadId).ExecuteUpdateAsync(s => s.SetProperty(t => t.AcceptedPostId, (long?)null), ct);
        LogPostHidden(postId, viewer.MemberId!);
        await bus.PublishAsync(new PostHidden(threadId, postId) { Audience = room.Audience }, ct);
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>The asker accepts one answer to their practice question (accepting another replaces it).</summary>
    public async Task<ServiceResult<bool>> AcceptAnswerAsync(Viewer viewer, long threadId, long postId, CancellationToken ct = default)
    {
        var (post, thread, room) = await FindVisiblePostAsync(viewer, threadId, postId, ct);
        if (post is null || thread is null || room is null || post.HiddenAt is not null) return ServiceResult<bool>.NotFound();
        if (thread.AuthorId != viewer.MemberId) return ServiceResult<bool>.Forbidden(L["Only the member who asked can accept an answer."]);
        if (thread.Kind != ThreadKind.PracticeQuestion) return ServiceResult<bool>.Conflict(L["Only practice questions have an accepted answer."]);
        if (post.IsOpening) return ServiceResult<bool>.Conflict(L["The question itself cannot be its answer."]);
        if (post.AuthorId == viewer.MemberId) return ServiceResult<bool>.Conflict(L["Accept an answer from someone else; your own follow-up cannot be the answer."]);
        if (post.DeletedAt is not null) return ServiceResult<bool>.Conflict(L["A deleted post cannot be accepted."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Threads.Where(t => t.Id == threadId).ExecuteUpdateAsync(s => s.SetProperty(t => t.AcceptedPostId, postId), ct);
        await bus.PublishAsync(new PostStateChanged(threadId, postId) { Audience = room.Audience }, ct);
        if (thread.AcceptedPostId != postId)
        {
            await notifications.NotifyAnswerAcceptedAsync(viewer, threadId, thread.Title, post.AuthorId, postId, ct);
        }
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>
    /// A moderator, or a buyer who says they applied the advice, marks an answer buyer-validated.
    /// </summary>
    public async Task<ServiceResult<bool>> ValidateAnswerAsync(Viewer viewer, long threadId, long postId, bool appliedTheAdvice, CancellationToken ct = default)
    {
        var (post, thread, room) = await FindVisiblePostAsync(viewer, threadId, postId, ct);
        if (post is null || thread is null || room is null || post.HiddenAt is not null) return ServiceResult<bool>.NotFound();
        if (!AccessGate.CanValidateAnswers(viewer)) return ServiceResult<bool>.Forbidden(L["Only moderators and buyers can validate an answer."]);
        if (!viewer.IsStaff && !appliedTheAdvice) return ServiceResult<bool>.Invalid("applied", L["Confirm that you applied this advice in your own procurement."]);
        if (post.AuthorId == viewer.MemberId) return ServiceResult<bool>.Forbidden(L["You cannot validate your own answer."]);
        if (post.IsOpening || post.DeletedAt is not null) return ServiceResult<bool>.Conflict(L["Only answers can be validated."]);
        if (post.BuyerValidatedAt is not null) return ServiceResult<bool>.Ok(true);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        await db.Posts.Where(p => p.Id == postId).ExecuteUpdateAsync(s => s.SetProperty(p => p.BuyerValidatedAt, now).SetProperty(p => p.BuyerValidatedById, viewer.MemberId), ct);
        await bus.PublishAsync(new PostStateChanged(threadId, postId) { Audience = room.Audience }, ct);
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>Renders Markdown for the composer's live preview, exactly as it will be stored.</summary>
    public string Preview(string? body) => body is null ? "" : markdown.ToSafeHtml(body.Length > Limits.PostBody ? body[..Limits.PostBody] : body);

    /// <summary>Members who may see the room and whose name starts with the prefix, for @mention autocomplete.</summary>
    public async Task<IReadOnlyList<string>> SuggestMentionsAsync(Viewer viewer, long threadId, string prefix, CancellationToken ct = default)
    {
        var (thread, room) = await FindVisibleThreadAsync(viewer, threadId, ct);
        if (thread is null || room is null || prefix.Length > Limits.DisplayName) return [];
        var candidates = await members.FindByDisplayNamePrefixAsync(prefix.Trim(), 20, ct);
        return candidates.Where(c => AccessGate.CanEnter(c.Viewer, room.Audience) && c.Viewer.MemberId != viewer.MemberId)
            .Select(c => c.Viewer.DisplayName).Take(8).ToList();
    }

    /// <summary>The Markdown source of the viewer's own post, for editing.</summary>
    public async Task<string?> GetOwnMarkdownAsync(Viewer viewer, long threadId, long postId, CancellationToken ct = default)
    {
        var (post, _, _) = await FindVisiblePostAsync(viewer, threadId, postId, ct);
        return post is not null && post.AuthorId == viewer.MemberId && post.DeletedAt is null && post.HiddenAt is null ? post.BodyMarkdown : null;
    }

    /// <summary>The room of a thread the viewer may see; null when missing or hidden from them.</summary>
    public async Task<RoomSummary?> RoomOfVisibleThreadAsync(Viewer viewer, long threadId, CancellationToken ct = default) =>
        (await FindVisibleThreadAsync(viewer, threadId, ct)).Room;

    // ---------- helpers ----------

    private ThreadPermissions PermissionsFor(Viewer viewer, RoomSummary room, DiscussionThread thread)
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

    private void ValidateBody(string? body, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(body)) errors.Add("body", L["Write something first."]);
        else if (body.Length > Limits.PostBody) errors.Add("body", L["A post can be at most {0} characters (this one has {1}).", Limits.PostBody, body.Length]);
    }

    private async Task<(string Html, IReadOnlyDictionary<string, string> Mentioned)> RenderAsync(string body, RoomAudience audience, CancellationToken ct)
    {
        var names = Mentions.Names(body);
        var mentioned = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (names.Count > 0)
        {
            // Only members who may see the room can be mentioned into it: a supplier is never pulled into buyers-only content.
            foreach (var candidate in await members.FindByDisplayNamesAsync(names, ct))
            {
                if (AccessGate.CanEnter(candidate.Viewer, audience)) mentioned.TryAdd(candidate.Viewer.DisplayName, candidate.Viewer.MemberId!);
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

    private static PostAuthor AuthorOf(Viewer viewer) =>
        new(viewer.MemberId!, viewer.DisplayName, viewer.OrganisationName, viewer.Role?.ToString(), viewer.IsPendingBuyer ? nameof(RoleStatus.Pending) : null);

    /// <summary>The author's name and whether they are a Buyer still waiting for approval, as they are now.</summary>
    private sealed record AuthorNow(string Name, bool PendingBuyer)
    {
        public static AuthorNow Gone { get; } = new("", false);
    }

    private static string? PendingLabel(bool pendingBuyer) => pendingBuyer ? nameof(RoleStatus.Pending) : null;

    private PostView ToView(Post p, AuthorNow author, long? acceptedPostId, int revisions, Viewer viewer)
    {
        var hidden = p.HiddenAt is not null;
        var deleted = p.DeletedAt is not null;
        var html = hidden ? $"<p><em>{L["This post was hidden by a moderator."]}</em></p>"
            : deleted ? $"<p><em>{L["This post was deleted by its author."]}</em></p>"
            : p.BodyHtml;
        return new PostView(p.Id, p.ThreadId, html, new PostAuthor(p.AuthorId, author.Name, p.OrganisationName, p.AuthorRole?.ToString(), PendingLabel(author.PendingBuyer)),
            p.CreatedAt, p.EditedAt, p.IsOpening, deleted, hidden, acceptedPostId == p.Id, p.BuyerValidatedAt is not null,
            hidden || deleted ? null : p.MentionsOwnOffering, hidden || deleted ? 0 : revisions,
            CanEdit: !hidden && !deleted && p.AuthorId == viewer.MemberId);
    }

    private async Task<ServiceResult<PostView>> PostViewAsync(Viewer viewer, DiscussionThread thread, Post post, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var name = await db.Users.Where(u => u.Id == post.AuthorId)
            .Select(u => new AuthorNow(u.DisplayName, u.Role == CommunityRole.Buyer && u.RoleStatus == RoleStatus.Pending)).FirstOrDefaultAsync(ct) ?? AuthorNow.Gone;
        var revisions = await db.PostRevisions.CountAsync(r => r.PostId == post.Id, ct);
        return ServiceResult<PostView>.Ok(ToView(post, name, thread.AcceptedPostId, revisions, viewer));
    }

    private async Task<(DiscussionThread? Thread, RoomSummary? Room)> FindVisibleThreadAsync(Viewer viewer, long threadId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var thread = await db.Threads.AsNoTracking().FirstOrDefaultAsync(t => t.Id == threadId && t.DeletedAt == null, ct);
        if (thread is null) return (null, null);
        var room = await rooms.FindRoomAsync(viewer, thread.RoomId.ToString(), ct);
        return room is null ? (null, null) : (thread, room);
    }

    private async Task<(Post? Post, DiscussionThread? Thread, RoomSummary? Room)> FindVisiblePostAsync(Viewer viewer, long threadId, long postId, CancellationToken ct)
    {
        var (thread, room) = await FindVisibleThreadAsync(viewer, threadId, ct);
        if (thread is null) return (null, null, null);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var post = await db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == postId && p.ThreadId == threadId, ct);
        return post is null ? (null, null, null) : (post, thread, room);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";

    [LoggerMessage(Level = LogLevel.Information, Message = "Thread {ThreadId} started in room {RoomId} by {MemberId}")]
    private partial void LogThreadCreated(long threadId, int roomId, string memberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Post {PostId} hidden by {ModeratorId}")]
    private partial void LogPostHidden(long postId, string moderatorId);
}
