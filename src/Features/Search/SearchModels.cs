namespace PracticeCommunity.Features.Search;

/// <summary>
/// What a member asks for: words (required), and optionally a room (id or slug), a tag, one thread and a page.
/// Hits are grouped by thread (its best post stands for it) unless the search is inside one thread.
/// </summary>
public sealed record SearchQuery(string? Text, string? Room = null, string? Tag = null, int Page = 1, long? ThreadId = null);

/// <summary>
/// One page of hits, best first: one per thread, or one per post inside a thread (<see cref="ThreadId"/>).
/// <see cref="TotalCount"/> counts those hits. When <see cref="TotalCountIsCapped"/> is true the words match more
/// than <see cref="SearchService.RankedWindow"/> posts, and the hits come from the newest of them.
/// </summary>
public sealed record SearchResults(string Query, int Page, int PageSize, int TotalCount, IReadOnlyList<SearchHit> Items, bool TotalCountIsCapped, long? ThreadId = null)
{
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
}

/// <summary>
/// A post that matches: the best match of its thread, with <see cref="MoreInThread"/> other matching posts there
/// (always 0 inside one thread). <see cref="Snippet"/> and <see cref="ThreadTitleHtml"/> are HTML: the text is encoded and
/// the only markup in them is &lt;mark&gt;…&lt;/mark&gt; around matching words. <see cref="Rank"/> is FTS5's bm25
/// (lower is better).
/// </summary>
public sealed record SearchHit(
    long ThreadId,
    long PostId,
    int RoomId,
    string RoomSlug,
    string RoomTitle,
    string ThreadTitle,
    string ThreadTitleHtml,
    string Snippet,
    string AuthorDisplayName,
    string? AuthorOrganisation,
    DateTimeOffset CreatedAt,
    double Rank,
    int MoreInThread = 0);
