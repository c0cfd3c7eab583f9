using System.Diagnostics;
using PracticeCommunity.Testing;

namespace PracticeCommunity.BrowserTests.Infrastructure;

/// <summary>
/// The app as production runs it: `dotnet publish` output, started with `dotnet PracticeCommunity.dll` in the
/// Production environment, on its own port, database and mail folder. The build output alone cannot serve
/// _framework/blazor.web.js outside Development (its static files are only mapped at development time).
/// </summary>
public sealed class PublishedApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _work;

    private PublishedApp(Process process, TempDirectory work, Uri address) => (_process, _work, Address) = (process, work, address);

    public Uri Address { get; }

    public static async Task<PublishedApp> StartAsync()
    {
        var work = new TempDirectory("published");
        var output = work.Combine("app");
        // The test run already built the app in Release: publish only lays the output out.
        await RunAsync("dotnet", ["publish", RepositoryRoot.Combine("PracticeCommunity.csproj"), "-c", "Release", "--no-build", "-o", output, "--nologo"], RepositoryRoot.Path);

        var port = FreePort.Next();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = output, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(output, "PracticeCommunity.dll"), "--urls", address.ToString().TrimEnd('/') }) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["App__PublicBaseUrl"] = address.ToString();
        start.Environment["ConnectionStrings__Default"] = $"Data Source={work.Combine("app.db")}";
        start.Environment["Smtp__PickupDirectory"] = work.Combine("mail");
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Smtp__Host", StringComparison.OrdinalIgnoreCase)).ToList()) start.Environment.Remove(key);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the published app.");
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = address };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException("The published app exited:\n" + string.Join("\n", log));
            try
            {
                using var ready = await http.GetAsync("/health/ready");
                if (ready.IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The published app did not answer /health/ready:\n" + string.Join("\n", log));
            await Task.Delay(200);
        }
        return new PublishedApp(process, work, address);
    }

    private static async Task RunAsync(string file, string[] args, string directory)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed:\n{await stdout}\n{await stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _work.Dispose();
    }
}
