using PracticeCommunity.Benchmarks;

// Modes (README.md): bare-server | live | read | search.
var options = BenchOptions.Parse(args);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    return options.Mode switch
    {
        "bare-server" => await BareServer.RunAsync(args),
        "live" => await LiveBenchmark.RunAsync(options, stop.Token),
        "read" => await ReadBenchmark.RunAsync(options, stop.Token),
        "search" => await SearchBenchmark.RunAsync(options, stop.Token),
        "circuits" => await CircuitsBenchmark.RunAsync(options, stop.Token),
        "api" => await ApiCostBenchmark.RunAsync(options, stop.Token),
        "cases" => await CasesBenchmark.RunAsync(options, stop.Token),
        "digest" => await DigestBenchmark.RunAsync(options, stop.Token),
        "providers" => await ProvidersBenchmark.RunAsync(options, stop.Token),
        _ => Usage(),
    };
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: PracticeCommunity.Benchmarks <mode> [options]
          bare-server --urls http://127.0.0.1:PORT      the bare relay hub (started by `live` itself)
          live   [--clients 1000] [--seconds 60] [--rounds 2] [--servers bare,app[,pair][,app@PATH]] [--interval-ms 100] [--postgres CONN]   (pair: two servers, one Redis)
          read   [--posts 1000] [--requests 200]
          search [--posts 100000] [--queries 200] [--seed sqlite|api] [--keep]
          circuits [--pages 10,40,100] [--posts 30] [--interval-ms 500] [--thread-posts 100]   (published app, headless Chromium)
          api    [--calls 200]                                            (server CPU per GET /rooms and per post)
          cases  [--cases 10000] [--replications 50] [--requests 100]     (the case library and a case page)
          digest [--members 10000]                                        (a digest run to maildev against a bare MailKit loop)
          providers --postgres CONN [--posts 500] [--search-posts 2000] [--cases 200] [--requests 100]   (the same data on SQLite and PostgreSQL)
        common: [--repo PATH] (default: the folder holding PracticeCommunity.sln) [--out artifacts/bench]
        """);
    return 2;
}
