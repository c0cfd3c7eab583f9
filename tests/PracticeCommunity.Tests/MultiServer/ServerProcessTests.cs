using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Email;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Email;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.MultiServer;

/// <summary>
/// Two servers as separate processes (the app's build output) on one database and one Redis: a server killed with
/// SIGKILL loses no post it acknowledged, and two servers running the digest worker send each digest once.
/// A member's bearer token, issued by a third app on the same database, works on both: the key ring is in the database.
/// </summary>
public sealed class ServerProcessTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("processes");
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        _data.Dispose();
    }

    private Dictionary<string, string> Settings(CommunityAppFactory setup, string prefix)
    {
        var settings = AppProcess.On(setup);
        settings["Redis__Configuration"] = _redis.Configuration;
        settings["Redis__ChannelPrefix"] = prefix;
        return settings;
    }

    [Fact]
    public async Task A_server_killed_while_members_post_loses_no_post_it_acknowledged()
    {
        var mail = await MailCatcher.SharedAsync();
        await using var setup = new CommunityAppFactory(mail, new CommunityAppOptions { DatabaseFile = _data.Combine("posts.db") });
        using var author = await setup.JoinAsAsync(Persona.Buyer);
        var (threadId, openingId) = await author.StartThreadAsync(OpenRoom, "Posting through a crash");
        var settings = Settings(setup, "crash-" + Guid.NewGuid().ToString("N")[..8]);

        await using var a = await AppProcess.StartAsync(mail, settings);
        await using var b = await AppProcess.StartAsync(mail, settings);
        var acknowledged = new ConcurrentDictionary<long, string>();
        var refusedOnA = 0;
        using var stop = new CancellationTokenSource();

        async Task WriteAsync(AppProcess server, string name, bool mayFail)
        {
            using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", author.Token);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var body = $"{name} post {i} {Guid.NewGuid():N}";
                try
                {
                    using var response = await http.PostAsJsonAsync($"/api/v1/threads/{threadId}/posts", new { body });
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged[(await response.Content.ReadFromJsonAsync<JsonElement>()).Id()] = body;
                        continue;
                    }
                    Assert.True(mayFail, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                catch (Exception e) when (mayFail && e is HttpRequestException or TaskCanceledException or IOException)
                {
                    // The server is gone: what it did not acknowledge may or may not have been saved.
                }
                Interlocked.Increment(ref refusedOnA);
                return;
            }
        }

        var onA = Enumerable.Range(0, 3).Select(i => WriteAsync(a, $"A{i}", mayFail: true)).ToList();
        var onB = Enumerable.Range(0, 2).Select(i => WriteAsync(b, $"B{i}", mayFail: false)).ToList();
        await Eventually.TrueAsync(() => acknowledged.Count(p => p.Value.StartsWith('A')) >= 40, "40 posts acknowledged by server A", TimeSpan.FromSeconds(60));
        a.Kill();
        await Task.WhenAll(onA);
        var bBefore = acknowledged.Count(p => p.Value.StartsWith('B'));
        await Eventually.TrueAsync(() => acknowledged.Count(p => p.Value.StartsWith('B')) >= bBefore + 20, "server B to go on after A died", TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Task.WhenAll(onB);

        // Every acknowledged post is in the database with its text, and server B serves the thread.
        var stored = (await TestDatabase.QueryAsync(setup.ConnectionString,
            $"""SELECT "Id", "BodyMarkdown" FROM "Posts" WHERE "ThreadId" = {threadId} AND "Id" <> {openingId}""",
            r => (Id: r.GetInt64(0), Body: r.GetString(1)))).ToDictionary(p => p.Id, p => p.Body);
        var missing = acknowledged.Where(p => !stored.TryGetValue(p.Key, out var body) || body != p.Value).Select(p => p.Key).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged posts missing: {string.Join(", ", missing.Take(10))}");
        Assert.True(refusedOnA >= 1, "server A was never cut off: nothing was proven");
        using (var http = new HttpClient { BaseAddress = b.Address })
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", author.Token);
            using var thread = await http.GetAsync($"/api/v1/threads/{threadId}");
            Assert.Equal(HttpStatusCode.OK, thread.StatusCode);
        }

        // A restarted server A takes posts again.
        await using var again = await AppProcess.StartAsync(mail, settings);
        using var client = new HttpClient { BaseAddress = again.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", author.Token);
        using var after = await client.PostAsJsonAsync($"/api/v1/threads/{threadId}/posts", new { body = "Back after the crash." });
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
    }

    [Fact]
    public async Task Two_servers_running_the_digest_worker_send_each_digest_exactly_once()
    {
        const int members = 150;
        // Not across an hour boundary: the period is "today at this hour" for everyone.
        if (DateTime.UtcNow.Minute >= 58) await Task.Delay(TimeSpan.FromSeconds(125 - DateTime.UtcNow.Second));
        var mail = await MailCatcher.SharedAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var emails = Enumerable.Range(0, members).Select(i => $"twice{i}-{tag}@example.org").ToList();
        await using var setup = new CommunityAppFactory(mail, new CommunityAppOptions { DatabaseFile = _data.Combine("digests.db") });
        using (var author = await setup.JoinAsAsync(Persona.Buyer))
        {
            var (thread, _) = await author.StartThreadAsync(OpenRoom, "Digests from two servers", kind: "PracticeShare");
            await author.ReplyAsync(thread, "Something new for everyone.");
        }
        await setup.SeedMembersWithDigestDueAsync(emails, $"Twin City {tag}");
        var settings = Settings(setup, "digest-" + tag);
        settings["Email__DigestBatchSize"] = "20";
        settings["Email__BatchSize"] = "10";

        // Both servers start together and both run the worker over the same due members.
        var started = await Task.WhenAll(AppProcess.StartAsync(mail, settings), AppProcess.StartAsync(mail, settings));
        await using var a = started[0];
        await using var b = started[1];
        var like = $"'twice%-{tag}@example.org'";
        await Eventually.TrueAsync(async () => (await TestDatabase.QueryAsync(setup.ConnectionString,
            $"""SELECT COUNT(*) FROM "OutboxMessages" WHERE "Kind" = 'digest' AND "SentAt" IS NOT NULL AND "To" LIKE {like}""",
            r => r.GetInt64(0))).Single() >= members, $"{members} digests sent", TimeSpan.FromSeconds(120));

        var rows = await TestDatabase.QueryAsync(setup.ConnectionString,
            $"""SELECT "MemberId", "UniqueKey" FROM "OutboxMessages" WHERE "Kind" = 'digest' AND "To" LIKE {like}""",
            r => (Member: r.GetString(0), Key: r.GetString(1)));
        Assert.Equal(members, rows.Count);
        Assert.Equal(members, rows.Select(r => r.Member).Distinct().Count());
        // At the catcher: exactly one digest per member, none twice.
        await Eventually.TrueAsync(async () => (await mail.GetAllAsync()).Count(m => m.To.Any(t => t.EndsWith($"-{tag}@example.org"))) >= members,
            "every digest at the catcher", TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var caught = (await mail.GetAllAsync()).Where(m => m.To.Any(t => t.EndsWith($"-{tag}@example.org"))).ToList();
        Assert.Equal(members, caught.Count);
        Assert.Equal(emails.Order(StringComparer.OrdinalIgnoreCase), caught.Select(m => m.To.Single()).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
    }
}
