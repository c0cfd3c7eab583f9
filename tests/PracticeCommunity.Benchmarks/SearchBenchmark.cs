using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace PracticeCommunity.Benchmarks;

/// <summary>
/// Search: 100,000 posts whose words follow a Zipf law over a fixed vocabulary, then GET /api/v1/search?q=
/// for 200 words from the most common to the rarest. Target: p95 under 50 ms.
/// </summary>
internal static class SearchBenchmark
{
    private const int PostsPerThread = 100;

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var posts = options.Int("posts", 100_000);
        var queries = options.Int("queries", 200);
        var parallel = options.Int("parallel", 8);
        var vocabulary = new Vocabulary(seed: 42);

        await using var app = await ServerProcess.StartAsync(ServerKind.App, options.Repo, null, ct);
        using var http = ServerProcess.NewHttpClient(app.BaseUri);
        var authors = await Task.WhenAll(Enumerable.Range(1, 4).Select(i => AppApi.CreateBuyerAsync(http, app, $"searcher{i}", ct)));
        var roomId = await AppApi.OpenRoomIdAsync(http, authors[0].AccessToken, ct);

        // Each author replies in their own threads only, so seeding creates no notifications.
        var threads = Math.Max(1, posts / PostsPerThread);
        var seedClock = Stopwatch.StartNew();
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, threads), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (t, token) =>
        {
            var random = new Random(1000 + t);
            var author = authors[t % authors.Length];
            var perThread = Math.Min(PostsPerThread, posts - t * PostsPerThread);
            var threadId = await AppApi.CreateThreadAsync(http, author.AccessToken, roomId,
                $"{vocabulary.Sentence(random, 6)} ({t})", vocabulary.Sentence(random, 40), token);
            for (var p = 1; p < perThread; p++)
            {
                var status = await AppApi.PostAsync(http, author.AccessToken, threadId, vocabulary.Sentence(random, 40), retryWhenLimited: true, token);
                if (status != HttpStatusCode.Created) throw new InvalidOperationException($"Seeding a post in thread {threadId}: HTTP {(int)status}.");
            }
            var total = Interlocked.Add(ref done, perThread);
            if (total / 5000 != (total - perThread) / 5000)
            {
                Console.WriteLine($"  {total} posts seeded ({total / seedClock.Elapsed.TotalSeconds:0} posts/s)");
            }
        });
        Console.WriteLine($"search: {posts} posts in {threads} threads seeded over the API in {seedClock.Elapsed.TotalSeconds:0} s");

        // Common, middling and rare words, interleaved so that no class profits from a warm cache of its own.
        var words = vocabulary.QueryWords(queries, new Random(7));
        foreach (var (word, _) in words.Take(20)) await SearchAsync(http, authors[0].AccessToken, word, ct);

        var timings = new List<(string Class, double Ms)>();
        long bytes = 0;
        foreach (var (word, kind) in words)
        {
            var start = Stopwatch.GetTimestamp();
            var length = await SearchAsync(http, authors[0].AccessToken, word, ct);
            timings.Add((kind, Percentiles.Ms(start, Stopwatch.GetTimestamp())));
            bytes += length;
        }

        var rows = new[] { "all" }.Concat(timings.Select(t => t.Class).Distinct()).Select(kind =>
        {
            var sorted = timings.Where(t => kind == "all" || t.Class == kind).Select(t => t.Ms).Order().ToArray();
            return new SearchRow(kind, sorted.Length, Percentiles.Of(sorted, 50), Percentiles.Of(sorted, 95), Percentiles.Of(sorted, 99), sorted[^1]);
        }).ToList();
        var result = new SearchResult(DateTimeOffset.UtcNow, Environment.ProcessorCount, posts, threads, "api", Math.Round(seedClock.Elapsed.TotalSeconds), queries, bytes / Math.Max(1, queries), rows);
        var md = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# Search: GET /api/v1/search?q= over {posts} posts")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{result.At:u}, {result.Cores} cores; {queries} single-word queries after 20 warm-up queries; average answer {result.AverageBytes / 1024.0:0.0} KiB. Target: p95 under 50 ms.")
            .AppendLine()
            .AppendLine("| words | queries | p50 ms | p95 ms | p99 ms | max ms |")
            .AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Words} | {r.Queries} | {Report.F(r.P50Ms)} | {Report.F(r.P95Ms)} | {Report.F(r.P99Ms)} | {Report.F(r.MaxMs)} |");
        }
        Report.Write(options, "search", result, md.ToString());
        return 0;
    }

    private static async Task<long> SearchAsync(HttpClient http, string token, string word, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/search?q={Uri.EscapeDataString(word)}");
        using var response = await AppApi.SendAsync(http, request, token, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"search '{word}': HTTP {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        return body.Length;
    }

    /// <summary>
    /// 5,000 words: a few dozen real procurement words first (the commonest), then made-up ones; word rank r is
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

        public Vocabulary(int seed, int size = 5000)
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

        /// <summary>Ranks 1-10 (in most posts), 50-500 (in some), 2,000-5,000 (in a few): a third each, shuffled.</summary>
        public List<(string Word, string Class)> QueryWords(int count, Random random)
        {
            var list = new List<(string, string)>(count);
            for (var i = 0; i < count; i++)
            {
                list.Add((i % 3) switch
                {
                    0 => (_words[random.Next(0, 10)], "common (rank 1-10)"),
                    1 => (_words[random.Next(49, 500)], "middling (rank 50-500)"),
                    _ => (_words[random.Next(1999, _words.Length)], "rare (rank 2,000-5,000)"),
                });
            }
            return [.. list.OrderBy(_ => random.Next())];
        }
    }
}

internal sealed record SearchRow(string Words, int Queries, double P50Ms, double P95Ms, double P99Ms, double MaxMs);

internal sealed record SearchResult(DateTimeOffset At, int Cores, int Posts, int Threads, string Seeding, double SeedSeconds, int Queries, long AverageBytes, IReadOnlyList<SearchRow> Rows);
