using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PracticeCommunity.Testing;

/// <summary>
/// A real SMTP catcher: maildev (from the repository's package.json) on free loopback ports.
/// One instance serves the whole test run (<see cref="SharedAsync"/>); tests tell their mail apart by recipient,
/// so they never clear each other's messages.
/// </summary>
public sealed partial class MailCatcher : IAsyncDisposable
{
    public const string Host = "127.0.0.1";

    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static MailCatcher? _shared;

    private readonly Process _process;
    private readonly TempDirectory _mailDirectory;
    private readonly StringBuilder _output;
    private readonly HttpClient _http;

    private MailCatcher(Process process, TempDirectory mailDirectory, StringBuilder output, int smtpPort, int webPort)
    {
        _process = process;
        _mailDirectory = mailDirectory;
        _output = output;
        SmtpPort = smtpPort;
        WebPort = webPort;
        _http = new HttpClient { BaseAddress = new Uri($"http://{Host}:{webPort}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int SmtpPort { get; }
    public int WebPort { get; }

    /// <summary>The catcher every test of this run shares; started on first use, stopped when the test process exits.</summary>
    public static async Task<MailCatcher> SharedAsync()
    {
        await SharedGate.WaitAsync();
        try
        {
            if (_shared is null || _shared._process.HasExited)
            {
                _shared = await StartAsync();
                var started = _shared;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => started.Stop();
            }
            return _shared;
        }
        finally
        {
            SharedGate.Release();
        }
    }

    public static string FindExecutable()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("MAILDEV_BIN");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            if (File.Exists(fromEnvironment))
            {
                return fromEnvironment;
            }
            throw new InvalidOperationException($"MAILDEV_BIN is set to '{fromEnvironment}', which does not exist. Run `npm ci` in {RepositoryRoot.Path} or use `bash tests/run-all.sh`.");
        }
        var local = RepositoryRoot.Combine("node_modules", ".bin", "maildev");
        if (File.Exists(local))
        {
            return local;
        }
        throw new InvalidOperationException(
            $"maildev was not found: MAILDEV_BIN is not set and {local} does not exist. " +
            $"Run `npm ci` in {RepositoryRoot.Path} (or the whole suite with `bash tests/run-all.sh`, which does it).");
    }

    public static async Task<MailCatcher> StartAsync()
    {
        var executable = FindExecutable();
        Exception? last = null;
        // A free port can be taken between asking and binding: try a few pairs.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                return await StartOnceAsync(executable, FreePort.Next(), FreePort.Next());
            }
            catch (TimeoutException ex)
            {
                last = ex;
            }
        }
        throw new InvalidOperationException("maildev did not start after 3 attempts.", last);
    }

    /// <summary>A catcher of one's own on given ports: to bring "the mail server" back where an app expects it.</summary>
    public static Task<MailCatcher> StartOnAsync(int smtpPort, int webPort) => StartOnceAsync(FindExecutable(), smtpPort, webPort);

    private static async Task<MailCatcher> StartOnceAsync(string executable, int smtpPort, int webPort)
    {
        var directory = new TempDirectory("maildev");
        // maildev runs under a small shell that holds our end of a stdin pipe: when this test process ends in any way
        // (even killed by the runner, which skips ProcessExit handlers), the pipe closes and the shell stops maildev
        // and removes its mail folder. A crash of maildev itself ends the shell too.
        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("""
            dir="$1"; shift
            exec 3<&0
            "$@" </dev/null 3<&- &
            child=$!
            ( read -r _ <&3; kill "$child" 2>/dev/null ) &
            wait "$child"; code=$?
            rm -rf "$dir"
            exit $code
            """);
        info.ArgumentList.Add("maildev-guard");
        info.ArgumentList.Add(directory.Path);
        info.ArgumentList.Add(executable);
        foreach (var arg in new[] { "--smtp", smtpPort.ToString(), "--web", webPort.ToString(), "--ip", Host, "--mail-directory", directory.Path, "--silent" })
        {
            info.ArgumentList.Add(arg);
        }
        var output = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        if (!process.Start())
        {
            directory.Dispose();
            throw new InvalidOperationException($"Could not start {executable}.");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var catcher = new MailCatcher(process, directory, output, smtpPort, webPort);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                catcher.Stop();
                throw new TimeoutException($"maildev exited with code {process.ExitCode} while starting: {catcher.Output}");
            }
            if (await catcher.IsReadyAsync())
            {
                return catcher;
            }
            await Task.Delay(100);
        }
        catcher.Stop();
        throw new TimeoutException($"maildev did not answer on ports {smtpPort}/{webPort} within 30 s: {catcher.Output}");
    }

    private string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await _http.GetAsync("email");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }
            using var smtp = new TcpClient();
            await smtp.ConnectAsync(Host, SmtpPort);
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or TaskCanceledException)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<CaughtEmail>> GetAllAsync()
    {
        using var response = await _http.GetAsync("email");
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.EnumerateArray().Select(CaughtEmail.FromMaildev).ToList();
    }

    /// <summary>Waits for the first email that matches; fails with what did arrive when none does in time.</summary>
    public async Task<CaughtEmail> WaitForAsync(Func<CaughtEmail, bool> match, string description, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        IReadOnlyList<CaughtEmail> seen = [];
        while (clock.Elapsed < limit)
        {
            seen = await GetAllAsync();
            if (seen.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException(
            $"No email {description} arrived at maildev within {limit.TotalSeconds:0} s. " +
            $"Caught: {(seen.Count == 0 ? "none" : string.Join("; ", seen.Select(m => $"'{m.Subject}' to {string.Join(",", m.To)}")))}");
    }

    public Task<CaughtEmail> WaitForEmailToAsync(string address, string? subjectContains = null, TimeSpan? timeout = null) =>
        WaitForAsync(
            m => m.IsTo(address) && (subjectContains is null || m.Subject.Contains(subjectContains, StringComparison.OrdinalIgnoreCase)),
            $"to {address}{(subjectContains is null ? "" : $" with subject containing '{subjectContains}'")}",
            timeout);

    /// <summary>The email as it crossed SMTP (headers, parts and attachments), parsed by MimeKit.</summary>
    public async Task<MimeKit.MimeMessage> SourceAsync(CaughtEmail email)
    {
        using var response = await _http.GetAsync($"email/{email.Id}/source");
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        return await MimeKit.MimeMessage.LoadAsync(stream);
    }

    public async Task<IReadOnlyList<CaughtEmail>> EmailsToAsync(string address) =>
        (await GetAllAsync()).Where(m => m.IsTo(address)).ToList();

    /// <summary>Removes every caught email. Only for a catcher of one's own: the shared one serves parallel tests.</summary>
    public async Task ClearAsync()
    {
        using var response = await _http.DeleteAsync("email/all");
        response.EnsureSuccessStatusCode();
    }

    private void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _mailDirectory.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _http.Dispose();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>One email as maildev caught it.</summary>
public sealed partial record CaughtEmail(string Subject, string Text, string Html, IReadOnlyList<string> To, string Id = "")
{
    internal static CaughtEmail FromMaildev(JsonElement e)
    {
        string Str(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        var to = e.TryGetProperty("to", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(a => a.TryGetProperty("address", out var ad) ? ad.GetString() ?? "" : "").ToList()
            : [];
        return new CaughtEmail(Str("subject"), Str("text"), Str("html"), to, Str("id"));
    }

    public bool IsTo(string address) => To.Any(a => string.Equals(a, address, StringComparison.OrdinalIgnoreCase));

    /// <summary>The action link of the HTML body (the button's href), HTML-decoded.</summary>
    public Uri HtmlLink()
    {
        var match = HrefPattern().Match(Html);
        if (!match.Success)
        {
            throw new InvalidOperationException($"The HTML body of '{Subject}' has no <a href>: {Html}");
        }
        return new Uri(WebUtility.HtmlDecode(match.Groups[1].Value));
    }

    /// <summary>The link of the plain-text body, written as "Action: URL".</summary>
    public Uri TextLink()
    {
        var match = TextLinkPattern().Match(Text);
        if (!match.Success)
        {
            throw new InvalidOperationException($"The text body of '{Subject}' has no \"…: URL\" line: {Text}");
        }
        return new Uri(match.Groups[1].Value);
    }

    [GeneratedRegex("<a\\s[^>]*href=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HrefPattern();

    [GeneratedRegex(@":\s+(https?://\S+)")]
    private static partial Regex TextLinkPattern();
}
