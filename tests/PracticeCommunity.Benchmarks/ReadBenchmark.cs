namespace PracticeCommunity.Benchmarks;

internal static class ReadBenchmark
{
    // Filled in once the app's thread page and search land in src/.
    public static Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        Console.Error.WriteLine($"{options.Mode}: not written yet");
        return Task.FromResult(ct.IsCancellationRequested ? 130 : 2);
    }
}
