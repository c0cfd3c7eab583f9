using System.Collections.Concurrent;
using System.Diagnostics;

namespace PracticeCommunity.Testing;

/// <summary>
/// The app's build output in its own process (<c>dotnet bin/Release/net10.0/PracticeCommunity.dll</c>) on a free
/// loopback port, with the given settings (environment variables, <c>Section__Key</c>), sending email to maildev.
/// It can be killed with SIGKILL, as in a crash, and another started on the same database.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log;

    private AppProcess(Process process, ConcurrentQueue<string> log, Uri address) => (_process, _log, Address) = (process, log, address);

    public Uri Address { get; }

    public string Log => string.Join("\n", _log.TakeLast(80));

    /// <summary>The settings of a process on a test database: the provider and connection string of <paramref name="app"/>.</summary>
    public static Dictionary<string, string> On(CommunityAppFactory app) => new()
    {
        ["Database__Provider"] = app.Postgres ? "Postgres" : "Sqlite",
        ["ConnectionStrings__Default"] = app.ConnectionString,
    };

    public static async Task<AppProcess> StartAsync(MailCatcher mail, IReadOnlyDictionary<string, string> settings)
    {
        var dll = RepositoryRoot.Combine("bin", "Release", "net10.0", "PracticeCommunity.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the solution in Release first.");
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryRoot.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "--urls", address.ToString().TrimEnd('/') }) info.ArgumentList.Add(a);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["App__PublicBaseUrl"] = "http://localhost/";
        info.Environment["Smtp__Host"] = MailCatcher.Host;
        info.Environment["Smtp__Port"] = mail.SmtpPort.ToString();
        info.Environment["Smtp__Security"] = "None";
        info.Environment["RateLimits__Enabled"] = "false";
        info.Environment["Members__PublicBodyDomains__0"] = CommunityAppFactory.PublicBodyDomain;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings) info.Environment[key] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the app.");
        var log = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, log, address);
        using var http = new HttpClient { BaseAddress = address };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException("The app exited:\n" + app.Log);
            try
            {
                // With Redis, ready means listening to the other servers too (the readiness check is Healthy then).
                using var ready = await http.GetAsync(settings.ContainsKey("Redis__Configuration") ? "/health/ready" : "/health/live");
                if (ready.IsSuccessStatusCode && (!settings.ContainsKey("Redis__Configuration") || await ready.Content.ReadAsStringAsync() == "Healthy")) return app;
            }
            catch (HttpRequestException) { }
            if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("The app did not start:\n" + app.Log);
            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL: no shutdown, no flushing, as in a crash.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
