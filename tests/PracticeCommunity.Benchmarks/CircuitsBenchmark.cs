using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace PracticeCommunity.Benchmarks;

/// <summary>
/// Blazor circuits watching one thread (issue 6): N pages in headless Chromium on a thread of 100 posts of the
/// published app in Production, then posts over the API. Per N: delivery p50/p99 (API send to the post appearing
/// in each page), server CPU per post and per watching page (against the same run with no page open), server
/// memory per circuit (the managed objects that survive a full collection, with N pages open minus with the first one
/// open, over N - 1; and the resident set the same way), and posts missing on any page.
/// </summary>
internal static class CircuitsBenchmark
{
    private sealed record Round(int Pages, int Posts, double P50Ms, double P99Ms, double CpuMsPerPost, double CpuMsPerPagePerPost, double KiBPerCircuit, double HeapKiBPerCircuit, int Missing);

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var repo = options.Repo;
        var pageCounts = options.String("pages", "10,40,100").Split(',').Select(int.Parse).ToArray();
        var posts = options.Int("posts", 30);
        var threadPosts = options.Int("thread-posts", 100);
        var interval = TimeSpan.FromMilliseconds(options.Int("interval-ms", 500));
        var publish = Path.Combine(ServerProcess.NewWorkDirectory(), "publish");
        await PublishAsync(repo, publish, ct);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });

        var rounds = new List<Round>();
        double? cpuPerPostWithoutPages = null;
        foreach (var n in new[] { 0 }.Concat(pageCounts))
        {
            var round = await RoundAsync(browser, repo, publish, n, posts, threadPosts, interval, cpuPerPostWithoutPages, options.Int("hold-seconds", 0), ct);
            cpuPerPostWithoutPages ??= round.CpuMsPerPost;
            rounds.Add(round);
            Console.WriteLine($"  {n} pages: p50 {Report.F(round.P50Ms)} ms, p99 {Report.F(round.P99Ms)} ms, CPU {Report.F(round.CpuMsPerPost)} ms/post " +
                $"({Report.F(round.CpuMsPerPagePerPost, "0.00")} ms per page), {Report.F(round.HeapKiBPerCircuit, "0")} KiB heap / {Report.F(round.KiBPerCircuit, "0")} KiB resident per circuit, {round.Missing} missing");
        }

        var md = new StringBuilder();
        md.AppendLine($"# Circuits: {posts} posts every {interval.TotalMilliseconds} ms over the API, pages on a thread of {threadPosts} posts (published app, Production)");
        md.AppendLine();
        md.AppendLine("| pages | delivery p50 | delivery p99 | server CPU per post | per watching page | managed heap per circuit | resident set per circuit | missing |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rounds)
        {
            md.AppendLine($"| {r.Pages} | {Report.F(r.P50Ms)} ms | {Report.F(r.P99Ms)} ms | {Report.F(r.CpuMsPerPost)} ms | {Report.F(r.CpuMsPerPagePerPost, "0.00")} ms | {Report.F(r.HeapKiBPerCircuit, "0")} KiB | {Report.F(r.KiBPerCircuit, "0")} KiB | {r.Missing} |");
        }
        md.AppendLine();
        md.AppendLine("CPU per watching page = (CPU per post with N pages - CPU per post with none) / N, both from /proc in the same run; " +
            "idle CPU over the same time is subtracted. Managed heap per circuit = (bytes surviving a full collection with N pages open - with the first open) / (N - 1), " +
            "which is what each further circuit keeps; resident set per circuit = (VmRSS with N pages open - with the first open) / (N - 1), which also counts garbage not yet collected and the GC's reserve.");
        Report.Write(options, "circuits", new { rounds, posts, intervalMs = interval.TotalMilliseconds, processors = Environment.ProcessorCount }, md.ToString());
        return rounds.Any(r => r.Missing > 0) ? 1 : 0;
    }

    private static async Task<Round> RoundAsync(IBrowser browser, string repo, string publish, int n, int posts, int threadPosts, TimeSpan interval, double? cpuPerPostWithoutPages, int hold, CancellationToken ct)
    {
        await using var app = await ServerProcess.StartAsync(ServerKind.App, repo, null, ct, publish);
        using var http = ServerProcess.NewHttpClient(app.BaseUri);
        var poster = await AppApi.CreateBuyerAsync(http, app, "poster", ct);
        var watcher = await AppApi.CreateBuyerAsync(http, app, "watcher", ct);
        var roomId = await AppApi.OpenRoomIdAsync(http, poster.AccessToken, ct);
        var threadId = await AppApi.CreateThreadAsync(http, poster.AccessToken, roomId, "Which desks can be refurbished?", "Opening post.", ct);
        for (var i = 0; i < Math.Max(0, threadPosts - 51); i++) await AppApi.PostAsync(http, poster.AccessToken, threadId, $"Earlier reply {i}: lease the desks, repair the chairs.", true, ct);
        // The second half of the seeding, back to back and warm, is the cost of a post with no one watching.
        var seedingCpu = app.CpuTime();
        var seedingClock = Stopwatch.StartNew();
        for (var i = Math.Max(0, threadPosts - 51); i < threadPosts - 1; i++) await AppApi.PostAsync(http, poster.AccessToken, threadId, $"Earlier reply {i}: lease the desks, repair the chairs.", true, ct);
        Console.WriteLine($"    seeding: {Report.F((app.CpuTime() - seedingCpu).TotalMilliseconds / 50)} ms CPU per post, {Report.F(seedingClock.Elapsed.TotalMilliseconds / 50)} ms wall");

        var cookies = new CookieContainer();
        using (var cookieClient = ServerProcess.NewHttpClient(app.BaseUri, cookies))
        {
            await AppApi.LoginWithCookieAsync(cookieClient, watcher.Email, ct);
        }
        await using var context = await browser.NewContextAsync(new() { BaseURL = app.BaseUri.ToString() });
        await context.AddCookiesAsync(cookies.GetAllCookies().Select(c => new Microsoft.Playwright.Cookie
        {
            Name = c.Name, Value = c.Value, Domain = app.BaseUri.Host, Path = "/", HttpOnly = true,
        }));
        // Each page notes when each post element first appears (wall clock, as the sender's).
        await context.AddInitScriptAsync("""
            window.__arrivals = {};
            new MutationObserver(() => {
                for (const el of document.querySelectorAll('[data-post-id]')) {
                    const id = el.getAttribute('data-post-id');
                    if (!(id in window.__arrivals)) window.__arrivals[id] = Date.now();
                }
            }).observe(document, { childList: true, subtree: true });
            """);

        // The first page of a round pays for what stays cached for every later one (compiled render paths, reflection
        // caches): memory per circuit is measured over the pages opened after it.
        var pages = new List<IPage>();
        async Task OpenPageAsync()
        {
            var page = await context.NewPageAsync();
            await OpenAsync(page, threadId);
            pages.Add(page);
        }
        if (n > 0) await OpenPageAsync();
        await Task.Delay(1000, ct);
        var heapBefore = await HeapProbe.LiveManagedBytesAsync(app.Pid, ct);
        var rssBefore = app.ResidentBytes();
        while (pages.Count < n) await OpenPageAsync();
        await Task.Delay(3000, ct);
        var rssAfter = app.ResidentBytes();
        var heapAfter = await HeapProbe.LiveManagedBytesAsync(app.Pid, ct);
        if (n > 0 && hold > 0)
        {
            // For a look inside (dotnet-gcdump collect -p PID) while the pages are open.
            Console.WriteLine($"    holding {hold} s with {n} pages open: server pid {app.Pid}");
            await Task.Delay(TimeSpan.FromSeconds(hold), ct);
        }

        // Spaced posts before measuring: the tiered JIT compiles the hot paths (the pages' render path too) only once
        // calls pause for a moment, so back-to-back seeding leaves that work to land in the measurement.
        for (var i = 0; i < 40; i++)
        {
            await AppApi.PostAsync(http, poster.AccessToken, threadId, $"Warm-up {i}", true, ct);
            await Task.Delay(300, ct);
        }
        await Task.Delay(2000, ct);

        var idleStart = app.CpuTime();
        await Task.Delay(interval * posts, ct);
        var idle = app.CpuTime() - idleStart;
        Console.WriteLine($"    idle: {Report.F(idle.TotalMilliseconds)} ms CPU over {Report.F((interval * posts).TotalSeconds)} s");

        var sent = new Dictionary<long, long>();
        var cpuStart = app.CpuTime();
        for (var i = 0; i < posts; i++)
        {
            var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/threads/{threadId}/posts") { Content = JsonContent.Create(new { body = $"Live post {i}" }) };
            using var response = await AppApi.SendAsync(http, request, poster.AccessToken, ct);
            var created = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            sent[created.GetProperty("id").GetInt64()] = at;
            await Task.Delay(interval, ct);
        }
        var deadline = Stopwatch.StartNew();
        var latencies = new List<double>();
        var missing = 0;
        foreach (var page in pages)
        {
            Dictionary<string, long> arrivals;
            do
            {
                arrivals = await page.EvaluateAsync<Dictionary<string, long>>("() => window.__arrivals");
                if (sent.Keys.All(id => arrivals.ContainsKey(id.ToString()))) break;
                await Task.Delay(200, ct);
            }
            while (deadline.Elapsed < TimeSpan.FromSeconds(30));
            foreach (var (id, at) in sent)
            {
                if (arrivals.TryGetValue(id.ToString(), out var arrived)) latencies.Add(arrived - at);
                else missing++;
            }
        }
        var cpu = app.CpuTime() - cpuStart - idle;
        var cpuPerPost = cpu.TotalMilliseconds / posts;
        var sorted = latencies.Order().ToArray();
        app.Succeeded();
        foreach (var page in pages) await page.CloseAsync();
        return new Round(n, posts, Percentiles.Of(sorted, 50), Percentiles.Of(sorted, 99), cpuPerPost,
            n == 0 || cpuPerPostWithoutPages is null ? double.NaN : (cpuPerPost - cpuPerPostWithoutPages.Value) / n,
            n <= 1 ? double.NaN : (rssAfter - rssBefore) / 1024.0 / (n - 1),
            n <= 1 ? double.NaN : (heapAfter - heapBefore) / 1024.0 / (n - 1), missing);
    }

    /// <summary>Opens the thread and waits until its circuit runs (the presence line fills in only then).</summary>
    private static async Task OpenAsync(IPage page, long threadId)
    {
        await page.GotoAsync($"threads/{threadId}");
        await page.Locator("[data-testid=presence]").GetByText("here now").WaitForAsync(new() { Timeout = 60_000 });
    }

    /// <summary>Lays out the Release build as `dotnet publish` does, for running in Production.</summary>
    public static async Task PublishAsync(string repo, string publish, CancellationToken ct)
    {
        Console.WriteLine($"Publishing the app to {publish} (from the Release build) ...");
        await RunAsync("dotnet", ["publish", Path.Combine(repo, "PracticeCommunity.csproj"), "-c", "Release", "--no-build", "-o", publish, "--nologo"], repo, ct);
    }

    private static async Task RunAsync(string file, string[] args, string directory, CancellationToken ct)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed:\n{await output}\n{await errors}");
    }
}
