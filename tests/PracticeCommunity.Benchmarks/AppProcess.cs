using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;

namespace PracticeCommunity.Benchmarks;

internal enum ServerKind
{
    Bare,
    App,
}

/// <summary>
/// A server in its own process on 127.0.0.1: the bare relay (this program's bare-server mode) or the real app
/// (its Release build, on a temporary SQLite file, with email written to a temporary pickup folder).
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private readonly bool _ownsWorkDirectory;
    private bool _succeeded;

    private ServerProcess(ServerKind kind, Process process, StreamWriter log, Uri baseUri, string workDirectory, bool ownsWorkDirectory)
    {
        _ownsWorkDirectory = ownsWorkDirectory;
        Kind = kind;
        _process = process;
        _log = log;
        BaseUri = baseUri;
        WorkDirectory = workDirectory;
    }

    public ServerKind Kind { get; }
    public Uri BaseUri { get; }
    public int Pid => _process.Id;

    /// <summary>Holds the app's database, its mail pickup folder and the server's log.</summary>
    public string WorkDirectory { get; }

    public string DatabaseFile => Path.Combine(WorkDirectory, "app.db");
    public string PickupDirectory => Path.Combine(WorkDirectory, "mail");

    public static string NewWorkDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"pc-bench-{Guid.NewGuid():N}"[..20]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <param name="workDirectory">Reuse one to restart the app on the same database; null for a fresh one.</param>
    /// <param name="publishedDirectory">Run the `dotnet publish` output there instead of the build output (Blazor pages
    /// need it outside Development).</param>
    /// <param name="environment">Settings on top (for example Smtp__Host to send to a real SMTP server).</param>
    public static async Task<ServerProcess> StartAsync(ServerKind kind, string repo, string? workDirectory, CancellationToken ct, string? publishedDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var owns = workDirectory is null;
        workDirectory ??= NewWorkDirectory();
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = kind == ServerKind.App ? publishedDirectory ?? repo : workDirectory,
        };
        if (kind == ServerKind.App)
        {
            var dll = publishedDirectory is null ? Path.Combine(repo, "bin", "Release", "net10.0", "PracticeCommunity.dll") : Path.Combine(publishedDirectory, "PracticeCommunity.dll");
            if (!File.Exists(dll))
            {
                throw new InvalidOperationException($"{dll} is missing: build it first with `dotnet build -c Release {Path.Combine(repo, "PracticeCommunity.csproj")}`.");
            }
            foreach (var a in new[] { dll, "--urls", url, "--contentRoot", publishedDirectory ?? repo }) start.ArgumentList.Add(a);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["DOTNET_ENVIRONMENT"] = "Production";
            start.Environment["ConnectionStrings__Default"] = $"Data Source={Path.Combine(workDirectory, "app.db")}";
            start.Environment["Members__PublicBodyDomains__0"] = "bench.test";
            // Production needs the public URL; the load is one client flooding on purpose, so no rate limits.
            start.Environment["App__PublicBaseUrl"] = url;
            start.Environment["RateLimits__Enabled"] = "false";
            start.Environment["Smtp__PickupDirectory"] = Path.Combine(workDirectory, "mail");
            // No SMTP host, whatever the calling shell has: mail goes to the pickup folder.
            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Smtp__", StringComparison.OrdinalIgnoreCase) && k != "Smtp__PickupDirectory").ToList())
            {
                start.Environment.Remove(key);
            }
            foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        }
        else
        {
            foreach (var a in new[] { typeof(BareServer).Assembly.Location, "bare-server", "--urls", url }) start.ArgumentList.Add(a);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        }

        var log = new StreamWriter(Path.Combine(workDirectory, $"server-{kind.ToString().ToLowerInvariant()}-{port}.log")) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        // Drain both pipes: a full pipe would block the server's logging and so the server.
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ServerProcess(kind, process, log, new Uri(url + "/"), workDirectory, owns);
        await server.WaitUntilReadyAsync(ct);
        return server;
    }

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(5) };
        var path = Kind == ServerKind.App ? "health/ready" : "health/live";
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The {Kind} server exited with code {_process.ExitCode}; see {WorkDirectory}.");
            }
            try
            {
                using var response = await http.GetAsync(path, ct);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // slow first answer
            }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"The {Kind} server did not answer /{path} within 120 s; see {WorkDirectory}.");
    }

    /// <summary>The server's resident set (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        throw new InvalidOperationException($"No VmRSS in /proc/{Pid}/status.");
    }

    /// <summary>
    /// CPU time the server has used (user + system, from /proc/&lt;pid&gt;/stat): unlike latency, it hardly moves
    /// when other processes compete for the cores, so it compares the servers' work per post fairly.
    /// </summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the command name: state is field 3, utime field 14 and stime field 15 (man 5 proc).
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    /// <summary>USER_HZ: 100 on every Linux this runs on.</summary>
    private const int ClockTicksPerSecond = 100;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM-like shutdown first (so SQLite closes cleanly), then a kill if it takes too long.
            try
            {
                using var term = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]);
                await term.WaitForExitAsync();
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // no kill command: fall through to Kill
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
        // Keep the database, mail and log of a run that failed, to look into; remove the rest.
        if (_ownsWorkDirectory && _succeeded) Directory.Delete(WorkDirectory, recursive: true);
    }

    /// <summary>Marks the run as done, so that disposing removes the temporary folder this server made.</summary>
    public void Succeeded() => _succeeded = true;

    public static HttpClient NewHttpClient(Uri baseUri, CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            MaxConnectionsPerServer = 64,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromSeconds(60),
        };

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A member of the real app, signed in over the API.</summary>
internal sealed record BenchMember(string Email, string AccessToken);

/// <summary>What a script does on the real app, through its public API only (contract.md).</summary>
internal static partial class AppApi
{
    public const string Password = "Circular-2030!";

    /// <summary>Register, confirm through the emailed link, sign in, and complete the profile as a public buyer.</summary>
    public static async Task<BenchMember> CreateBuyerAsync(HttpClient http, ServerProcess app, string name, CancellationToken ct)
    {
        var email = $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)] + "@bench.test";
        await EnsureAsync(await http.PostAsJsonAsync("api/v1/auth/register", new { email, password = Password }, ct), "register " + email, ct);
        var link = await WaitForConfirmationLinkAsync(app.PickupDirectory, email, ct);
        await EnsureAsync(await http.GetAsync(link.PathAndQuery.TrimStart('/'), ct), "confirm " + email, ct);
        var token = await LoginAsync(http, email, ct);
        var profile = new
        {
            displayName = "Bench " + name,
            timeZone = "Europe/Brussels",
            organisation = new { name = "Bench City " + name, type = "PublicBuyer", country = "BE" },
            role = "Buyer",
            productGroups = Array.Empty<string>(),
        };
        using var put = new HttpRequestMessage(HttpMethod.Put, "api/v1/me/profile") { Content = JsonContent.Create(profile) };
        await EnsureAsync(await SendAsync(http, put, token, ct), "profile of " + email, ct);
        return new BenchMember(email, token);
    }

    public static async Task<string> LoginAsync(HttpClient http, string email, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("api/v1/auth/login", new { email, password = Password }, ct);
        await EnsureAsync(response, "login " + email, ct, dispose: false);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return body.GetProperty("accessToken").GetString() ?? throw new InvalidOperationException("No accessToken.");
    }

    /// <summary>Signs in with the cookie the browser would get (the server-rendered pages take cookies, not bearer tokens).</summary>
    public static async Task LoginWithCookieAsync(HttpClient cookieClient, string email, CancellationToken ct) =>
        await EnsureAsync(await cookieClient.PostAsJsonAsync("api/v1/auth/login?useCookies=true", new { email, password = Password }, ct), "cookie login " + email, ct);

    /// <summary>The first room every member can see (audience Open).</summary>
    public static async Task<int> OpenRoomIdAsync(HttpClient http, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/rooms");
        using var response = await SendAsync(http, request, token, ct);
        await EnsureAsync(response, "list rooms", ct, dispose: false);
        var rooms = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        foreach (var room in rooms.EnumerateArray())
        {
            if (room.GetProperty("audience").GetString() == "Open") return room.GetProperty("id").GetInt32();
        }
        throw new InvalidOperationException("No Open room in GET /api/v1/rooms.");
    }

    public static async Task<long> CreateThreadAsync(HttpClient http, string token, int roomId, string title, string body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/rooms/{roomId}/threads")
        {
            Content = JsonContent.Create(new { title, body, kind = "PracticeQuestion", tags = Array.Empty<string>() }),
        };
        using var response = await SendAsync(http, request, token, ct);
        await EnsureAsync(response, "create thread", ct, dispose: false, expected: HttpStatusCode.Created);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return created.GetProperty("id").GetInt64();
    }

    /// <summary>POST /api/v1/threads/{id}/posts; waits out a 429's Retry-After when asked to. Returns the status.</summary>
    public static async Task<HttpStatusCode> PostAsync(HttpClient http, string? token, long threadId, string body, bool retryWhenLimited, CancellationToken ct)
    {
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/threads/{threadId}/posts") { Content = JsonContent.Create(new { body }) };
            using var response = await SendAsync(http, request, token, ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && retryWhenLimited)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), ct);
                continue;
            }
            return response.StatusCode;
        }
    }

    public static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string? token, CancellationToken ct)
    {
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request, ct);
    }

    public static async Task EnsureAsync(HttpResponseMessage response, string doing, CancellationToken ct,
        bool dispose = true, HttpStatusCode expected = HttpStatusCode.OK)
    {
        try
        {
            if (response.StatusCode != expected && !(expected == HttpStatusCode.OK && response.StatusCode is HttpStatusCode.Created or HttpStatusCode.NoContent))
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                throw new InvalidOperationException($"{doing}: HTTP {(int)response.StatusCode}: {(text.Length > 500 ? text[..500] : text)}");
            }
        }
        finally
        {
            if (dispose) response.Dispose();
        }
    }

    /// <summary>The link in the newest .eml addressed to <paramref name="email"/> in the pickup folder.</summary>
    private static async Task<Uri> WaitForConfirmationLinkAsync(string pickupDirectory, string email, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (Directory.Exists(pickupDirectory))
            {
                foreach (var file in new DirectoryInfo(pickupDirectory).GetFiles("*.eml").OrderByDescending(f => f.LastWriteTimeUtc))
                {
                    MimeMessage message;
                    try
                    {
                        message = await MimeMessage.LoadAsync(file.FullName, ct);
                    }
                    catch (Exception e) when (e is IOException or FormatException)
                    {
                        continue; // still being written: read again on the next pass
                    }
                    using (message)
                    {
                        if (!message.To.Mailboxes.Any(m => string.Equals(m.Address, email, StringComparison.OrdinalIgnoreCase))) continue;
                        // The action button is the first link of the HTML body; the text body's "Action: URL" line is the fallback.
                        var match = HrefPattern().Match(message.HtmlBody ?? "");
                        if (!match.Success) match = LinkPattern().Match(message.TextBody ?? "");
                        if (match.Success) return new Uri(WebUtility.HtmlDecode(match.Groups[1].Value));
                    }
                }
            }
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"No confirmation email to {email} in {pickupDirectory} within 60 s.");
    }

    [GeneratedRegex(@":\s+(https?://\S+)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("<a\\s[^>]*href=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HrefPattern();
}
