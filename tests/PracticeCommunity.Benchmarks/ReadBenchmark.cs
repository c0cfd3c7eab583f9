using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace PracticeCommunity.Benchmarks;

/// <summary>
/// Reading: the server-rendered page of a thread with 1,000 posts, fetched as a signed-in browser would
/// (the cookie from login?useCookies=true), 200 times after a warm-up. Target: p95 under 150 ms.
/// </summary>
internal static class ReadBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var posts = options.Int("posts", 1000);
        var requests = options.Int("requests", 200);
        var warmUp = options.Int("warm-up", 20);
        var pagePath = options.String("page", "threads/{id}");

        await using var app = await ServerProcess.StartAsync(ServerKind.App, options.Repo, null, ct);
        using var http = ServerProcess.NewHttpClient(app.BaseUri);
        var member = await AppApi.CreateBuyerAsync(http, app, "reader", ct);
        var roomId = await AppApi.OpenRoomIdAsync(http, member.AccessToken, ct);
        var threadId = await AppApi.CreateThreadAsync(http, member.AccessToken, roomId, "Reading benchmark: a thread with many replies",
            PostBody(0), ct);

        // The opening post counts as one: add the replies over the API, a few at a time.
        var seedClock = Stopwatch.StartNew();
        var seeded = 0;
        await Parallel.ForEachAsync(Enumerable.Range(1, posts - 1), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (n, token) =>
        {
            var status = await AppApi.PostAsync(http, member.AccessToken, threadId, PostBody(n), retryWhenLimited: true, token);
            if (status != HttpStatusCode.Created) throw new InvalidOperationException($"Seeding post {n}: HTTP {(int)status}.");
            if (Interlocked.Increment(ref seeded) % 250 == 0) Console.WriteLine($"  {seeded} replies seeded");
        });
        Console.WriteLine($"read: thread {threadId} has {posts} posts (seeded in {seedClock.Elapsed.TotalSeconds:0.0} s)");

        var cookies = new CookieContainer();
        using var browser = ServerProcess.NewHttpClient(app.BaseUri, cookies);
        await AppApi.LoginWithCookieAsync(browser, member.Email, ct);
        var path = pagePath.Replace("{id}", threadId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

        // One look first: the page must be the thread, not a sign-in redirect or a not-found page.
        var (status0, html) = await GetAsync(browser, path, ct);
        if (status0 != HttpStatusCode.OK || !html.Contains("Reading benchmark", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"GET /{path}: HTTP {(int)status0}, {html.Length} chars, thread title {(html.Contains("Reading benchmark", StringComparison.Ordinal) ? "present" : "absent")}.");
        }
        var rendered = CountOccurrences(html, "read-bench-post ");
        for (var i = 0; i < warmUp; i++) await GetAsync(browser, path, ct);

        var timings = new double[requests];
        long bytes = 0;
        for (var i = 0; i < requests; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var (status, body) = await GetAsync(browser, path, ct);
            timings[i] = Percentiles.Ms(start, Stopwatch.GetTimestamp());
            if (status != HttpStatusCode.OK) throw new InvalidOperationException($"GET /{path} answered {(int)status} on request {i}.");
            bytes += Encoding.UTF8.GetByteCount(body);
        }
        Array.Sort(timings);
        app.Succeeded();

        var result = new ReadResult(DateTimeOffset.UtcNow, Environment.ProcessorCount, "/" + path, posts, rendered, requests, warmUp,
            Percentiles.Of(timings, 50), Percentiles.Of(timings, 95), Percentiles.Of(timings, 99), timings[^1], bytes / requests);
        var md = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# Reading: GET {result.Page} of a thread with {posts} posts, signed in with a cookie")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{result.At:u}, {result.Cores} cores; {requests} sequential requests after {warmUp} warm-up requests. Target: p95 under 150 ms.")
            .AppendLine()
            .AppendLine("| posts in thread | posts in the first HTML | p50 ms | p95 ms | p99 ms | max ms | HTML KiB |")
            .AppendLine("|---:|---:|---:|---:|---:|---:|---:|")
            .AppendLine(CultureInfo.InvariantCulture, $"| {posts} | {rendered} | {Report.F(result.P50Ms)} | {Report.F(result.P95Ms)} | {Report.F(result.P99Ms)} | {Report.F(result.MaxMs)} | {result.AverageBytes / 1024.0:0.0} |")
            .ToString();
        Report.Write(options, "read", result, md);
        return 0;
    }

    /// <summary>A reply of realistic length with a little Markdown; the marker counts the posts in the HTML.</summary>
    private static string PostBody(int n) =>
        $"read-bench-post {n}: we reused **{n % 40 + 2} desks** from the old town hall and asked the supplier for a take-back clause.\n\n" +
        "- what the tender asked for\n- how the supplier answered\n- what we would change next time\n\n" +
        "The lesson: ask for the repair manual with the offer, and score the warranty on refurbished items as on new ones.";

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}

internal sealed record ReadResult(DateTimeOffset At, int Cores, string Page, int Posts, int PostsInFirstHtml, int Requests, int WarmUp,
    double P50Ms, double P95Ms, double P99Ms, double MaxMs, long AverageBytes);
