using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace PracticeCommunity.Benchmarks;

/// <summary>
/// Live delivery: N hub connections watch one thread while one member posts over HTTP every 100 ms.
/// "pair" is two app servers on one database and one redis-server (started here): the watchers are split between
/// them and the member posts to the first, so half the deliveries cross servers (reported apart as "cross-server").
/// The servers run in their own processes and alternate (bare, app, bare, app, ...), so the app's figures can be
/// read as ratios against the bare relay measured on the same machine in the same minutes.
/// </summary>
internal static class LiveBenchmark
{
    private const int ConnectConcurrency = 25;

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var clients = options.Int("clients", 1000);
        var seconds = options.Int("seconds", 60);
        var rounds = options.Int("rounds", 2);
        var intervalMs = options.Int("interval-ms", 100);
        // With --postgres (a superuser connection string) every app round runs on a fresh PostgreSQL database.
        var postgres = options.String("postgres", "");
        // "bare", "app", or "app@PATH" for the app built in another checkout (to compare a change in the same run).
        var specs = options.String("servers", "bare,app").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var pairs = specs.Select(s => s.Split('@')[0].Equals("pair", StringComparison.OrdinalIgnoreCase)).ToArray();
        var kinds = specs.Select((s, i) => pairs[i] ? ServerKind.App : Enum.Parse<ServerKind>(s.Split('@')[0], ignoreCase: true)).ToArray();
        var repos = specs.Select(s => s.Contains('@', StringComparison.Ordinal) ? Path.GetFullPath(s[(s.IndexOf('@', StringComparison.Ordinal) + 1)..]) : options.Repo).ToArray();
        // Two servers of the same kind (the sanity run "bare,bare") get their position in the label.
        var labels = specs.Select((s, i) => specs.Count(x => x == s) > 1 ? $"{s.ToLowerInvariant()}#{i + 1}" : s.ToLowerInvariant()).ToArray();

        // Every connection's callbacks and the posting loop share this process's two cores with the servers.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Math.Min(clients, 200)), Math.Max(io, Math.Min(clients, 200)));
        Console.WriteLine($"live: {clients} clients, {seconds} s of posts every {intervalMs} ms, {rounds} rounds of [{string.Join(", ", labels)}]; open-file limit: {OpenFileLimit()}");

        var results = new List<LiveRound>();
        for (var round = 1; round <= rounds; round++)
        {
            for (var i = 0; i < kinds.Length; i++)
            {
                ct.ThrowIfCancellationRequested();
                Console.WriteLine($"round {round}: {labels[i]}");
                var result = await RunRoundAsync(kinds[i], labels[i], round, repos[i], clients, seconds, intervalMs, pairs[i], postgres, ct);
                results.Add(result);
                Console.WriteLine($"  p50 {Report.F(result.LatencyP50Ms)} ms, p99 {Report.F(result.LatencyP99Ms)} ms, cross-server p99 {Report.F(result.CrossP99Ms)} ms, lost {result.Lost}, duplicates {result.Duplicates}, " +
                    $"{Report.F(result.BytesPerClient / 1024.0)} KiB/client, {Report.F(result.CpuMsPerPost)} ms server CPU/post, connected {result.Connected}/{clients}, post errors {result.PostErrors}");
            }
        }

        var summary = labels.Select(label => LiveSummary.Of(label, results.Where(r => r.Server == label).ToList())).ToList();
        var report = new LiveReport(DateTimeOffset.UtcNow, Environment.ProcessorCount, clients, seconds, intervalMs, rounds, summary, results);
        Report.Write(options, "live", report, Markdown(report));
        return results.All(r => r.Connected == clients) ? 0 : 1;
    }

    private static async Task<LiveRound> RunRoundAsync(ServerKind kind, string label, int round, string repo, int clients, int seconds, int intervalMs,
        bool pair, string postgres, CancellationToken ct)
    {
        await using var redis = pair ? await PracticeCommunity.Testing.RedisServer.StartAsync() : null;
        await using var database = kind == ServerKind.App && postgres.Length > 0 ? await PostgresDatabase.CreateAsync(postgres, ct) : null;
        var environment = database?.Environment ?? new Dictionary<string, string>();
        if (redis is not null)
        {
            environment["Redis__Configuration"] = redis.Configuration;
            environment["Redis__ChannelPrefix"] = $"bench-{round}";
        }
        await using var server = await ServerProcess.StartAsync(kind, repo, null, ct, environment: environment);
        // The second server of a pair: the same database file, the same Redis.
        await using var second = pair ? await ServerProcess.StartAsync(kind, repo, server.WorkDirectory, ct, environment: environment) : null;
        using var http = ServerProcess.NewHttpClient(server.BaseUri);

        // The bare relay has no accounts and takes any thread id; the app gets real members and a real thread.
        string? posterToken = null;
        string?[] watcherTokens = [null];
        long threadId = 1;
        if (kind == ServerKind.App)
        {
            var members = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => AppApi.CreateBuyerAsync(http, server, i == 0 ? "poster" : $"watcher{i}", ct)));
            posterToken = members[0].AccessToken;
            // A few tokens shared by many connections, as the brief allows: presence lists stay short.
            watcherTokens = members.Skip(1).Select(m => (string?)m.AccessToken).ToArray();
            var roomId = await AppApi.OpenRoomIdAsync(http, posterToken, ct);
            threadId = await AppApi.CreateThreadAsync(http, posterToken, roomId, "Live benchmark thread", "Watching this thread live.", ct);
        }

        var posts = seconds * 1000 / intervalMs;
        var hubUrl = new Uri(server.BaseUri, BareServer.HubPath.TrimStart('/'));
        var secondHubUrl = second is null ? null : new Uri(second.BaseUri, BareServer.HubPath.TrimStart('/'));
        // In a pair, odd watchers are on the second server: every delivery to them crossed servers.
        Uri HubFor(int i) => secondHubUrl is not null && i % 2 == 1 ? secondHubUrl : hubUrl;

        // Warm up both ends (JIT, first-use caches) with one watcher, so the memory baseline excludes one-off costs.
        var warm = new Watcher(20);
        await using (var warmConnection = await ConnectAsync(hubUrl, watcherTokens[0], threadId, warm, ct))
        {
            for (var i = 0; i < 20; i++)
            {
                await AppApi.PostAsync(http, posterToken, threadId, $"first seq={i} t={Stopwatch.GetTimestamp()}", retryWhenLimited: true, ct);
            }
            await WaitAsync(() => warm.Received >= 20, TimeSpan.FromSeconds(10), ct);
        }
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var rssBefore = server.ResidentBytes();

        // Connect the watchers, a few at a time.
        var watchers = Enumerable.Range(0, clients).Select(i => new Watcher(posts)).ToArray();
        var connections = new HubConnection?[clients];
        var connectFailures = 0;
        var cpuBeforeConnect = server.CpuTime();
        var connectClock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, clients), new ParallelOptions { MaxDegreeOfParallelism = ConnectConcurrency, CancellationToken = ct },
            async (i, token) =>
            {
                for (var attempt = 1; attempt <= 3 && connections[i] is null; attempt++)
                {
                    try
                    {
                        connections[i] = await ConnectAsync(HubFor(i), watcherTokens[i % watcherTokens.Length], threadId, watchers[i], token);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                    {
                        if (attempt == 3)
                        {
                            Interlocked.Increment(ref connectFailures);
                            Console.WriteLine($"  connection {i} failed: {ex.GetType().Name}: {ex.Message}");
                        }
                    }
                }
            });
        var connectSeconds = connectClock.Elapsed.TotalSeconds;
        var connected = connections.Count(c => c is not null);
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        var rssConnected = server.ResidentBytes();
        var cpuConnect = server.CpuTime() - cpuBeforeConnect;
        Console.WriteLine($"  {connected} connected in {connectSeconds:0.0} s ({cpuConnect.TotalSeconds:0.0} s of server CPU); RSS {rssBefore / 1048576.0:0.0} -> {rssConnected / 1048576.0:0.0} MiB");

        // Warm-up with everyone watching (tiered JIT of the delivery paths on both ends); watchers ignore these.
        await PostOnScheduleAsync(http, posterToken, threadId, Math.Min(posts, 3000 / intervalMs), intervalMs, (s, t) => $"warm-up n={s} t={t}", ct);
        await Task.Delay(TimeSpan.FromSeconds(1), ct);

        var cpuBeforePosts = server.CpuTime();
        var (_, httpMs, statuses) = await PostOnScheduleAsync(http, posterToken, threadId, posts, intervalMs, (s, t) => $"bench seq={s} t={t}", ct);
        var created = statuses.Count(s => s == HttpStatusCode.Created);
        var expected = (long)posts * connected;
        // Let the last deliveries arrive (a generous bound: a delivery later than this counts as lost).
        await WaitAsync(() => watchers.Sum(w => (long)w.Received) >= (long)created * connected, TimeSpan.FromSeconds(15), ct);
        var rssAfter = server.ResidentBytes();
        var cpuPosts = server.CpuTime() - cpuBeforePosts;

        var latencies = new List<double>((int)Math.Min(expected, int.MaxValue));
        var crossLatencies = new List<double>();
        long received = 0, duplicates = 0, foreign = 0, disconnected = 0, presence = 0;
        for (var i = 0; i < watchers.Length; i++)
        {
            if (connections[i] is null) continue;
            var w = watchers[i];
            var crossed = HubFor(i) != hubUrl;
            received += w.Received;
            duplicates += w.Duplicates;
            foreign += w.Foreign;
            presence += w.PresenceEvents;
            disconnected += w.Closed ? 1 : 0;
            for (var seq = 0; seq < posts; seq++)
            {
                if (w.Receipts[seq] == 0) continue;
                latencies.Add(Percentiles.Ms(w.SentStamps[seq], w.Receipts[seq]));
                if (crossed) crossLatencies.Add(Percentiles.Ms(w.SentStamps[seq], w.Receipts[seq]));
            }
        }
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        var sortedCross = crossLatencies.ToArray();
        Array.Sort(sortedCross);
        var sortedHttp = httpMs.ToArray();
        Array.Sort(sortedHttp);

        await Parallel.ForEachAsync(connections.Where(c => c is not null), new ParallelOptions { MaxDegreeOfParallelism = 50 },
            async (c, _) => await c!.DisposeAsync());

        server.Succeeded();
        second?.Succeeded();
        return new LiveRound(label, round, kind.ToString(), clients, connected, connectFailures, (int)disconnected, Math.Round(connectSeconds, 2),
            posts, posts - created, expected, received, expected - received, duplicates, foreign, presence,
            Percentiles.Of(sorted, 50), Percentiles.Of(sorted, 99), sorted.Length > 0 ? sorted[^1] : double.NaN,
            Percentiles.Of(sortedHttp, 50), Percentiles.Of(sortedHttp, 99),
            rssBefore, rssConnected, rssAfter, connected > 0 ? (rssConnected - rssBefore) / (double)connected : double.NaN,
            connected > 0 ? cpuConnect.TotalMilliseconds / connected : double.NaN, cpuPosts.TotalMilliseconds / posts,
            Percentiles.Of(sortedCross, 50), Percentiles.Of(sortedCross, 99));
    }

    /// <summary>Posts every interval; each post is fired on schedule without waiting for the previous one.</summary>
    private static async Task<(long[] Sent, double[] HttpMs, HttpStatusCode[] Statuses)> PostOnScheduleAsync(
        HttpClient http, string? token, long threadId, int posts, int intervalMs, Func<int, long, string> body, CancellationToken ct)
    {
        var sendTimestamps = new long[posts];
        var httpMs = new double[posts];
        var statuses = new HttpStatusCode[posts];
        var inFlight = new List<Task>(posts);
        using (var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(intervalMs)))
        {
            for (var seq = 0; seq < posts; seq++)
            {
                if (seq > 0) await timer.WaitForNextTickAsync(ct);
                var s = seq;
                inFlight.Add(Task.Run(async () =>
                {
                    var sent = Stopwatch.GetTimestamp();
                    sendTimestamps[s] = sent;
                    try
                    {
                        statuses[s] = await AppApi.PostAsync(http, token, threadId, body(s, sent), retryWhenLimited: false, ct);
                    }
                    catch (HttpRequestException)
                    {
                        statuses[s] = 0;
                    }
                    catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                    {
                        statuses[s] = HttpStatusCode.RequestTimeout;
                    }
                    httpMs[s] = Percentiles.Ms(sent, Stopwatch.GetTimestamp());
                }, ct));
            }
        }
        await Task.WhenAll(inFlight);
        return (sendTimestamps, httpMs, statuses);
    }

    private static async Task<HubConnection> ConnectAsync(Uri hubUrl, string? token, long threadId, Watcher watcher, CancellationToken ct)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hubUrl, o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        connection.On<PostCreatedMessage>("PostCreated", watcher.OnPostCreated);
        // The app also tells the group who is here; counted because it is traffic the bare relay does not have.
        connection.On<System.Text.Json.JsonElement>("PresenceChanged", _ => Interlocked.Increment(ref watcher.PresenceEvents));
        connection.Closed += _ =>
        {
            watcher.Closed = true;
            return Task.CompletedTask;
        };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await connection.StartAsync(timeout.Token);
            await connection.InvokeAsync("JoinThread", threadId, timeout.Token);
            watcher.Closed = false;
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task WaitAsync(Func<bool> done, TimeSpan limit, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (!done() && clock.Elapsed < limit) await Task.Delay(50, ct);
    }

    private static string OpenFileLimit()
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            return line is null ? "?" : string.Join(' ', line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string Markdown(LiveReport r)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Live delivery: {r.Clients} hub clients, one HTTP post every {r.IntervalMs} ms for {r.Seconds} s");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{r.At:u}, {r.Cores} cores, {r.Rounds} rounds, servers alternating; clients in a separate process. Medians over rounds; lost and duplicates summed.");
        md.AppendLine();
        md.AppendLine("| server | p50 ms | p99 ms | cross-server p99 ms | lost | duplicates | post errors | KiB per client | server CPU ms per connect | server CPU ms per post | p99 vs first | cross-server p99 vs first's p99 | memory vs first | CPU per post vs first |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var first = r.Summary[0];
        foreach (var s in r.Summary)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Server} | {Report.F(s.LatencyP50Ms)} | {Report.F(s.LatencyP99Ms)} | {Report.F(s.CrossP99Ms)} | {s.Lost} | {s.Duplicates} | {s.PostErrors} | {Report.F(s.BytesPerClient / 1024)} | {Report.F(s.CpuMsPerConnect, "0.00")} | {Report.F(s.CpuMsPerPost, "0.0")} | {Report.F(s.LatencyP99Ms / first.LatencyP99Ms, "0.00")}x | {Report.F(s.CrossP99Ms / first.LatencyP99Ms, "0.00")}x | {Report.F(s.BytesPerClient / first.BytesPerClient, "0.00")}x | {Report.F(s.CpuMsPerPost / first.CpuMsPerPost, "0.00")}x |");
        }
        md.AppendLine();
        md.AppendLine("| round | server | connected | connect s | PresenceChanged received | p50 ms | p99 ms | max ms | HTTP p50/p99 ms | expected | received | lost | dup | post errors | RSS before / connected / after MiB | KiB per client |");
        md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---:|");
        foreach (var x in r.Runs)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {x.Round} | {x.Server} | {x.Connected} | {Report.F(x.ConnectSeconds)} | {x.PresenceEvents} | {Report.F(x.LatencyP50Ms)} | {Report.F(x.LatencyP99Ms)} | {Report.F(x.LatencyMaxMs)} | {Report.F(x.HttpP50Ms)} / {Report.F(x.HttpP99Ms)} | {x.Expected} | {x.Received} | {x.Lost} | {x.Duplicates} | {x.PostErrors} | {x.RssBefore / 1048576.0:0.0} / {x.RssConnected / 1048576.0:0.0} / {x.RssAfter / 1048576.0:0.0} | {Report.F(x.BytesPerClient / 1024)} |");
        }
        return md.ToString();
    }

    /// <summary>The part of the PostCreated event the benchmark reads.</summary>
    internal sealed record PostCreatedMessage(long ThreadId, long PostId, string BodyHtml);

    /// <summary>One connection's receipts, indexed by sequence number. Callbacks of one connection never overlap.</summary>
    private sealed class Watcher(int posts)
    {
        public long[] Receipts { get; } = new long[posts];
        public long[] SentStamps { get; } = new long[posts];
        public int Received;
        public int Duplicates;
        public int Foreign;
        public int PresenceEvents;
        public volatile bool Closed;

        public void OnPostCreated(PostCreatedMessage message)
        {
            var now = Stopwatch.GetTimestamp();
            if (message.BodyHtml.Contains("warm-up", StringComparison.Ordinal)) return;
            if (!TryParse(message.BodyHtml, "seq=", out var seq) || !TryParse(message.BodyHtml, "t=", out var sent) || seq < 0 || seq >= Receipts.Length)
            {
                Interlocked.Increment(ref Foreign);
                return;
            }
            if (Receipts[seq] != 0)
            {
                Interlocked.Increment(ref Duplicates);
                return;
            }
            Receipts[seq] = now;
            SentStamps[seq] = sent;
            Interlocked.Increment(ref Received);
        }

        private static bool TryParse(string html, string key, out long value)
        {
            value = 0;
            var at = html.IndexOf(key, StringComparison.Ordinal);
            if (at < 0) return false;
            var span = html.AsSpan(at + key.Length);
            var end = 0;
            while (end < span.Length && char.IsAsciiDigit(span[end])) end++;
            return long.TryParse(span[..end], NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }
    }
}

internal sealed record LiveRound(
    string Server, int Round, string Kind, int Clients, int Connected, int ConnectFailures, int ClosedDuringRun, double ConnectSeconds,
    int Posts, int PostErrors, long Expected, long Received, long Lost, long Duplicates, long Foreign, long PresenceEvents,
    double LatencyP50Ms, double LatencyP99Ms, double LatencyMaxMs, double HttpP50Ms, double HttpP99Ms,
    long RssBefore, long RssConnected, long RssAfter, double BytesPerClient, double CpuMsPerConnect, double CpuMsPerPost,
    double CrossP50Ms = double.NaN, double CrossP99Ms = double.NaN);

internal sealed record LiveSummary(string Server, double LatencyP50Ms, double LatencyP99Ms, long Lost, long Duplicates, int PostErrors, double BytesPerClient,
    double CpuMsPerConnect, double CpuMsPerPost, double CrossP99Ms)
{
    public static LiveSummary Of(string server, IReadOnlyList<LiveRound> rounds) => new(server,
        Median(rounds.Select(r => r.LatencyP50Ms)), Median(rounds.Select(r => r.LatencyP99Ms)),
        rounds.Sum(r => r.Lost), rounds.Sum(r => r.Duplicates), rounds.Sum(r => r.PostErrors), Median(rounds.Select(r => r.BytesPerClient)),
        Median(rounds.Select(r => r.CpuMsPerConnect)), Median(rounds.Select(r => r.CpuMsPerPost)), Median(rounds.Select(r => r.CrossP99Ms)));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

internal sealed record LiveReport(DateTimeOffset At, int Cores, int Clients, int Seconds, int IntervalMs, int Rounds, IReadOnlyList<LiveSummary> Summary, IReadOnlyList<LiveRound> Runs);
