using System.Diagnostics;
using System.Text;

namespace PracticeCommunity.Benchmarks;

/// <summary>
/// Server CPU per API call with no one watching (issue 6): GET /api/v1/rooms and a post over the API, on the
/// published app, after a spaced warm-up (so the tiered JIT is done), with the idle CPU of the same wall time
/// subtracted. CPU comes from /proc, so other load on the machine hardly moves it.
/// </summary>
internal static class ApiCostBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var repo = options.Repo;
        var calls = options.Int("calls", 200);
        var publish = Path.Combine(ServerProcess.NewWorkDirectory(), "publish");
        await CircuitsBenchmark.PublishAsync(repo, publish, ct);
        await using var app = await ServerProcess.StartAsync(ServerKind.App, repo, null, ct, publish);
        using var http = ServerProcess.NewHttpClient(app.BaseUri);
        var member = await AppApi.CreateBuyerAsync(http, app, "api", ct);
        var roomId = await AppApi.OpenRoomIdAsync(http, member.AccessToken, ct);
        var threadId = await AppApi.CreateThreadAsync(http, member.AccessToken, roomId, "API cost", "Opening post.", ct);
        for (var i = 0; i < 40; i++)
        {
            await AppApi.OpenRoomIdAsync(http, member.AccessToken, ct);
            await AppApi.PostAsync(http, member.AccessToken, threadId, $"Warm-up {i}", true, ct);
            await Task.Delay(200, ct);
        }
        await Task.Delay(2000, ct);
        var idleStart = app.CpuTime();
        var idleClock = Stopwatch.StartNew();
        await Task.Delay(10_000, ct);
        var idlePerSecond = (app.CpuTime() - idleStart).TotalMilliseconds / idleClock.Elapsed.TotalSeconds;

        async Task<double> MeasureAsync(Func<Task> call)
        {
            var cpu = app.CpuTime();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++) await call();
            return ((app.CpuTime() - cpu).TotalMilliseconds - idlePerSecond * clock.Elapsed.TotalSeconds) / calls;
        }
        var rooms = await MeasureAsync(() => AppApi.OpenRoomIdAsync(http, member.AccessToken, ct));
        var posts = await MeasureAsync(() => AppApi.PostAsync(http, member.AccessToken, threadId, "A measured post: lease, repair, take back.", true, ct));
        app.Succeeded();

        var md = new StringBuilder();
        md.AppendLine($"# API cost: server CPU per call, {calls} calls each, published app, idle subtracted ({Report.F(idlePerSecond)} ms/s)");
        md.AppendLine();
        md.AppendLine("| call | server CPU per call | target |");
        md.AppendLine("|---|---:|---:|");
        md.AppendLine($"| GET /api/v1/rooms | {Report.F(rooms, "0.00")} ms | 2 ms |");
        md.AppendLine($"| POST /api/v1/threads/{{id}}/posts, no one watching | {Report.F(posts, "0.00")} ms | 10 ms |");
        Report.Write(options, "api", new { calls, idlePerSecond, roomsMs = rooms, postMs = posts }, md.ToString());
        return 0;
    }
}
