namespace PracticeCommunity.Features.Search;

/// <summary>What a member asks for: words (required), and optionally a room (id or slug), a tag and a page.</summary>
public sealed record SearchQuery(string? Text, string? Room = null, string? Tag = null, int Page = 1);

/// <summary>
/// One page of hits, best first. When <see cref="TotalCountIsCapped"/> is true the words match more than
/// <see cref="TotalCount"/> posts, and the hits are the best among the newest <see cref="TotalCount"/>.
/// </summary>
public sealed record SearchResults(string Query, int Page, int PageSize, int TotalCount, IReadOnlyList<SearchHit> Items, bool TotalCountIsCapped)
{
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
}

/// <summary>
/// A post that matches. <see cref="Snippet"/> and <see cref="ThreadTitleHtml"/> are HTML: the text is encoded and
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
    double Rank);
