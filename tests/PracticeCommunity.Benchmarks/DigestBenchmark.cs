using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Data.Sqlite;
using MimeKit;

namespace PracticeCommunity.Benchmarks;

/// <summary>
/// A digest run (issue 11): 10,000 members (half buyers, half suppliers, all in the "ict" product group) with a week
/// of activity, their daily digest due, sent by the app to maildev; against a bare MailKit loop sending the same number
/// of messages of the same size to the same maildev in the same run (one connection per 100 messages, as the app).
/// Digests per second end to end (first digest queued to last one sent), and the app's resident memory before and
/// during the run, sampled every 250 ms. Targets: at least 0.8x the bare loop; memory flat.
/// Members go in straight into SQLite with the app stopped, as copies of a buyer and a supplier the app itself made.
/// </summary>
internal static class DigestBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var members = options.Int("members", 10_000);
        var workDirectory = ServerProcess.NewWorkDirectory();
        await using var maildev = await Maildev.StartAsync(options.Repo, workDirectory, ct);
        var smtp = new Dictionary<string, string>
        {
            ["Smtp__Host"] = "127.0.0.1", ["Smtp__Port"] = maildev.SmtpPort.ToString(CultureInfo.InvariantCulture), ["Smtp__Security"] = "None",
        };

        // 1. The app makes a buyer and a supplier (the templates) and a week of activity in the open rooms.
        var seedClock = Stopwatch.StartNew();
        string buyerId, supplierId;
        long digestBytes;
        await using (var app = await ServerProcess.StartAsync(ServerKind.App, options.Repo, workDirectory, ct))
        {
            using var http = ServerProcess.NewHttpClient(app.BaseUri);
            var buyer = await AppApi.CreateBuyerAsync(http, app, "digestbuyer", ct);
            await ProfileAsync(http, buyer.AccessToken, "Buyer", "PublicBuyer", ct);
            var supplier = await AppApi.CreateBuyerAsync(http, app, "digestsupplier", ct);
            await ProfileAsync(http, supplier.AccessToken, "Supplier", "Supplier", ct);
            var author = await AppApi.CreateBuyerAsync(http, app, "digestauthor", ct);
            await ProfileAsync(http, author.AccessToken, "Buyer", "PublicBuyer", ct);
            var room = await AppApi.OpenRoomIdAsync(http, author.AccessToken, ct);
            for (var i = 0; i < 15; i++)
                await ThreadAsync(http, author.AccessToken, room, $"Which supplier takes back used laptops, case {i}?", "PracticeQuestion", ct);
            for (var i = 0; i < 10; i++)
            {
                var thread = await ThreadAsync(http, author.AccessToken, room, $"Our pilot with refurbished desks, part {i}", "PracticeShare", ct);
                for (var r = 0; r < 5; r++)
                    await AppApi.PostAsync(http, author.AccessToken, thread, $"Update {r}: we measured the CO2 savings of the desks again and the numbers hold up well.", true, ct);
            }
            using var preview = new HttpRequestMessage(HttpMethod.Get, "api/v1/me/digest/preview");
            using var response = await AppApi.SendAsync(http, preview, supplier.AccessToken, ct);
            digestBytes = (await response.Content.ReadAsByteArrayAsync(ct)).Length;
            buyerId = await MemberIdAsync(http, buyer.AccessToken, ct);
            supplierId = await MemberIdAsync(http, supplier.AccessToken, ct);
        }
        var database = Path.Combine(workDirectory, "app.db");
        var slot = DateTimeOffset.UtcNow;
        slot = new DateTimeOffset(slot.Year, slot.Month, slot.Day, slot.Hour, 0, 0, TimeSpan.Zero);
        Seed(database, buyerId, supplierId, members, slot);
        Console.WriteLine($"digest: {members} members seeded in {seedClock.Elapsed.TotalSeconds:0} s; a digest's HTML is {digestBytes / 1024.0:0.0} KiB");

        // 2. The bare MailKit loop: the same number of messages, of the same size, to the same maildev.
        // --bare-from S: the bare loop's figure (messages per second) from an earlier run on this machine, to skip it.
        var bareFrom = options.String("bare-from", "");
        var bare = bareFrom.Length > 0 ? TimeSpan.FromSeconds(members / double.Parse(bareFrom, CultureInfo.InvariantCulture))
            : await BareLoopAsync(maildev.SmtpPort, members, (int)digestBytes, ct);
        Console.WriteLine($"digest: bare MailKit loop {members} messages in {bare.TotalSeconds:0.0} s ({members / bare.TotalSeconds:0} / s)");

        // 3. The app, idle first (baseline memory), then the digests fall due.
        await using var server = await ServerProcess.StartAsync(ServerKind.App, options.Repo, workDirectory, ct, environment: smtp);
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var baseline = ResidentBytes(server.Pid);
        Execute(database, $"UPDATE EmailSettings SET LastDigestSlot = {slot.AddDays(-1).UtcTicks} WHERE MemberId LIKE 'bench-%'");
        var samples = new List<(double Seconds, int Queued, int Sent, long Rss)>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (queued, sent) = Progress(database);
            samples.Add((clock.Elapsed.TotalSeconds, queued, sent, ResidentBytes(server.Pid)));
            if (sent >= members) break;
            if (clock.Elapsed > TimeSpan.FromMinutes(20)) throw new TimeoutException($"Only {sent} of {members} digests sent in 20 minutes.");
            await Task.Delay(250, ct);
        }
        var (first, last) = Span(database);
        var appElapsed = last - first;
        var live = await HeapProbe.LiveManagedBytesAsync(server.Pid, ct);
        server.Succeeded();

        var running = samples.Where(s => s.Queued > 0).ToList();
        long At(double share) => running.First(s => s.Sent >= share * members).Rss;
        var result = new DigestResult(DateTimeOffset.UtcNow, Environment.ProcessorCount, members, digestBytes,
            members / bare.TotalSeconds, members / appElapsed.TotalSeconds, members / appElapsed.TotalSeconds / (members / bare.TotalSeconds),
            baseline, running.Max(s => s.Rss), At(0.25), At(0.5), At(0.75), live);
        var md = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# Digest run: {members} members, to maildev")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{result.At:u}, {result.Cores} cores; build output, Production; digests of {digestBytes / 1024.0:0.0} KiB (HTML part). Targets: at least 0.8x the bare loop; memory flat.")
            .AppendLine()
            .AppendLine("| | per second | ratio |")
            .AppendLine("|---|---:|---:|")
            .AppendLine(CultureInfo.InvariantCulture, $"| bare MailKit loop, same count and size | {result.BarePerSecond:0} | 1.00 |")
            .AppendLine(CultureInfo.InvariantCulture, $"| app: digests composed and sent (first queued to last sent) | {result.AppPerSecond:0} | {result.Ratio:0.00} |")
            .AppendLine()
            .AppendLine("| app resident memory | MiB |")
            .AppendLine("|---|---:|")
            .AppendLine(CultureInfo.InvariantCulture, $"| idle, before the run | {result.BaselineRss / 1048576.0:0} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| at 25 % / 50 % / 75 % sent | {result.RssAt25 / 1048576.0:0} / {result.RssAt50 / 1048576.0:0} / {result.RssAt75 / 1048576.0:0} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| peak during the run | {result.PeakRss / 1048576.0:0} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| live managed heap after the run | {result.LiveManagedBytes / 1048576.0:0} |");
        Report.Write(options, "digest", result, md.ToString());
        return 0;
    }

    private sealed record DigestResult(DateTimeOffset At, int Cores, int Members, long DigestBytes, double BarePerSecond, double AppPerSecond, double Ratio,
        long BaselineRss, long PeakRss, long RssAt25, long RssAt50, long RssAt75, long LiveManagedBytes);

    private static async Task ProfileAsync(HttpClient http, string token, string role, string organisationType, CancellationToken ct)
    {
        var profile = new
        {
            displayName = "Bench " + role + " " + Guid.NewGuid().ToString("N")[..6], timeZone = "UTC",
            organisation = new { name = "Bench " + organisationType + " " + Guid.NewGuid().ToString("N")[..6], type = organisationType, country = "BE" },
            role, productGroups = new[] { "ict" },
        };
        using var put = new HttpRequestMessage(HttpMethod.Put, "api/v1/me/profile") { Content = JsonContent.Create(profile) };
        await AppApi.EnsureAsync(await AppApi.SendAsync(http, put, token, ct), "profile", ct);
    }

    private static async Task<long> ThreadAsync(HttpClient http, string token, int room, string title, string kind, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/rooms/{room}/threads")
        {
            Content = JsonContent.Create(new { title, body = "We want to hear how others did this, with numbers if you have them.", kind, tags = new[] { "product:ict" } }),
        };
        using var response = await AppApi.SendAsync(http, request, token, ct);
        await AppApi.EnsureAsync(response, "thread", ct, dispose: false, expected: HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt64();
    }

    private static async Task<string> MemberIdAsync(HttpClient http, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/me");
        using var response = await AppApi.SendAsync(http, request, token, ct);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
    }

    /// <summary>Copies of the two templates (every column as the app wrote it, but the identity), each with a daily digest at this hour, not due yet.</summary>
    private static void Seed(string database, string buyerId, string supplierId, int count, DateTimeOffset slot)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        var columns = new List<string>();
        using (var info = connection.CreateCommand())
        {
            info.CommandText = "PRAGMA table_info(AspNetUsers)";
            using var reader = info.ExecuteReader();
            while (reader.Read()) columns.Add(reader.GetString(1));
        }
        var replaced = new Dictionary<string, string>
        {
            ["Id"] = "$id", ["UserName"] = "$email", ["NormalizedUserName"] = "upper($email)", ["Email"] = "$email", ["NormalizedEmail"] = "upper($email)",
            ["DisplayName"] = "$name", ["NormalizedDisplayName"] = "upper($name)", ["SecurityStamp"] = "$id", ["ConcurrencyStamp"] = "$id",
        };
        using var tx = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = $"INSERT INTO AspNetUsers ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) SELECT {string.Join(", ", columns.Select(c => replaced.GetValueOrDefault(c, $"\"{c}\"")))} FROM AspNetUsers WHERE Id = $template; " +
            "INSERT INTO EmailSettings (MemberId, Digest, DigestHour, DigestWeekday, Replies, Answers, Mentions, Accepted, ActionItems, Sessions, LastDigestSlot, UpdatedAt) " +
            "VALUES ($id, 'Daily', $hour, 'Monday', 1, 1, 1, 1, 1, 1, $slot, $slot);";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var email = insert.Parameters.Add("$email", SqliteType.Text);
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        var template = insert.Parameters.Add("$template", SqliteType.Text);
        insert.Parameters.AddWithValue("$hour", slot.Hour);
        insert.Parameters.AddWithValue("$slot", slot.UtcTicks);
        for (var i = 0; i < count; i++)
        {
            id.Value = $"bench-{i:D6}";
            email.Value = $"member{i}@bench.test";
            name.Value = $"Bench member {i}";
            template.Value = i % 2 == 0 ? buyerId : supplierId;
            insert.ExecuteNonQuery();
        }
        tx.Commit();
    }

    private static void Execute(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static (int Queued, int Sent) Progress(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COUNT(SentAt) FROM OutboxMessages WHERE Kind = 'digest' AND MemberId LIKE 'bench-%'";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    private static (DateTimeOffset First, DateTimeOffset Last) Span(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(CreatedAt), MAX(SentAt) FROM OutboxMessages WHERE Kind = 'digest' AND MemberId LIKE 'bench-%'";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero));
    }

    private static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return 0;
    }

    /// <summary>The reference: MailKit alone, messages with an HTML and a text part of the digest's size, 100 per connection.</summary>
    private static async Task<TimeSpan> BareLoopAsync(int port, int count, int htmlBytes, CancellationToken ct)
    {
        var html = "<!DOCTYPE html><html><body>" + string.Concat(Enumerable.Repeat("<p>Which supplier takes back used laptops? A week of circular procurement.</p>", Math.Max(1, htmlBytes / 80))) + "</body></html>";
        var text = string.Concat(Enumerable.Repeat("Which supplier takes back used laptops? A week of circular procurement.\n", Math.Max(1, htmlBytes / 160)));
        var clock = Stopwatch.StartNew();
        SmtpClient? client = null;
        for (var i = 0; i < count; i++)
        {
            if (i % 100 == 0)
            {
                if (client is not null) { await client.DisconnectAsync(true, ct); client.Dispose(); }
                client = new SmtpClient();
                await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None, ct);
            }
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse("PracticeCommunity <no-reply@bench.test>"));
            message.To.Add(MailboxAddress.Parse($"bare{i}@bench.test"));
            message.Subject = "Your daily PracticeCommunity digest";
            message.MessageId = $"bare-{i}@bench.test";
            message.Body = new BodyBuilder { HtmlBody = html, TextBody = text }.ToMessageBody();
            await client!.SendAsync(message, ct);
        }
        if (client is not null) { await client.DisconnectAsync(true, ct); client.Dispose(); }
        return clock.Elapsed;
    }

    /// <summary>maildev (the SMTP catcher the tests use) from the repository's node_modules, on free ports.</summary>
    private sealed class Maildev : IAsyncDisposable
    {
        private readonly Process _process;

        private readonly string _directory;

        private Maildev(Process process, int smtpPort, string directory) => (_process, SmtpPort, _directory) = (process, smtpPort, directory);

        public int SmtpPort { get; }

        public static async Task<Maildev> StartAsync(string repo, string workDirectory, CancellationToken ct)
        {
            var executable = Environment.GetEnvironmentVariable("MAILDEV_BIN") is { Length: > 0 } fromEnv ? fromEnv : Path.Combine(repo, "node_modules", ".bin", "maildev");
            if (!File.Exists(executable)) throw new InvalidOperationException($"{executable} is missing: run `npm ci` in {repo}.");
            var (smtp, web) = (FreePort(), FreePort());
            // maildev writes every message to a file: in memory (/dev/shm) when there is one, so the disk is not what is measured.
            var mail = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : workDirectory, $"maildev-{Guid.NewGuid():N}");
            Directory.CreateDirectory(mail);
            var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "--smtp", smtp.ToString(CultureInfo.InvariantCulture), "--web", web.ToString(CultureInfo.InvariantCulture), "--ip", "127.0.0.1", "--mail-directory", mail, "--silent" })
                info.ArgumentList.Add(a);
            var process = Process.Start(info) ?? throw new InvalidOperationException("maildev did not start.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync("127.0.0.1", smtp, ct);
                    return new Maildev(process, smtp, mail);
                }
                catch (SocketException)
                {
                    await Task.Delay(100, ct);
                }
            }
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("maildev did not listen within 30 s.");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
