using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Localization;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Live;
using PracticeCommunity.Features.Markdown;
using PracticeCommunity.Features.Members;

namespace PracticeCommunity.Features.Rooms;

/// <summary>Reading rooms' threads and posts, as the viewer may see them. Pages, the API and the hub call these.</summary>
public sealed class ThreadQueries(
    IDbContextFactory<AppDbContext> dbFactory,
    RoomService rooms,
    MemberService members,
    MarkdownRenderer markdown,
    ThreadLookup lookup,
    PostViews views,
    IStringLocalizer<Strings> L)
{
    public const int PageSize = 25;

    /// <summary>Posts shown per page of a long thread; older ones load on request.</summary>
    public const int PostPageSize = 100;

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
        var rows = await q.OrderByDescending(t => t.IsPinned).ThenByDescending(t => t.LastActivityAt).ThenByDescending(t => t.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(t => new
            {
                t.Id, t.RoomId, t.Title, t.Kind, t.Tags, t.AuthorId, AuthorName = t.Author!.DisplayName,
                Org = t.Author.Organisation == null ? null : t.Author.Organisation.Name, t.Author.Role, t.Author.RoleStatus,
                t.ReplyCount, t.AcceptedPostId, t.CreatedAt, t.LastActivityAt, t.LastPostId, t.IsPinned, t.IsLocked,
                LastRead = db.ThreadVisits.Where(v => v.MemberId == memberId && v.ThreadId == t.Id).Select(v => (long?)v.LastReadPostId).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var items = rows.Select(t => new ThreadListItem(t.Id, t.RoomId, t.Title, t.Kind, t.Tags,
                new PostAuthor(t.AuthorId, t.AuthorName, t.Org, t.Role?.ToString(), PostViews.PendingLabel(t.Role == CommunityRole.Buyer && t.RoleStatus == RoleStatus.Pending)),
                t.ReplyCount, t.AcceptedPostId != null, t.CreatedAt, t.LastActivityAt,
                viewer.IsSignedIn && (t.LastRead ?? 0) < t.LastPostId, t.IsPinned, t.IsLocked))
            .ToList();
        return ServiceResult<ThreadListPage>.Ok(new ThreadListPage(items, page, PageSize, total));
    }

    /// <summary>A thread with the posts of <paramref name="window"/>, and whether older ones exist.</summary>
    public async Task<ServiceResult<ThreadDetail>> GetThreadAsync(Viewer viewer, long threadId, PostWindow window, CancellationToken ct = default)
    {
        if (window.Take is < 1 or > PostPageSize) return ServiceResult<ThreadDetail>.Invalid("limit", L["Ask for between 1 and {0} posts at a time.", PostPageSize]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var thread = await db.Threads.AsNoTracking().Include(t => t.Author).ThenInclude(a => a!.Organisation)
            .FirstOrDefaultAsync(t => t.Id == threadId && t.DeletedAt == null, ct);
        if (thread is null) return ServiceResult<ThreadDetail>.NotFound();
        var room = await rooms.FindRoomAsync(viewer, thread.RoomId.ToString(), ct);
        if (room is null) return ServiceResult<ThreadDetail>.NotFound();

        var q = db.Posts.AsNoTracking().Where(p => p.ThreadId == threadId);
        List<Post> posts;
        var take = window.Take;
        if (window.AfterPostId is { } after)
        {
            posts = await q.Where(p => p.Id > after).OrderBy(p => p.Id).Take(1000).ToListAsync(ct);
        }
        else
        {
            var older = window.BeforePostId is { } before ? q.Where(p => p.Id < before) : q;
            posts = await older.OrderByDescending(p => p.Id).Take(take).ToListAsync(ct);
            posts.Reverse();
        }
        long? windowStart = posts.Count == 0 ? null : posts[0].Id;
        var firstShown = windowStart ?? window.AfterPostId + 1 ?? window.BeforePostId ?? long.MaxValue;
        var earlier = q.Where(p => p.Id < firstShown);
        if (window.WithOpeningAndAccepted)
        {
            // A long thread read from its end still opens with its question and its accepted answer.
            var accepted = thread.AcceptedPostId ?? 0;
            posts.InsertRange(0, await earlier.Where(p => p.IsOpening || p.Id == accepted).OrderBy(p => p.Id).ToListAsync(ct));
            earlier = earlier.Where(p => !p.IsOpening && p.Id != accepted);
        }
        var hasEarlier = await earlier.AnyAsync(ct);
        var authorNames = await db.Users.AsNoTracking()
            .Where(u => posts.Select(p => p.AuthorId).Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => new PostViews.AuthorNow(u.DisplayName, u.Role == CommunityRole.Buyer && u.RoleStatus == RoleStatus.Pending), ct);
        var postIds = posts.Select(p => p.Id).ToList();
        var revisionCounts = await db.PostRevisions.AsNoTracking().Where(r => postIds.Contains(r.PostId))
            .GroupBy(r => r.PostId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

        long? lastRead = viewer.MemberId is { } me
            ? await db.ThreadVisits.AsNoTracking().Where(v => v.MemberId == me && v.ThreadId == threadId).Select(v => (long?)v.LastReadPostId).FirstOrDefaultAsync(ct)
            : null;

        var shown = PostViews.InDisplayOrder(posts.Select(p => views.ToView(p, authorNames.GetValueOrDefault(p.AuthorId, PostViews.AuthorNow.Gone),
            thread, revisionCounts.GetValueOrDefault(p.Id), viewer)), thread.AcceptedPostId);

        var author = new PostAuthor(thread.AuthorId, thread.Author?.DisplayName ?? "", thread.Author?.Organisation?.Name, thread.Author?.Role?.ToString(),
            PostViews.PendingLabel(thread.Author?.Role == CommunityRole.Buyer && thread.Author.RoleStatus == RoleStatus.Pending));
        return ServiceResult<ThreadDetail>.Ok(new ThreadDetail(thread.Id, room, thread.Title, thread.Kind, thread.Tags, author,
            thread.CreatedAt, thread.LastActivityAt, thread.AcceptedPostId, thread.IsLocked, thread.ReplyCount, shown, lastRead,
            views.PermissionsFor(viewer, room, thread), hasEarlier, windowStart));
    }

    public async Task<ServiceResult<IReadOnlyList<PostRevisionView>>> GetRevisionsAsync(Viewer viewer, long threadId, long postId, CancellationToken ct = default)
    {
        var (post, _, _) = await lookup.FindVisiblePostAsync(viewer, threadId, postId, ct);
        if (post is null || post.HiddenAt is not null || post.DeletedAt is not null) return ServiceResult<IReadOnlyList<PostRevisionView>>.NotFound();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var revisions = await db.PostRevisions.AsNoTracking().Where(r => r.PostId == postId).OrderByDescending(r => r.Id)
            .Select(r => new PostRevisionView(r.Id, r.BodyHtml, r.CreatedAt)).ToListAsync(ct);
        return ServiceResult<IReadOnlyList<PostRevisionView>>.Ok(revisions);
    }

    /// <summary>Per room, how many threads have posts the member has not read.</summary>
    public async Task<IReadOnlyDictionary<int, int>> UnreadThreadsPerRoomAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } memberId) return new Dictionary<int, int>();
        var audiences = AccessGate.EnterableAudiences(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var joined = await db.Users.Where(u => u.Id == memberId).Select(u => u.CreatedAt).FirstOrDefaultAsync(ct);
        return await UnreadBy(db, db.Threads.AsNoTracking()
                .Where(t => t.DeletedAt == null && audiences.Contains(t.Room!.Audience) && !t.Room.IsArchived), memberId, joined)
            .GroupBy(t => t.RoomId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }

    /// <summary>
    /// The threads with posts the member has not read: activity since they joined (older posts are not news to a
    /// newcomer) beyond the last post they read.
    /// </summary>
    public static IQueryable<DiscussionThread> UnreadBy(AppDbContext db, IQueryable<DiscussionThread> threads, string memberId, DateTimeOffset joined) =>
        threads.Where(t => t.LastActivityAt >= joined
            && !db.ThreadVisits.Any(v => v.MemberId == memberId && v.ThreadId == t.Id && v.LastReadPostId >= t.LastPostId));

    /// <summary>Members who may see the room and whose name starts with the prefix, for @mention autocomplete.</summary>
    public async Task<IReadOnlyList<string>> SuggestMentionsAsync(Viewer viewer, long threadId, string prefix, CancellationToken ct = default)
    {
        var (thread, room) = await lookup.FindVisibleThreadAsync(viewer, threadId, ct);
        if (thread is null || room is null || prefix.Length > Limits.DisplayName) return [];
        var candidates = await members.FindByDisplayNamePrefixAsync(prefix.Trim(), 20, ct);
        return candidates.Where(c => AccessGate.CanEnter(c.Viewer, room.Audience) && c.Viewer.MemberId != viewer.MemberId)
            .Select(c => c.Viewer.DisplayName).Take(8).ToList();
    }

    /// <summary>The Markdown source of the viewer's own post, for editing.</summary>
    public async Task<string?> GetOwnMarkdownAsync(Viewer viewer, long threadId, long postId, CancellationToken ct = default)
    {
        var (post, _, _) = await lookup.FindVisiblePostAsync(viewer, threadId, postId, ct);
        return post is not null && post.AuthorId == viewer.MemberId && post.DeletedAt is null && post.HiddenAt is null ? post.BodyMarkdown : null;
    }

    /// <summary>Renders Markdown for the composer's live preview, exactly as it will be stored.</summary>
    public string Preview(string? body) => body is null ? "" : markdown.ToSafeHtml(body.Length > Limits.PostBody ? body[..Limits.PostBody] : body);
}
