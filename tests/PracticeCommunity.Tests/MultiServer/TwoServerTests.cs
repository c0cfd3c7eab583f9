using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using PracticeCommunity.Tests.Cases;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Live;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.MultiServer;

/// <summary>
/// Two app instances on one database and one real redis-server, as behind a load balancer: what happens on one reaches
/// the members connected to the other, and a Redis outage stops neither. On PostgreSQL in the PostgreSQL run.
/// </summary>
public sealed class TwoServerTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("two-servers");
    private RedisServer _redis = null!;
    private CommunityAppFactory _a = null!;
    private CommunityAppFactory _b = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        var mail = await MailCatcher.SharedAsync();
        var prefix = "test-" + Guid.NewGuid().ToString("N")[..8];
        CommunityAppFactory Instance() => new(mail, new CommunityAppOptions
        {
            DatabaseFile = _data.Combine("shared.db"),
            Settings = new Dictionary<string, string?>
            {
                ["Redis:Configuration"] = _redis.Configuration,
                ["Redis:ChannelPrefix"] = prefix,
            },
        });
        _a = Instance();
        _ = _a.Server;
        _b = Instance();
        _ = _b.Server;
        await _a.ReadyOnRedisAsync();
        await _b.ReadyOnRedisAsync();
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _redis.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task A_post_typing_and_presence_on_one_server_reach_a_member_on_the_other()
    {
        using var author = await _a.JoinAsAsync(Persona.Buyer);
        using var watcher = await _b.JoinAsAsync(Persona.Facilitator);
        var (threadId, _) = await author.StartThreadAsync(OpenRoom);
        await using var watching = await HubProbe.ConnectAsync(_b, watcher.Token, "watcher on B");
        await watching.JoinThreadAsync(threadId);
        await using var writing = await HubProbe.ConnectAsync(_a, author.Token, "author on A");
        await writing.JoinThreadAsync(threadId);

        // Presence: the author (on A) and the watcher (on B) both show on B.
        await watching.WaitForAsync("PresenceChanged", p => p.GetProperty("members").EnumerateArray().Select(m => m.GetString()).ToHashSet()
            .IsSupersetOf([author.DisplayName, watcher.DisplayName]));

        var reply = await author.ReplyAsync(threadId, "Posted on server A.");
        var arrived = await watching.WaitForAsync("PostCreated", p => p.GetProperty("postId").GetInt64() == reply.Id());
        Assert.Contains("Posted on server A.", arrived.Str("bodyHtml"));

        await writing.Connection.InvokeAsync("Typing", threadId);
        await watching.WaitForAsync("Typing", p => p.Str("displayName") == author.DisplayName);

        // Leaving on A takes the author out of B's list.
        await writing.LeaveThreadAsync(threadId);
        await watching.WaitForAsync("PresenceChanged", p => !p.GetProperty("members").EnumerateArray().Any(m => m.GetString() == author.DisplayName));
        // Exactly once: the event did not also come through the backplane.
        await Task.Delay(500);
        Assert.Single(watching.Received("PostCreated"), p => p.GetProperty("postId").GetInt64() == reply.Id());
    }

    [Fact]
    public async Task A_suspension_made_on_one_server_closes_the_members_connection_on_the_other()
    {
        using var member = await _b.JoinAsAsync(Persona.Buyer);
        using var moderator = await _a.JoinAsAsync(Persona.Moderator);
        var (threadId, _) = await member.StartThreadAsync(OpenRoom);
        await using var hub = await HubProbe.ConnectAsync(_b, member.Token, "member on B");
        await hub.JoinThreadAsync(threadId);
        var closed = new TaskCompletionSource();
        hub.Connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        var (status, _) = await moderator.SendAsync(HttpMethod.Post, $"/api/v1/moderation/members/{member.Id}/suspension",
            new { days = 3, reason = "Suspended on server A." });
        Assert.Equal(HttpStatusCode.OK, status);

        var told = await hub.WaitForAsync("Suspended", _ => true);
        Assert.Contains("Suspended on server A.", told.Str("reason"));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var refused = await member.Http.PostReplyAsync(threadId, "Still here on B?");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_buyer_status_given_up_on_one_server_stops_buyers_only_posts_to_the_members_connection_on_the_other()
    {
        using var asker = await _a.JoinAsAsync(Persona.Buyer);
        using var switcher = await _a.JoinAsAsync(Persona.Buyer);
        using var stayer = await _a.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await asker.StartThreadAsync(BuyersOnlyRoom);
        await using var switching = await HubProbe.ConnectAsync(_b, switcher.Token, "switcher on B");
        await switching.JoinThreadAsync(threadId);
        await using var staying = await HubProbe.ConnectAsync(_b, stayer.Token, "buyer on B");
        await staying.JoinThreadAsync(threadId);
        var before = await asker.ReplyAsync(threadId, "Before the switch.");
        await switching.WaitForAsync("PostCreated", p => p.IsPost(before.Id()));

        // On server A the member becomes a supplier.
        using (var put = await switcher.Http.PutProfileAsync(CommunitySteps.Profile("Supplier", "Supplier", displayName: switcher.DisplayName)))
        {
            await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, "switching to supplier on A");
        }

        // The next buyers-only post reaches the buyer who stayed on B, and not the open connection of the one who left.
        var after = await asker.ReplyAsync(threadId, "After the switch: our budget is 48000 euro.");
        await staying.WaitForAsync("PostCreated", p => p.IsPost(after.Id()));
        await Task.Delay(500);
        Assert.DoesNotContain(switching.Received("PostCreated"), p => p.IsPost(after.Id()));
        Assert.DoesNotContain(switching.Received("PostCreated"), p => p.GetRawText().Contains("48000", StringComparison.Ordinal));
        // And B no longer lets that connection follow the thread.
        await Assert.ThrowsAsync<HubException>(() => switching.JoinThreadAsync(threadId));
    }

    [Fact]
    public async Task With_redis_down_both_servers_stay_up_and_say_degraded_and_delivery_resumes_after()
    {
        using var author = await _a.JoinAsAsync(Persona.Buyer);
        using var watcher = await _b.JoinAsAsync(Persona.Facilitator);
        using var local = await _a.JoinAsAsync(Persona.Facilitator);
        var (threadId, _) = await author.StartThreadAsync(OpenRoom);
        await using var onB = await HubProbe.ConnectAsync(_b, watcher.Token, "watcher on B");
        await onB.JoinThreadAsync(threadId);
        await using var onA = await HubProbe.ConnectAsync(_a, local.Token, "watcher on A");
        await onA.JoinThreadAsync(threadId);

        await _redis.KillAsync();
        var outage = System.Diagnostics.Stopwatch.StartNew();
        // Posting goes on, and members on the same server still see it live.
        var during = new List<long>();
        for (var i = 0; i < 3; i++) during.Add((await author.ReplyAsync(threadId, $"Posted while Redis is down ({i}).")).Id());
        await onA.WaitForAsync("PostCreated", p => p.GetProperty("postId").GetInt64() == during[^1]);
        // A script that connects now is served by its own server at once: Redis is not in its way.
        using var late = await _a.JoinAsAsync(Persona.Facilitator);
        await using var lateOnA = await HubProbe.ConnectAsync(_a, late.Token, "connects to A while Redis is down");
        await lateOnA.JoinThreadAsync(threadId);
        during.Add((await author.ReplyAsync(threadId, "Posted while Redis is down, to the late watcher.")).Id());
        await lateOnA.WaitForAsync("PostCreated", p => p.GetProperty("postId").GetInt64() == during[^1]);
        foreach (var app in new[] { _a, _b })
        {
            using var client = app.CreateClient();
            using var health = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("Degraded", await health.Content.ReadAsStringAsync());
        }

        // Down for ten seconds in all, then back on the same port.
        await Task.Delay(TimeSpan.FromSeconds(10) - outage.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
        await _redis.StartAgainAsync();
        // Both reconnect by themselves; then what is posted on A reaches B live again.
        await _a.ReadyOnRedisAsync();
        await _b.ReadyOnRedisAsync();
        // Scripts on the other server are told to read again what they show.
        await onB.WaitForAsync("Resync", _ => true, TimeSpan.FromSeconds(15));
        var after = (await author.ReplyAsync(threadId, "Posted after Redis is back.")).Id();
        await onB.WaitForAsync("PostCreated", p => p.GetProperty("postId").GetInt64() == after, TimeSpan.FromSeconds(15));
        // The connection made during the outage hears the other server too.
        var fromB = (await watcher.ReplyAsync(threadId, "Posted on B after Redis is back.")).Id();
        await lateOnA.WaitForAsync("PostCreated", p => p.GetProperty("postId").GetInt64() == fromB, TimeSpan.FromSeconds(15));

        // Nothing is missing: B serves every post made during the outage.
        var onServerB = (await watcher.ThreadAsync(threadId)).Posts().Select(p => p.GetProperty("id").GetInt64()).ToHashSet();
        Assert.Superset(during.ToHashSet(), onServerB);
    }
}
