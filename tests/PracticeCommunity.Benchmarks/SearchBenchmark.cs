using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PracticeCommunity.Benchmarks;

/// <summary>
/// Search: 100,000 posts whose words follow a Zipf law over a fixed vocabulary, then GET /api/v1/search?q=
/// for 200 words from the most common to the rarest. Target: p95 under 50 ms. The posts go in straight into
/// SQLite with the app stopped (--seed sqlite, the default: the API takes some 40 minutes for 100,000 posts on
/// two cores) or over the API (--seed api).
/// </summary>
internal static class SearchBenchmark
{
    private const int PostsPerThread = 100;

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var posts = options.Int("posts", 100_000);
        var queries = options.Int("queries", 200);
        var seeding = options.String("seed", "sqlite");
        var vocabulary = new Vocabulary(seed: 42);
        var workDirectory = ServerProcess.NewWorkDirectory();
        var threads = Math.Max(1, (posts + PostsPerThread - 1) / PostsPerThread);

        // Members and a room through the API; each author writes only in their own threads, so seeding creates no notifications.
        BenchMember[] authors;
        var seedClock = Stopwatch.StartNew();
        await using (var app = await ServerProcess.StartAsync(ServerKind.App, options.Repo, workDirectory, ct))
        {
            using var http = ServerProcess.NewHttpClient(app.BaseUri);
            authors = await Task.WhenAll(Enumerable.Range(1, 4).Select(i => AppApi.CreateBuyerAsync(http, app, $"searcher{i}", ct)));
            var roomId = await AppApi.OpenRoomIdAsync(http, authors[0].AccessToken, ct);
            if (seeding == "api")
            {
                await SeedOverApiAsync(http, authors, roomId, vocabulary, posts, threads, options.Int("parallel", 8), ct);
            }
            else
            {
                // One real thread per author, made by the app: the rows the direct inserts copy.
                for (var i = 0; i < authors.Length; i++)
                {
                    var random = new Random(1000 + i);
                    await AppApi.CreateThreadAsync(http, authors[i].AccessToken, roomId, $"{vocabulary.Sentence(random, 6)} ({i})", vocabulary.Sentence(random, 40), ct);
                }
            }
        }
        if (seeding != "api")
        {
            // With the app stopped. The FTS5 index is kept by the app's own triggers on Posts (the SearchIndex
            // migration), so these rows are indexed exactly as the app's own inserts are.
            SeedSqlite(Path.Combine(workDirectory, "app.db"), vocabulary, posts);
        }
        Console.WriteLine($"search: {posts} posts in {threads} threads seeded ({seeding}) in {seedClock.Elapsed.TotalSeconds:0} s");

        await using var server = await ServerProcess.StartAsync(ServerKind.App, options.Repo, workDirectory, ct);
        using var client = ServerProcess.NewHttpClient(server.BaseUri);
        var token = await AppApi.LoginAsync(client, authors[0].Email, ct);

        // Common, middling and rare words, interleaved so that no class profits from a warm cache of its own.
        var words = vocabulary.QueryWords(queries, new Random(7));
        foreach (var (word, _) in words.Take(20)) await SearchAsync(client, token, word, ct);

        var timings = new List<(string Class, double Ms, int Total)>();
        long bytes = 0;
        foreach (var (word, kind) in words)
        {
            var start = Stopwatch.GetTimestamp();
            var (length, total) = await SearchAsync(client, token, word, ct);
            timings.Add((kind, Percentiles.Ms(start, Stopwatch.GetTimestamp()), total));
            bytes += length;
        }

        var rows = new[] { "all" }.Concat(timings.Select(t => t.Class).Distinct().Order()).Select(kind =>
        {
            var of = timings.Where(t => kind == "all" || t.Class == kind).ToList();
            var sorted = of.Select(t => t.Ms).Order().ToArray();
            return new SearchRow(kind, sorted.Length, Math.Round(of.Average(t => t.Total)), Percentiles.Of(sorted, 50), Percentiles.Of(sorted, 95), Percentiles.Of(sorted, 99), sorted[^1]);
        }).ToList();
        server.Succeeded();
        var result = new SearchResult(DateTimeOffset.UtcNow, Environment.ProcessorCount, posts, threads, seeding, Math.Round(seedClock.Elapsed.TotalSeconds), queries, bytes / Math.Max(1, queries), rows);
        var md = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# Search: GET /api/v1/search?q= over {posts} posts")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{result.At:u}, {result.Cores} cores; {posts} posts in {threads} threads (seeded: {seeding}); {queries} single-word queries after 20 warm-up queries; average answer {result.AverageBytes / 1024.0:0.0} KiB. Target: p95 under 50 ms.")
            .AppendLine()
            .AppendLine("| words | queries | mean totalCount | p50 ms | p95 ms | p99 ms | max ms |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Words} | {r.Queries} | {r.MeanTotalCount} | {Report.F(r.P50Ms)} | {Report.F(r.P95Ms)} | {Report.F(r.P99Ms)} | {Report.F(r.MaxMs)} |");
        }
        Report.Write(options, "search", result, md.ToString());
        // --keep leaves the seeded database for a closer look (sqlite3 WORKDIR/app.db).
        if (options.String("keep", "false") == "true") Console.WriteLine($"Kept {workDirectory}");
        else Directory.Delete(workDirectory, recursive: true);
        return 0;
    }

    private static async Task SeedOverApiAsync(HttpClient http, BenchMember[] authors, int roomId, Vocabulary vocabulary, int posts, int threads, int parallel, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, threads), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (t, token) =>
        {
            var random = new Random(1000 + t);
            var author = authors[t % authors.Length];
            var perThread = Math.Min(PostsPerThread, posts - t * PostsPerThread);
            var threadId = await AppApi.CreateThreadAsync(http, author.AccessToken, roomId, $"{vocabulary.Sentence(random, 6)} ({t})", vocabulary.Sentence(random, 40), token);
            for (var p = 1; p < perThread; p++)
            {
                var status = await AppApi.PostAsync(http, author.AccessToken, threadId, vocabulary.Sentence(random, 40), retryWhenLimited: true, token);
                if (status != HttpStatusCode.Created) throw new InvalidOperationException($"Seeding a post in thread {threadId}: HTTP {(int)status}.");
            }
            var total = Interlocked.Add(ref done, perThread);
            if (total / 5000 != (total - perThread) / 5000) Console.WriteLine($"  {total} posts seeded ({total / clock.Elapsed.TotalSeconds:0} posts/s)");
        });
    }

    /// <summary>
    /// Copies the app's own thread and post rows (every column as the app wrote it) with new titles and bodies, in one
    /// transaction, until the database holds <paramref name="posts"/> posts in threads of <see cref="PostsPerThread"/>.
    /// </summary>
    private static void SeedSqlite(string databaseFile, Vocabulary vocabulary, int posts)
    {
        using var db = new SqliteConnection($"Data Source={databaseFile};Pooling=False");
        db.Open();
        var templates = new List<(long ThreadId, long PostId)>();
        using (var read = db.CreateCommand())
        {
            read.CommandText = "SELECT ThreadId, Id FROM Posts WHERE IsOpening ORDER BY Id";
            using var reader = read.ExecuteReader();
            while (reader.Read()) templates.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }
        if (templates.Count == 0) throw new InvalidOperationException("No thread to copy in " + databaseFile);
        var firstNewThread = templates.Max(t => t.ThreadId) + 1;

        using var tx = db.BeginTransaction();
        using var insertThread = CopyRowCommand(db, tx, "Threads", new()
        {
            ["Title"] = "$title", ["ReplyCount"] = "0", ["LastPostId"] = "0", ["AcceptedPostId"] = "NULL",
        });
        using var insertPost = CopyRowCommand(db, tx, "Posts", new()
        {
            ["ThreadId"] = "$threadId", ["BodyMarkdown"] = "$markdown", ["BodyText"] = "$markdown", ["BodyHtml"] = "$html", ["IsOpening"] = "$opening",
        });
        var written = templates.Count;
        for (var t = 0; written < posts; t++)
        {
            var random = new Random(1000 + t);
            var template = templates[t % templates.Count];
            long threadId;
            var inThread = 0;
            if (t < templates.Count)
            {
                threadId = template.ThreadId;
                inThread = 1;
            }
            else
            {
                insertThread.Parameters["$template"].Value = template.ThreadId;
                insertThread.Parameters["$title"].Value = $"{vocabulary.Sentence(random, 6)} ({t})";
                threadId = (long)insertThread.ExecuteScalar()!;
            }
            for (; inThread < PostsPerThread && written < posts; inThread++, written++)
            {
                var markdown = vocabulary.Sentence(random, 40);
                insertPost.Parameters["$template"].Value = template.PostId;
                insertPost.Parameters["$threadId"].Value = threadId;
                insertPost.Parameters["$markdown"].Value = markdown;
                // Plain words: exactly what the Markdown renderer makes of them.
                insertPost.Parameters["$html"].Value = "<p>" + WebUtility.HtmlEncode(markdown) + "</p>";
                insertPost.Parameters["$opening"].Value = inThread == 0 ? 1 : 0;
                insertPost.ExecuteScalar();
            }
        }
        using (var counters = db.CreateCommand())
        {
            counters.Transaction = tx;
            counters.CommandText = """
                UPDATE Threads SET
                    ReplyCount = (SELECT COUNT(*) - 1 FROM Posts p WHERE p.ThreadId = Threads.Id),
                    LastPostId = (SELECT MAX(p.Id) FROM Posts p WHERE p.ThreadId = Threads.Id)
                WHERE Id >= $first OR Id IN (SELECT ThreadId FROM Posts WHERE IsOpening)
                """;
            counters.Parameters.AddWithValue("$first", firstNewThread);
            counters.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>INSERT INTO table SELECT every column of the row $template, some replaced, RETURNING the new Id.</summary>
    internal static SqliteCommand CopyRowCommand(SqliteConnection db, SqliteTransaction tx, string table, Dictionary<string, string> replaced)
    {
        var columns = new List<string>();
        using (var info = db.CreateCommand())
        {
            info.Transaction = tx;
            info.CommandText = $"SELECT name FROM pragma_table_info('{table}') WHERE name <> 'Id'";
            using var reader = info.ExecuteReader();
            while (reader.Read()) columns.Add(reader.GetString(0));
        }
        var command = db.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) " +
            $"SELECT {string.Join(", ", columns.Select(c => replaced.GetValueOrDefault(c, $"\"{c}\"")))} FROM \"{table}\" WHERE Id = $template RETURNING Id";
        // Types follow the values bound later.
        foreach (var name in replaced.Values.Where(v => v.StartsWith('$')).Prepend("$template").Distinct()) command.Parameters.AddWithValue(name, DBNull.Value);
        command.Prepare();
        return command;
    }

    private static async Task<(long Bytes, int Total)> SearchAsync(HttpClient http, string token, string word, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/search?q={Uri.EscapeDataString(word)}");
        using var response = await AppApi.SendAsync(http, request, token, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"search '{word}': HTTP {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        using var json = JsonDocument.Parse(body);
        var total = json.RootElement.TryGetProperty("totalCount", out var count) && count.TryGetInt32(out var n) ? n : -1;
        return (body.Length, total);
    }

    /// <summary>
    /// 20,000 words: a few dozen real procurement words first (the commonest), then made-up ones; word rank r is
    /// drawn with probability proportional to 1/r, as in natural text.
    /// </summary>
    private sealed class Vocabulary
    {
        private static readonly string[] Real =
        [
            "procurement", "circular", "tender", "supplier", "reuse", "contract", "furniture", "criteria", "repair", "lifecycle",
            "municipality", "textiles", "warranty", "refurbished", "packaging", "recycled", "catering", "construction", "lease", "carbon",
            "buyer", "market", "dialogue", "award", "lot", "framework", "sustainable", "waste", "energy", "cleaning",
        ];

        private static readonly string[] Syllables = ["ka", "lo", "mi", "tra", "ven", "dor", "sel", "qui", "bra", "zen", "mo", "pra", "lis", "tur", "gan", "fe", "ro", "shi", "nal", "dex"];

        private readonly string[] _words;
        private readonly double[] _cumulative;

        public Vocabulary(int seed, int size = 20_000)
        {
            var random = new Random(seed);
            var words = new List<string>(Real);
            var seen = new HashSet<string>(Real, StringComparer.Ordinal);
            while (words.Count < size)
            {
                var word = string.Concat(Enumerable.Range(0, random.Next(3, 5)).Select(_ => Syllables[random.Next(Syllables.Length)]));
                if (seen.Add(word)) words.Add(word);
            }
            _words = [.. words];
            _cumulative = new double[size];
            var sum = 0.0;
            for (var r = 0; r < size; r++) _cumulative[r] = sum += 1.0 / (r + 1);
        }

        public string Sentence(Random random, int words)
        {
            var text = new StringBuilder();
            for (var i = 0; i < words; i++)
            {
                var x = random.NextDouble() * _cumulative[^1];
                var rank = Array.BinarySearch(_cumulative, x);
                text.Append(i == 0 ? "" : " ").Append(_words[rank < 0 ? ~rank : rank]);
            }
            return text.Append('.').ToString();
        }

        /// <summary>Ranks 1-10 (in thousands of posts), 50-500 (hundreds to a thousand), 5,000-20,000 (a few dozen): a third each, shuffled.</summary>
        public List<(string Word, string Class)> QueryWords(int count, Random random)
        {
            var list = new List<(string, string)>(count);
            for (var i = 0; i < count; i++)
            {
                list.Add((i % 3) switch
                {
                    0 => (_words[random.Next(0, 10)], "common (rank 1-10)"),
                    1 => (_words[random.Next(49, 500)], "middling (rank 50-500)"),
                    _ => (_words[random.Next(4999, _words.Length)], "rare (rank 5,000-20,000)"),
                });
            }
            return [.. list.OrderBy(_ => random.Next())];
        }
    }
}

internal sealed record SearchRow(string Words, int Queries, double MeanTotalCount, double P50Ms, double P95Ms, double P99Ms, double MaxMs);

internal sealed record SearchResult(DateTimeOffset At, int Cores, int Posts, int Threads, string Seeding, double SeedSeconds, int Queries, long AverageBytes, IReadOnlyList<SearchRow> Rows);
