using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PracticeCommunity.Benchmarks;

/// <summary>
/// The same data on SQLite and on PostgreSQL, each with the app's build output in its own process, seeded through the
/// public API with the same random words: a thread page of many posts, search, and the case library in its four sorts.
/// PostgreSQL is a server given by --postgres (a superuser connection string, e.g. what tests/Shared/start-postgres.sh
/// prints); each run gets a database of its own.
/// </summary>
internal static class ProvidersBenchmark
{
    private static readonly string[] Sorts = ["relevance", "newest", "mostReplicated", "mostDiscussed"];

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var admin = options.String("postgres", Environment.GetEnvironmentVariable("PRACTICE_TEST_POSTGRES") ?? "");
        if (admin.Length == 0) throw new InvalidOperationException("--postgres \"Host=127.0.0.1;Port=5432;Username=postgres\" is required.");
        var threadPosts = options.Int("posts", 500);
        var searchPosts = options.Int("search-posts", 2000);
        var cases = options.Int("cases", 200);
        var requests = options.Int("requests", 100);

        // --only Postgres (or Sqlite) measures one; --keep leaves the PostgreSQL database for a closer look (EXPLAIN).
        var only = options.String("only", "");
        var keep = options.String("keep", "false") != "false";
        var results = new List<ProviderResult>();
        foreach (var provider in new[] { "Sqlite", "Postgres" }.Where(p => only.Length == 0 || p.Equals(only, StringComparison.OrdinalIgnoreCase)))
        {
            Console.WriteLine($"providers: {provider}");
            await using var database = provider == "Postgres" ? await PostgresDatabase.CreateAsync(admin, ct, keep) : null;
            var environment = database?.Environment ?? new Dictionary<string, string>();
            await using var app = await ServerProcess.StartAsync(ServerKind.App, options.Repo, null, ct, environment: environment);
            results.Add(await MeasureAsync(provider, app, environment, threadPosts, searchPosts, cases, requests, ct));
            app.Succeeded();
        }
        var report = new ProvidersReport(DateTimeOffset.UtcNow, Environment.ProcessorCount, threadPosts, searchPosts, cases, requests, results);
        Report.Write(options, "providers", report, Markdown(report));
        return 0;
    }

    private static async Task<ProviderResult> MeasureAsync(string provider, ServerProcess app, Dictionary<string, string> environment,
        int threadPosts, int searchPosts, int cases, int requests, CancellationToken ct)
    {
        using var http = ServerProcess.NewHttpClient(app.BaseUri);
        var author = await AppApi.CreateBuyerAsync(http, app, "author", ct);
        var moderator = await AppApi.CreateBuyerAsync(http, app, "moderator", ct);
        await MakeModeratorAsync(app, environment, moderator.Email, ct);
        var moderatorToken = await AppApi.LoginAsync(http, moderator.Email, ct);
        // The app keeps a member's rights for up to 30 s: wait until it sees the new role.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var probe = new HttpRequestMessage(HttpMethod.Get, "api/v1/moderation/outbox");
            using var answer = await AppApi.SendAsync(http, probe, moderatorToken, ct);
            if (answer.StatusCode == HttpStatusCode.OK) break;
            if (waited.Elapsed > TimeSpan.FromSeconds(60)) throw new InvalidOperationException($"The moderator role did not take effect: HTTP {(int)answer.StatusCode}.");
            await Task.Delay(1000, ct);
        }
        var roomId = await AppApi.OpenRoomIdAsync(http, author.AccessToken, ct);
        var random = new Random(2030);
        var vocabulary = Enumerable.Range(0, 400).Select(i => Word(random)).ToArray();
        string Sentence() => string.Join(' ', Enumerable.Range(0, 24).Select(_ => vocabulary[random.Next(vocabulary.Length)]));

        var seedClock = Stopwatch.StartNew();
        var bigThread = await AppApi.CreateThreadAsync(http, author.AccessToken, roomId, "Providers benchmark: a long thread", Sentence(), ct);
        var bodies = Enumerable.Range(1, threadPosts - 1).Select(_ => (Thread: bigThread, Body: Sentence())).ToList();
        for (var t = 0; t < searchPosts / 50; t++)
        {
            var thread = await AppApi.CreateThreadAsync(http, author.AccessToken, roomId, $"Search corpus {t}: {Sentence()[..40]}", Sentence(), ct);
            bodies.AddRange(Enumerable.Range(1, 49).Select(_ => (thread, Sentence())));
        }
        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (post, token) =>
        {
            var status = await AppApi.PostAsync(http, author.AccessToken, post.Thread, post.Body, retryWhenLimited: true, token);
            if (status != HttpStatusCode.Created) throw new InvalidOperationException($"Seeding a post: HTTP {(int)status}.");
        });
        var caseTexts = Enumerable.Range(0, cases).Select(i => (Title: $"Case {i} {vocabulary[random.Next(vocabulary.Length)]}", Summary: Sentence(), Lessons: Sentence())).ToList();
        await Parallel.ForEachAsync(caseTexts, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (c, token) =>
            await PublishCaseAsync(http, author.AccessToken, moderatorToken, c.Title, c.Summary, c.Lessons, token));
        Console.WriteLine($"  seeded {threadPosts + searchPosts} posts and {cases} cases in {seedClock.Elapsed.TotalSeconds:0} s");
        // Fresh statistics on both, as after a day of use: right after a bulk load PostgreSQL plans with none until
        // autovacuum gets to the tables, which would measure the load rather than the queries.
        await AnalyzeAsync(app, environment, ct);

        var cookies = new CookieContainer();
        using var browser = ServerProcess.NewHttpClient(app.BaseUri, cookies);
        await AppApi.LoginWithCookieAsync(browser, author.Email, ct);
        var timings = new Dictionary<string, double[]>
        {
            ["thread page"] = await TimeAsync(requests, _ => GetAsync(browser, null, $"threads/{bigThread}", ct), ct),
            ["search"] = await TimeAsync(requests, i => GetAsync(http, author.AccessToken, $"api/v1/search?q={vocabulary[i % vocabulary.Length]}", ct), ct),
            ["search page"] = await TimeAsync(requests, i => GetAsync(browser, null, $"search?q={vocabulary[(i * 7) % vocabulary.Length]}", ct), ct),
        };
        foreach (var sort in Sorts)
        {
            var q = sort == "relevance" ? "&q=" : "";
            timings[$"cases, {sort}"] = await TimeAsync(requests, i => GetAsync(http, author.AccessToken,
                $"api/v1/cases?sort={sort}{(q.Length > 0 ? q + vocabulary[i % vocabulary.Length] : "")}", ct), ct);
        }
        timings["case library page"] = await TimeAsync(requests, _ => GetAsync(browser, null, "cases", ct), ct);
        foreach (var (name, t) in timings) Console.WriteLine($"  {name}: p50 {Report.F(Percentiles.Of(t, 50))} ms, p95 {Report.F(Percentiles.Of(t, 95))} ms");
        return new ProviderResult(provider, timings.ToDictionary(t => t.Key, t => new Timing(Percentiles.Of(t.Value, 50), Percentiles.Of(t.Value, 95), Percentiles.Of(t.Value, 99))));
    }

    /// <summary>The app's own database, straight: PostgreSQL when the run gave one, else its SQLite file.</summary>
    private static async Task<DbConnection> OpenDatabaseAsync(ServerProcess app, Dictionary<string, string> environment, CancellationToken ct)
    {
        DbConnection connection = environment.TryGetValue("ConnectionStrings__Default", out var postgres)
            ? new NpgsqlConnection(postgres)
            : new SqliteConnection($"Data Source={app.DatabaseFile}");
        await connection.OpenAsync(ct);
        return connection;
    }

    private static async Task AnalyzeAsync(ServerProcess app, Dictionary<string, string> environment, CancellationToken ct)
    {
        await using var connection = await OpenDatabaseAsync(app, environment, ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "ANALYZE";
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Moderator is a staff role that only an admin gives, in the browser; the benchmark writes the row itself.</summary>
    private static async Task MakeModeratorAsync(ServerProcess app, Dictionary<string, string> environment, string email, CancellationToken ct)
    {
        await using var connection = await OpenDatabaseAsync(app, environment, ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO "AspNetUserRoles" ("UserId", "RoleId")
            SELECT u."Id", r."Id" FROM "AspNetUsers" u, "AspNetRoles" r WHERE u."NormalizedEmail" = '{email.ToUpperInvariant()}' AND r."Name" = 'Moderator'
            """;
        if (await command.ExecuteNonQueryAsync(ct) != 1) throw new InvalidOperationException("The moderator role was not given.");
    }

    private static async Task PublishCaseAsync(HttpClient http, string author, string moderator, string title, string summary, string lessons, CancellationToken ct)
    {
        var body = new Dictionary<string, object?>
        {
            ["title"] = title, ["summary"] = summary, ["productGroup"] = "office-furniture", ["country"] = "BE",
            ["frameworkSteps"] = new[] { "criteria-products" }, ["need"] = "Desks for a new office.", ["approach"] = "Open procedure.",
            ["marketDialogue"] = true, ["procedure"] = "open", ["lots"] = 1, ["contractModel"] = "Refurbishment",
            ["criteria"] = new object[] { new { kind = "Award", text = "Share of recycled content.", weight = 20 } },
            ["goals"] = new[] { "D" },
            ["indicators"] = new object[] { new { goal = "D", name = "refurbished", unit = "desks", baseline = 0, contracted = 800, realised = 1002 } },
            ["contractValue"] = new { amount = 450000, currency = "EUR" }, ["durationMonths"] = 36, ["lessons"] = lessons,
            ["replicability"] = "A supplier network.", ["citedThreadIds"] = Array.Empty<long>(),
        };
        using var create = new HttpRequestMessage(HttpMethod.Post, "api/v1/cases") { Content = JsonContent.Create(body) };
        using var created = await AppApi.SendAsync(http, create, author, ct);
        await AppApi.EnsureAsync(created, "propose a case", ct, dispose: false, expected: HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("id").GetInt64();
        using var submit = new HttpRequestMessage(HttpMethod.Post, $"api/v1/cases/{id}/submit");
        await AppApi.EnsureAsync(await AppApi.SendAsync(http, submit, author, ct), "submit a case", ct);
        using var publish = new HttpRequestMessage(HttpMethod.Post, $"api/v1/cases/{id}/publish");
        await AppApi.EnsureAsync(await AppApi.SendAsync(http, publish, moderator, ct), "publish a case", ct);
    }

    private static async Task<double[]> TimeAsync(int requests, Func<int, Task> request, CancellationToken ct)
    {
        for (var i = 0; i < 10; i++) await request(i);
        var timings = new double[requests];
        for (var i = 0; i < requests; i++)
        {
            ct.ThrowIfCancellationRequested();
            var start = Stopwatch.GetTimestamp();
            await request(i);
            timings[i] = Percentiles.Ms(start, Stopwatch.GetTimestamp());
        }
        Array.Sort(timings);
        return timings;
    }

    private static async Task GetAsync(HttpClient http, string? token, string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await AppApi.SendAsync(http, request, token, ct);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET /{path}: HTTP {(int)response.StatusCode}.");
        await response.Content.LoadIntoBufferAsync(ct);
    }

    private static string Word(Random random)
    {
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        var length = random.Next(4, 10);
        var word = new StringBuilder(length);
        for (var i = 0; i < length; i++) word.Append(letters[random.Next(letters.Length)]);
        return word.ToString();
    }

    private static string Markdown(ProvidersReport r)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# SQLite and PostgreSQL with the same data");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{r.At:u}, {r.Cores} cores; a thread of {r.ThreadPosts} posts, {r.SearchPosts} more posts to search, {r.Cases} published cases, all through the API; {r.Requests} requests each, one at a time, after ANALYZE and 10 warm-up requests.");
        md.AppendLine();
        md.AppendLine("| request | SQLite p50 / p95 / p99 ms | PostgreSQL p50 / p95 / p99 ms | PostgreSQL p50 vs SQLite |");
        md.AppendLine("|---|---|---|---:|");
        var none = new Timing(double.NaN, double.NaN, double.NaN);
        var sqlite = r.Results.SingleOrDefault(x => x.Provider == "Sqlite");
        var postgres = r.Results.SingleOrDefault(x => x.Provider == "Postgres");
        foreach (var name in (sqlite ?? postgres)!.Timings.Keys)
        {
            var a = sqlite?.Timings[name] ?? none;
            var b = postgres?.Timings[name] ?? none;
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {Report.F(a.P50)} / {Report.F(a.P95)} / {Report.F(a.P99)} | {Report.F(b.P50)} / {Report.F(b.P95)} / {Report.F(b.P99)} | {Report.F(b.P50 / a.P50, "0.00")}x |");
        }
        return md.ToString();
    }
}

internal sealed record Timing(double P50, double P95, double P99);

internal sealed record ProviderResult(string Provider, Dictionary<string, Timing> Timings);

internal sealed record ProvidersReport(DateTimeOffset At, int Cores, int ThreadPosts, int SearchPosts, int Cases, int Requests, IReadOnlyList<ProviderResult> Results);
