using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Features.Security;
using PracticeCommunity.Localization;

using PracticeCommunity.Features.Access;
namespace PracticeCommunity.Features.Search;

/// <summary>
/// Full-text search over thread titles and posts, through the FTS5 table that the SearchIndex migration keeps in
/// step with every write. The audience rule is applied inside the one query that finds, counts and ranks the hits,
/// so a room the viewer may not enter never contributes a hit, a snippet or even a count.
/// </summary>
public sealed partial class SearchService(
    IDbContextFactory<AppDbContext> dbFactory,
    RoomService rooms,
    ActionLimits limits,
    IStringLocalizer<Strings> L,
    ILogger<SearchService> logger)
{
    public const int PageSize = 20;
    public const int MaxQueryLength = 200;

    /// <summary>How many of the newest matching posts are ranked; a search that matches more says so.</summary>
    public const int RankedWindow = 2_000;

    public async Task<ServiceResult<SearchResults>> SearchAsync(Viewer viewer, SearchQuery query, CancellationToken ct = default)
    {
        if (!viewer.IsSignedIn) return ServiceResult<SearchResults>.Forbidden(L["Sign in to search."]);

        var errors = new Dictionary<string, string[]>();
        var text = query.Text?.Trim() ?? "";
        string? match = null;
        if (text.Length == 0) errors["q"] = [L["Type a word to search for."]];
        else if (text.Length > MaxQueryLength) errors["q"] = [L["A search can be at most {0} characters (this one has {1}).", MaxQueryLength, text.Length]];
        else if ((match = SearchSyntax.ToMatchExpression(text)) is null) errors["q"] = [L["Search for at least one word or number."]];
        string? tag = null;
        if (!string.IsNullOrWhiteSpace(query.Tag) && (tag = ThreadTags.Normalise(query.Tag)) is null)
        {
            var raw = query.Tag.Trim();
            errors["tag"] = [L["Unknown tag \"{0}\": use product:<group>, country:<code> or procedure:<type>.", raw.Length > 60 ? raw[..60] + "…" : raw]];
        }
        if (errors.Count > 0) return ServiceResult<SearchResults>.Invalid(errors);
        if (limits.TryAcquire(LimitKind.Search, "member:" + viewer.MemberId) is { Allowed: false } tooMany)
            return ServiceResult<SearchResults>.RateLimited(tooMany.RetryAfter, L["You have searched many times in a short while. Wait {0} seconds and search again.", tooMany.RetryAfterSeconds]);

        int? roomId = null;
        if (!string.IsNullOrWhiteSpace(query.Room))
        {
            // A room the viewer may not enter is reported as missing, exactly like one that does not exist.
            var room = await rooms.FindRoomAsync(viewer, query.Room.Trim(), ct);
            if (room is null) return ServiceResult<SearchResults>.NotFound();
            roomId = room.Id;
        }

        // Pages past the last are empty (and cost nothing); the bound only keeps the offset arithmetic safe.
        var page = Math.Clamp(query.Page, 1, 1_000_000);
        var audiences = AccessGate.EnterableAudiences(viewer);
        if (audiences.Count == 0) return ServiceResult<SearchResults>.Ok(new SearchResults(text, page, PageSize, 0, [], false));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!db.Database.IsSqlite())
        {
            LogNoFullTextSearch(db.Database.ProviderName ?? "?");
            return ServiceResult<SearchResults>.Ok(new SearchResults(text, page, PageSize, 0, [], false));
        }

        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var (from, parameters) = FromAndWhere(match!, audiences, roomId, tag, query.ThreadId);
        var perPost = query.ThreadId is not null;

        // Ranking costs about 2 µs per matching post, so a word found in nearly all of 100,000 posts would take
        // 200 ms. The newest matches (in rowid order, which FTS5 reads without sorting) bound that work:
        // at most RankedWindow of them are counted and ranked.
        var newest = await ReadNewestAsync(connection, from, parameters, RankedWindow + 1, ct);
        var capped = newest.Count > RankedWindow;
        var window = newest.Take(RankedWindow).ToList();
        var total = perPost ? window.Count : window.Select(m => m.ThreadId).Distinct().Count();
        var offset = (page - 1) * PageSize;
        if (offset >= total) return ServiceResult<SearchResults>.Ok(new SearchResults(text, page, PageSize, total, [], capped, query.ThreadId));

        if (capped)
        {
            from += "\n  AND PostSearch.rowid >= $oldest";
            parameters = [.. parameters, ("$oldest", window[^1].PostId)];
        }
        var best = await ReadBestAsync(connection, from, parameters, perPost, offset, ct);
        var items = await ReadHitsAsync(connection, from, parameters, best, ct);
        return ServiceResult<SearchResults>.Ok(new SearchResults(text, page, PageSize, total, items, capped, query.ThreadId));
    }

    /// <summary>
    /// The shared FROM and WHERE. CROSS JOIN fixes the join order: SQLite starts from the FTS5 matches (sorted by
    /// rank inside FTS5) and looks each one up by primary key in Posts, Threads and Rooms; it never scans the posts
    /// of the rooms the viewer may enter.
    /// </summary>
    private static (string Sql, List<(string Name, object Value)> Parameters) FromAndWhere(
        string match, IReadOnlyList<RoomAudience> audiences, int? roomId, string? tag, long? threadId)
    {
        var parameters = new List<(string, object)> { ("$match", match) };
        var audienceNames = new List<string>();
        for (var i = 0; i < audiences.Count; i++)
        {
            audienceNames.Add($"$audience{i}");
            parameters.Add(($"$audience{i}", audiences[i].ToString()));
        }
        var sql = new StringBuilder($"""
            FROM PostSearch
            CROSS JOIN Posts p ON p.Id = PostSearch.rowid
            CROSS JOIN Threads t ON t.Id = p.ThreadId
            CROSS JOIN Rooms r ON r.Id = t.RoomId
            WHERE PostSearch MATCH $match
              AND p.DeletedAt IS NULL AND p.HiddenAt IS NULL AND t.DeletedAt IS NULL
              AND r.IsArchived = 0 AND r.Audience IN ({string.Join(", ", audienceNames)})
            """);
        if (roomId is { } id)
        {
            sql.Append("\n  AND t.RoomId = $roomId");
            parameters.Add(("$roomId", id));
        }
        if (threadId is { } thread)
        {
            sql.Append("\n  AND p.ThreadId = $threadId");
            parameters.Add(("$threadId", thread));
        }
        if (tag is not null)
        {
            sql.Append("\n  AND EXISTS (SELECT 1 FROM json_each(t.Tags) WHERE json_each.value = $tag)");
            parameters.Add(("$tag", tag));
        }
        return (sql.ToString(), parameters);
    }

    /// <summary>
    /// One page of the best matches, ranked: per thread its best-ranked post and how many others match (SQLite
    /// takes the bare p.Id from the row with the smallest rank), or inside one thread every post.
    /// </summary>
    private static async Task<List<(long PostId, int Count)>> ReadBestAsync(
        DbConnection connection, string from, IReadOnlyList<(string, object)> parameters, bool perPost, int offset, CancellationToken ct)
    {
        await using var command = Command(connection, $"""
            SELECT p.Id, MIN(PostSearch.rank) AS best, COUNT(*)
            {from}
            GROUP BY {(perPost ? "p.Id" : "p.ThreadId")}
            ORDER BY best
            LIMIT $take OFFSET $skip
            """, parameters);
        AddParameter(command, "$take", PageSize);
        AddParameter(command, "$skip", offset);
        var best = new List<(long, int)>(PageSize);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) best.Add((reader.GetInt64(0), reader.GetInt32(2)));
        return best;
    }

    /// <summary>The hits for the chosen posts, in the order chosen, with highlighted titles and snippets.</summary>
    private static async Task<IReadOnlyList<SearchHit>> ReadHitsAsync(
        DbConnection connection, string from, IReadOnlyList<(string, object)> parameters, List<(long PostId, int Count)> best, CancellationToken ct)
    {
        if (best.Count == 0) return [];
        var ids = string.Join(", ", best.Select((_, i) => $"$id{i}"));
        await using var command = Command(connection, $"""
            SELECT p.Id, p.ThreadId, t.RoomId, r.Slug, r.Title, t.Title,
                   highlight(PostSearch, 0, {SnippetHtml.OpenSql}, {SnippetHtml.CloseSql}),
                   snippet(PostSearch, 1, {SnippetHtml.OpenSql}, {SnippetHtml.CloseSql}, '…', 24),
                   (SELECT u.DisplayName FROM AspNetUsers u WHERE u.Id = p.AuthorId),
                   p.OrganisationName, p.CreatedAt, PostSearch.rank
            {from}
              AND PostSearch.rowid IN ({ids})
            """, parameters);
        for (var i = 0; i < best.Count; i++) AddParameter(command, $"$id{i}", best[i].PostId);

        var hits = new Dictionary<long, SearchHit>(best.Count);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var threadTitle = reader.GetString(5);
            var highlightedTitle = reader.IsDBNull(6) ? "" : reader.GetString(6);
            var postId = reader.GetInt64(0);
            hits[postId] = new SearchHit(
                ThreadId: reader.GetInt64(1),
                PostId: postId,
                RoomId: reader.GetInt32(2),
                RoomSlug: reader.GetString(3),
                RoomTitle: reader.GetString(4),
                ThreadTitle: threadTitle,
                // Only the opening post carries the title in the index; replies show it plain.
                ThreadTitleHtml: SnippetHtml.ToHtml(highlightedTitle.Length > 0 ? highlightedTitle : threadTitle),
                Snippet: SnippetHtml.ToHtml(reader.IsDBNull(7) ? "" : reader.GetString(7)),
                AuthorDisplayName: reader.IsDBNull(8) ? "" : reader.GetString(8),
                AuthorOrganisation: reader.IsDBNull(9) ? null : reader.GetString(9),
                CreatedAt: new DateTimeOffset(reader.GetInt64(10), TimeSpan.Zero),
                Rank: reader.GetDouble(11));
        }
        // A post hidden or deleted between the two reads is simply left out.
        return best.Where(b => hits.ContainsKey(b.PostId)).Select(b => hits[b.PostId] with { MoreInThread = b.Count - 1 }).ToList();
    }

    /// <summary>The newest visible matches, newest first, with their threads.</summary>
    private static async Task<List<(long PostId, long ThreadId)>> ReadNewestAsync(
        DbConnection connection, string from, IReadOnlyList<(string, object)> parameters, int limit, CancellationToken ct)
    {
        await using var command = Command(connection, $"SELECT PostSearch.rowid, p.ThreadId {from}\nORDER BY PostSearch.rowid DESC LIMIT $limit", parameters);
        AddParameter(command, "$limit", limit);
        var matches = new List<(long, long)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) matches.Add((reader.GetInt64(0), reader.GetInt64(1)));
        return matches;
    }

    private static DbCommand Command(DbConnection connection, string sql, IReadOnlyList<(string Name, object Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) AddParameter(command, name, value);
        return command;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search needs SQLite FTS5; the {Provider} provider has no full-text search yet, so searches return nothing")]
    private partial void LogNoFullTextSearch(string provider);
}
