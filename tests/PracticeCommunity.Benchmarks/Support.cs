using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PracticeCommunity.Benchmarks;

/// <summary>Command-line options: the mode, then `--name value` pairs.</summary>
internal sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public string Mode { get; private init; } = "";

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions { Mode = args.Length > 0 ? args[0] : "" };
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) continue;
            var name = args[i][2..];
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0) options._values[name[..eq]] = name[(eq + 1)..];
            else options._values[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
        }
        return options;
    }

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string String(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    /// <summary>The repository root: --repo, else the nearest folder up from here holding PracticeCommunity.sln.</summary>
    public string Repo
    {
        get
        {
            if (_values.TryGetValue("repo", out var repo)) return Path.GetFullPath(repo);
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "PracticeCommunity.sln"))) return dir.FullName;
                }
            }
            throw new InvalidOperationException("PracticeCommunity.sln not found above the current folder: pass --repo.");
        }
    }

    public string OutputDirectory => Path.GetFullPath(String("out", Path.Combine(Repo, "artifacts", "bench")));
}

/// <summary>Percentiles from a plain sorted array (nearest rank): no histogram library needed at these sizes.</summary>
internal static class Percentiles
{
    public static double Of(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static double Ms(long fromTimestamp, long toTimestamp) =>
        (toTimestamp - fromTimestamp) * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
}

/// <summary>Writes a result as JSON and Markdown under artifacts/bench/ and prints the Markdown.</summary>
internal static class Report
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string F(double value, string format = "0.0") =>
        double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);

    public static void Write(BenchOptions options, string name, object result, string markdown)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var basePath = Path.Combine(options.OutputDirectory, $"{name}-{stamp}");
        File.WriteAllText(basePath + ".json", JsonSerializer.Serialize(result, result.GetType(), Json));
        File.WriteAllText(basePath + ".md", markdown, Encoding.UTF8);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Written: {basePath}.json and .md");
    }
}
