using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PracticeCommunity.Benchmarks;

/// <summary>
/// The case library (issue 10): 10,000 published cases, one of them with 50 replications. Measures GET /api/v1/cases
/// with filters, search and sorts, and the case with 50 replications as JSON and as its server-rendered page, against
/// GET /api/v1/me in the same run (the same authentication and middleware, almost no work), on the published app in
/// Production. Target: p95 under 50 ms each.
/// The cases go in straight into SQLite with the app stopped, as copies of one case the app itself wrote, so the FTS5
/// triggers index them exactly as the app's own writes.
/// </summary>
internal static class CasesBenchmark
{
    private static readonly string[] Groups = ["office-furniture", "ict", "textiles", "food-and-catering", "construction-and-buildings", "mobility", "cleaning", "events"];
    private static readonly string[] CountryCodes = ["BE", "NL", "DE", "FR", "SE", "DK", "ES", "IT"];
    private static readonly string[] Models = ["Purchase", "Lease", "ProductAsAService", "BuyBack", "Refurbishment"];
    private static readonly string[] Words = ["desks", "laptops", "uniforms", "catering", "asphalt", "bicycles", "cleaning", "lighting", "phones", "chairs", "textiles", "packaging"];

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var cases = options.Int("cases", 10_000);
        var replications = options.Int("replications", 50);
        var requests = options.Int("requests", 100);
        var workDirectory = ServerProcess.NewWorkDirectory();
        var publish = Path.Combine(workDirectory, "publish");
        await CircuitsBenchmark.PublishAsync(options.Repo, publish, ct);

        BenchMember owner;
        long template;
        var seedClock = Stopwatch.StartNew();
        await using (var app = await ServerProcess.StartAsync(ServerKind.App, options.Repo, workDirectory, ct, publish))
        {
            using var http = ServerProcess.NewHttpClient(app.BaseUri);
            owner = await AppApi.CreateBuyerAsync(http, app, "caseowner", ct);
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/cases") { Content = JsonContent.Create(CaseBody()) };
            using var response = await AppApi.SendAsync(http, request, owner.AccessToken, ct);
            await AppApi.EnsureAsync(response, "propose the template case", ct, dispose: false, expected: HttpStatusCode.Created);
            template = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt64();
        }
        Seed(Path.Combine(workDirectory, "app.db"), template, cases, replications);
        Console.WriteLine($"cases: {cases} published cases, case {template} with {replications} replications, seeded in {seedClock.Elapsed.TotalSeconds:0} s");

        await using var server = await ServerProcess.StartAsync(ServerKind.App, options.Repo, workDirectory, ct, publish);
        using var client = ServerProcess.NewHttpClient(server.BaseUri);
        var token = await AppApi.LoginAsync(client, owner.Email, ct);
        var cookies = new CookieContainer();
        using var browser = ServerProcess.NewHttpClient(server.BaseUri, cookies);
        await AppApi.LoginWithCookieAsync(browser, owner.Email, ct);

        var library = new[]
        {
            "api/v1/cases", "api/v1/cases?productGroup=ict", "api/v1/cases?country=NL&contractModel=Lease", "api/v1/cases?goal=D&hasResults=true",
            "api/v1/cases?q=desks", "api/v1/cases?q=laptops&country=BE", "api/v1/cases?sort=replicated", "api/v1/cases?sort=discussed&productGroup=textiles",
            "api/v1/cases?page=200", "api/v1/cases?frameworkStep=end-of-use&organisationType=PublicBuyer&sort=newest",
        };
        var groups = new (string Name, Func<int, string> Path, HttpClient Http, string? Token)[]
        {
            ("reference: GET /api/v1/me", _ => "api/v1/me", client, token),
            ("library: GET /api/v1/cases, the 10 mixes below in turn", i => library[i % library.Length], client, token),
            ($"case with {replications} replications: GET /api/v1/cases/{{id}}", _ => $"api/v1/cases/{template}", client, token),
            ($"case page with {replications} replications: GET /cases/{{id}} (server-rendered)", _ => $"cases/{template}", browser, null),
        }.Concat(library.Select(path => ($"  GET /{path}", (Func<int, string>)(_ => path), client, (string?)token))).ToArray();
        // One look at each, then warm-up: every answer must be a 200.
        foreach (var (_, path, http, auth) in groups)
            for (var i = 0; i < 20; i++) await TimeAsync(http, path(i), auth, ct);

        var rows = new List<CasesRow>();
        foreach (var (name, path, http, auth) in groups)
        {
            var timings = new double[requests];
            long bytes = 0;
            for (var i = 0; i < requests; i++)
            {
                var (ms, length) = await TimeAsync(http, path(i), auth, ct);
                timings[i] = ms;
                bytes += length;
            }
            Array.Sort(timings);
            rows.Add(new CasesRow(name, requests, Percentiles.Of(timings, 50), Percentiles.Of(timings, 95), Percentiles.Of(timings, 99), timings[^1], bytes / requests));
        }
        server.Succeeded();

        var result = new CasesResult(DateTimeOffset.UtcNow, Environment.ProcessorCount, cases, replications, requests, rows);
        var md = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# Case library: {cases} published cases, one with {replications} replications")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{result.At:u}, {result.Cores} cores; published app, Production; {requests} sequential requests per row after 20 warm-up requests. Target: p95 under 50 ms.")
            .AppendLine()
            .AppendLine("| request | n | p50 ms | p95 ms | p99 ms | max ms | KiB |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Request} | {r.Requests} | {Report.F(r.P50Ms)} | {Report.F(r.P95Ms)} | {Report.F(r.P99Ms)} | {Report.F(r.MaxMs)} | {r.AverageBytes / 1024.0:0.0} |");
        Report.Write(options, "cases", result, md.ToString());
        Directory.Delete(workDirectory, recursive: true);
        return 0;
    }

    private static async Task<(double Ms, long Bytes)> TimeAsync(HttpClient http, string path, string? token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        var start = Stopwatch.GetTimestamp();
        using var response = await AppApi.SendAsync(http, request, token, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        var ms = Percentiles.Ms(start, Stopwatch.GetTimestamp());
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET /{path}: HTTP {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)[..Math.Min(300, body.Length)]}");
        return (ms, body.Length);
    }

    private static object CaseBody() => new
    {
        title = "Refurbished desks for the city hall", summary = "Refurbished desks instead of new ones.", productGroup = "office-furniture", country = "BE",
        frameworkSteps = new[] { "criteria-products", "end-of-use" }, need = "A new office for 1,000 staff.", approach = "Market dialogue, then an open procedure.",
        contractModel = "Refurbishment", goals = new[] { "C", "D" },
        criteria = new object[] { new { kind = "Award", text = "Share of refurbished desks.", weight = 20 }, new { kind = "TechnicalSpecification", text = "At least 80% refurbished." } },
        indicators = new object[]
        {
            new { goal = "D", name = "refurbished", unit = "desks", baseline = 0, contracted = 800, realised = 1002 },
            new { goal = "C", name = "emissions", unit = "t CO2e", baseline = 120, contracted = 90, realised = 82 },
        },
        contractValue = new { amount = 450000, currency = "EUR" }, durationMonths = 36, lessons = "Talk to refurbishers before writing the specification.",
        replicability = "A supplier network that can refurbish at scale.",
    };

    /// <summary>Publishes the template and copies it (with its indicators) until there are <paramref name="count"/> published cases; adds the replications.</summary>
    private static void Seed(string databaseFile, long template, int count, int replications)
    {
        using var db = new SqliteConnection($"Data Source={databaseFile};Pooling=False");
        db.Open();
        using var tx = db.BeginTransaction();
        var start = DateTimeOffset.UtcNow.AddDays(-count / 10.0).UtcTicks;
        Execute(db, tx, $"UPDATE Cases SET Status = 'Published', PublishedAt = {start}, ReplicationCount = {replications} WHERE Id = {template}");
        using var copyCase = SearchBenchmark.CopyRowCommand(db, tx, "Cases", new()
        {
            ["Title"] = "$title", ["Summary"] = "$summary", ["Lessons"] = "$lessons", ["ProductGroup"] = "$group", ["Country"] = "$country",
            ["ContractModel"] = "$model", ["Goals"] = "$goals", ["HasRealisedResults"] = "$results", ["PublishedAt"] = "$published", ["ReplicationCount"] = "$replicated",
        });
        using var copyIndicator = SearchBenchmark.CopyRowCommand(db, tx, "CaseIndicators", new() { ["CaseId"] = "$caseId", ["ReplicationId"] = "$replicationId", ["Realised"] = "$realised" });
        var indicatorIds = new List<long>();
        using (var read = db.CreateCommand())
        {
            read.Transaction = tx;
            read.CommandText = $"SELECT Id FROM CaseIndicators WHERE CaseId = {template} ORDER BY Position";
            using var reader = read.ExecuteReader();
            while (reader.Read()) indicatorIds.Add(reader.GetInt64(0));
        }
        var random = new Random(42);
        for (var n = 1; n < count; n++)
        {
            var word = Words[n % Words.Length];
            var results = n % 3 != 0;
            copyCase.Parameters["$template"].Value = template;
            copyCase.Parameters["$title"].Value = $"Circular {word} in city {n}";
            copyCase.Parameters["$summary"].Value = $"How city {n} bought {word} with {Words[(n * 7) % Words.Length]} in mind.";
            copyCase.Parameters["$lessons"].Value = $"Lesson {n}: talk to the market about {word} early; {Words[(n * 3) % Words.Length]} mattered.";
            copyCase.Parameters["$group"].Value = Groups[n % Groups.Length];
            copyCase.Parameters["$country"].Value = CountryCodes[(n / Groups.Length) % CountryCodes.Length];
            copyCase.Parameters["$model"].Value = Models[n % Models.Length];
            copyCase.Parameters["$goals"].Value = (n % 4) switch { 0 => "[\"A\",\"C\"]", 1 => "[\"C\",\"D\"]", 2 => "[\"B\",\"E\"]", _ => "[\"D\"]" };
            copyCase.Parameters["$results"].Value = results ? 1 : 0;
            copyCase.Parameters["$published"].Value = start + n * TimeSpan.TicksPerMinute;
            copyCase.Parameters["$replicated"].Value = random.Next(0, 6);
            var id = (long)copyCase.ExecuteScalar()!;
            foreach (var indicator in indicatorIds) CopyIndicator(copyIndicator, indicator, id, null, results ? random.Next(10, 2000) : null);
        }
        using var insertReplication = db.CreateCommand();
        insertReplication.Transaction = tx;
        insertReplication.CommandText = """
            INSERT INTO Replications (CaseId, BuyerId, OrganisationName, Country, Status, Goals, Criteria, Notes, CreatedAt, UpdatedAt)
            SELECT Id, OwnerId, $organisation, $country, $status, Goals, Criteria, '', $at, $at FROM Cases WHERE Id = $template RETURNING Id
            """;
        foreach (var name in new[] { "$organisation", "$country", "$status", "$at", "$template" }) insertReplication.Parameters.AddWithValue(name, DBNull.Value);
        string[] statuses = ["Interested", "Planning", "Tendering", "Awarded", "Done", "Abandoned"];
        for (var r = 0; r < replications; r++)
        {
            insertReplication.Parameters["$organisation"].Value = $"City {r + 1}";
            insertReplication.Parameters["$country"].Value = CountryCodes[r % CountryCodes.Length];
            insertReplication.Parameters["$status"].Value = statuses[r % statuses.Length];
            insertReplication.Parameters["$at"].Value = start + r * TimeSpan.TicksPerHour;
            insertReplication.Parameters["$template"].Value = template;
            var replicationId = (long)insertReplication.ExecuteScalar()!;
            foreach (var indicator in indicatorIds) CopyIndicator(copyIndicator, indicator, null, replicationId, statuses[r % statuses.Length] is "Done" or "Awarded" ? random.Next(10, 900) : null);
        }
        tx.Commit();
    }

    private static void CopyIndicator(SqliteCommand copy, long template, long? caseId, long? replicationId, double? realised)
    {
        copy.Parameters["$template"].Value = template;
        copy.Parameters["$caseId"].Value = (object?)caseId ?? DBNull.Value;
        copy.Parameters["$replicationId"].Value = (object?)replicationId ?? DBNull.Value;
        copy.Parameters["$realised"].Value = (object?)realised ?? DBNull.Value;
        copy.ExecuteScalar();
    }

    private static void Execute(SqliteConnection db, SqliteTransaction tx, string sql)
    {
        using var command = db.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

internal sealed record CasesRow(string Request, int Requests, double P50Ms, double P95Ms, double P99Ms, double MaxMs, long AverageBytes);

internal sealed record CasesResult(DateTimeOffset At, int Cores, int Cases, int Replications, int RequestsPerRow, IReadOnlyList<CasesRow> Rows);
