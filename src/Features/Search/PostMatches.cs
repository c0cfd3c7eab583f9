using System.Data.Common;
using System.Text;
using PracticeCommunity.Data;

namespace PracticeCommunity.Features.Search;

/// <summary>Where a search looks: the audiences the viewer may enter, and optionally one room, tag or thread.</summary>
internal sealed record SearchScope(IReadOnlyList<RoomAudience> Audiences, int? RoomId, string? Tag, long? ThreadId);

/// <summary>
/// The three reads of a search, in each provider's full-text dialect. Every read applies the audience rule in the same
/// statement that finds the matches, so a room the viewer may not enter never contributes a hit, a snippet or a count.
/// Ranks are "lower is better" on both providers (FTS5's bm25 is negative; PostgreSQL's ts_rank is negated).
/// </summary>
internal interface IPostMatches
{
    /// <summary>The newest visible matches, newest first, with their threads.</summary>
    Task<List<(long PostId, long ThreadId)>> NewestAsync(int limit, CancellationToken ct);

    /// <summary>
    /// One page of the best matches, ranked: per thread its best-ranked post and how many of its posts match, or inside
    /// one thread every post. With <paramref name="oldest"/>, only matches from that post on (the ranked window).
    /// </summary>
    Task<List<(long PostId, int Count)>> BestAsync(bool perPost, int offset, int take, long? oldest, CancellationToken ct);

    /// <summary>The chosen posts with highlighted titles and snippets, in no particular order.</summary>
    Task<List<SearchHit>> HitsAsync(IReadOnlyList<long> postIds, long? oldest, CancellationToken ct);
}

/// <summary>Shared plumbing of the two readers: parameters and the hit row.</summary>
internal abstract class PostMatchesBase(DbConnection connection)
{
    protected DbCommand Command(string sql, IEnumerable<(string Name, object Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) AddParameter(command, name, value);
        return command;
    }

    protected static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    protected static async Task<List<(long, long)>> ReadPairsAsync(DbCommand command, CancellationToken ct)
    {
        var rows = new List<(long, long)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows.Add((reader.GetInt64(0), reader.GetInt64(1)));
        return rows;
    }

    /// <summary>
    /// Reads hits from rows of: post id, thread id, room id, room slug, room title, thread title, highlighted title,
    /// snippet, author name, organisation, created (UTC ticks), rank.
    /// </summary>
    protected static async Task<List<SearchHit>> ReadHitsAsync(DbCommand command, CancellationToken ct)
    {
        var hits = new List<SearchHit>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var threadTitle = reader.GetString(5);
            var highlightedTitle = reader.IsDBNull(6) ? "" : reader.GetString(6);
            hits.Add(new SearchHit(
                ThreadId: reader.GetInt64(1),
                PostId: reader.GetInt64(0),
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
                Rank: reader.GetDouble(11)));
        }
        return hits;
    }
}

/// <summary>
/// SQLite: the FTS5 table PostSearch. CROSS JOIN fixes the join order: SQLite starts from the FTS5 matches (sorted by
/// rank inside FTS5) and looks each one up by primary key in Posts, Threads and Rooms; it never scans the posts of the
/// rooms the viewer may enter.
/// </summary>
internal sealed class SqlitePostMatches(DbConnection connection, string match, SearchScope scope) : PostMatchesBase(connection), IPostMatches
{
    public async Task<List<(long PostId, long ThreadId)>> NewestAsync(int limit, CancellationToken ct)
    {
        var (from, parameters) = FromAndWhere(null);
        await using var command = Command($"SELECT PostSearch.rowid, p.ThreadId {from}\nORDER BY PostSearch.rowid DESC LIMIT $limit", parameters);
        AddParameter(command, "$limit", limit);
        return await ReadPairsAsync(command, ct);
    }

    public async Task<List<(long PostId, int Count)>> BestAsync(bool perPost, int offset, int take, long? oldest, CancellationToken ct)
    {
        // SQLite takes the bare p.Id from the row with the smallest rank.
        var (from, parameters) = FromAndWhere(oldest);
        await using var command = Command($"""
            SELECT p.Id, MIN(PostSearch.rank) AS best, COUNT(*)
            {from}
            GROUP BY {(perPost ? "p.Id" : "p.ThreadId")}
            ORDER BY best
            LIMIT $take OFFSET $skip
            """, parameters);
        AddParameter(command, "$take", take);
        AddParameter(command, "$skip", offset);
        var best = new List<(long, int)>(take);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) best.Add((reader.GetInt64(0), reader.GetInt32(2)));
        return best;
    }

    public async Task<List<SearchHit>> HitsAsync(IReadOnlyList<long> postIds, long? oldest, CancellationToken ct)
    {
        var (from, parameters) = FromAndWhere(oldest);
        var ids = string.Join(", ", postIds.Select((_, i) => $"$id{i}"));
        await using var command = Command($"""
            SELECT p.Id, p.ThreadId, t.RoomId, r.Slug, r.Title, t.Title,
                   highlight(PostSearch, 0, {SnippetHtml.OpenSql}, {SnippetHtml.CloseSql}),
                   snippet(PostSearch, 1, {SnippetHtml.OpenSql}, {SnippetHtml.CloseSql}, '…', 24),
                   (SELECT u.DisplayName FROM AspNetUsers u WHERE u.Id = p.AuthorId),
                   p.OrganisationName, p.CreatedAt, PostSearch.rank
            {from}
              AND PostSearch.rowid IN ({ids})
            """, parameters);
        for (var i = 0; i < postIds.Count; i++) AddParameter(command, $"$id{i}", postIds[i]);
        return await ReadHitsAsync(command, ct);
    }

    private (string Sql, List<(string Name, object Value)> Parameters) FromAndWhere(long? oldest)
    {
        var parameters = new List<(string, object)> { ("$match", match) };
        var audienceNames = new List<string>();
        for (var i = 0; i < scope.Audiences.Count; i++)
        {
            audienceNames.Add($"$audience{i}");
            parameters.Add(($"$audience{i}", scope.Audiences[i].ToString()));
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
        if (scope.RoomId is { } roomId)
        {
            sql.Append("\n  AND t.RoomId = $roomId");
            parameters.Add(("$roomId", roomId));
        }
        if (scope.ThreadId is { } threadId)
        {
            sql.Append("\n  AND p.ThreadId = $threadId");
            parameters.Add(("$threadId", threadId));
        }
        if (scope.Tag is { } tag)
        {
            sql.Append("\n  AND EXISTS (SELECT 1 FROM json_each(t.Tags) WHERE json_each.value = $tag)");
            parameters.Add(("$tag", tag));
        }
        if (oldest is { } from)
        {
            sql.Append("\n  AND PostSearch.rowid >= $oldest");
            parameters.Add(("$oldest", from));
        }
        return (sql.ToString(), parameters);
    }
}

/// <summary>
/// PostgreSQL: the PostSearch table's tsvector (GIN-indexed), matched by <c>websearch_to_tsquery</c> with a prefix
/// <c>to_tsquery</c> for the last word, in the <c>community_search</c> configuration (simple, unaccented: the FullTextSearch
/// migration). A title word ('A') ranks four times a body word ('B'), as bm25(4.0, 1.0) does on SQLite;
/// ts_headline marks matches with the same private-use characters as FTS5's snippet().
/// </summary>
internal sealed class PostgresPostMatches(DbConnection connection, (string? Phrases, string? Prefix) query, SearchScope scope)
    : PostMatchesBase(connection), IPostMatches
{
    private const string Weights = "'{0, 0, 0.25, 1.0}'";
    private static readonly string TitleHeadline = $"StartSel={SnippetHtml.Open}, StopSel={SnippetHtml.Close}, HighlightAll=true";
    private static readonly string BodyHeadline =
        $"StartSel={SnippetHtml.Open}, StopSel={SnippetHtml.Close}, MaxWords=24, MinWords=12, ShortWord=2";

    public async Task<List<(long PostId, long ThreadId)>> NewestAsync(int limit, CancellationToken ct)
    {
        var (from, parameters) = FromAndWhere(null);
        await using var command = Command($"""{Query} SELECT s."PostId", p."ThreadId" {from} ORDER BY s."PostId" DESC LIMIT @limit""", parameters);
        AddParameter(command, "limit", limit);
        return await ReadPairsAsync(command, ct);
    }

    public async Task<List<(long PostId, int Count)>> BestAsync(bool perPost, int offset, int take, long? oldest, CancellationToken ct)
    {
        var (from, parameters) = FromAndWhere(oldest);
        var partition = perPost ? "p.\"Id\"" : "p.\"ThreadId\"";
        await using var command = Command($"""
            {Query}
            SELECT id, found FROM (
                SELECT p."Id" AS id, -ts_rank({Weights}, s."Document", q.query) AS rank,
                       COUNT(*) OVER (PARTITION BY {partition}) AS found,
                       ROW_NUMBER() OVER (PARTITION BY {partition} ORDER BY ts_rank({Weights}, s."Document", q.query) DESC, p."Id" DESC) AS place
                {from}
            ) ranked
            WHERE place = 1
            ORDER BY rank, id DESC
            LIMIT @take OFFSET @skip
            """, parameters);
        AddParameter(command, "take", take);
        AddParameter(command, "skip", offset);
        var best = new List<(long, int)>(take);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) best.Add((reader.GetInt64(0), (int)reader.GetInt64(1)));
        return best;
    }

    public async Task<List<SearchHit>> HitsAsync(IReadOnlyList<long> postIds, long? oldest, CancellationToken ct)
    {
        var (from, parameters) = FromAndWhere(oldest);
        await using var command = Command($"""
            {Query}
            SELECT p."Id", p."ThreadId", t."RoomId", r."Slug", r."Title", t."Title",
                   CASE WHEN s."Title" = '' THEN '' ELSE ts_headline('community_search', s."Title", q.query, @titleHeadline) END,
                   ts_headline('community_search', s."Body", q.query, @bodyHeadline),
                   (SELECT u."DisplayName" FROM "AspNetUsers" u WHERE u."Id" = p."AuthorId"),
                   p."OrganisationName", p."CreatedAt", (-ts_rank({Weights}, s."Document", q.query))::float8
            {from}
              AND s."PostId" = ANY(@ids)
            """, parameters);
        AddParameter(command, "ids", postIds.ToArray());
        AddParameter(command, "titleHeadline", TitleHeadline);
        AddParameter(command, "bodyHeadline", BodyHeadline);
        return await ReadHitsAsync(command, ct);
    }

    /// <summary>
    /// The tsquery, parsed once per statement. Inline, a plan that walks the posts newest first (for ORDER BY ... LIMIT)
    /// would parse it again for every post it looks at.
    /// </summary>
    private string Query => "WITH q AS MATERIALIZED (SELECT " + (query.Phrases, query.Prefix) switch
    {
        ({ }, { }) => "websearch_to_tsquery('community_search', @phrases) && to_tsquery('community_search', @prefix)",
        ({ }, null) => "websearch_to_tsquery('community_search', @phrases)",
        _ => "to_tsquery('community_search', @prefix)",
    } + " AS query)";

    private (string Sql, List<(string Name, object Value)> Parameters) FromAndWhere(long? oldest)
    {
        var parameters = new List<(string, object)> { ("audiences", scope.Audiences.Select(a => a.ToString()).ToArray()) };
        if (query.Phrases is { } p) parameters.Add(("phrases", p));
        if (query.Prefix is { } x) parameters.Add(("prefix", x));
        var sql = new StringBuilder($"""
            FROM q
            JOIN "PostSearch" s ON s."Document" @@ q.query
            JOIN "Posts" p ON p."Id" = s."PostId"
            JOIN "Threads" t ON t."Id" = p."ThreadId"
            JOIN "Rooms" r ON r."Id" = t."RoomId"
            WHERE p."DeletedAt" IS NULL AND p."HiddenAt" IS NULL AND t."DeletedAt" IS NULL
              AND NOT r."IsArchived" AND r."Audience" = ANY(@audiences)
            """);
        if (scope.RoomId is { } roomId)
        {
            sql.Append("\n  AND t.\"RoomId\" = @roomId");
            parameters.Add(("roomId", roomId));
        }
        if (scope.ThreadId is { } threadId)
        {
            sql.Append("\n  AND p.\"ThreadId\" = @threadId");
            parameters.Add(("threadId", threadId));
        }
        if (scope.Tag is { } tag)
        {
            sql.Append("\n  AND @tag = ANY(t.\"Tags\")");
            parameters.Add(("tag", tag));
        }
        if (oldest is { } from)
        {
            sql.Append("\n  AND s.\"PostId\" >= @oldest");
            parameters.Add(("oldest", from));
        }
        return (sql.ToString(), parameters);
    }
}
