using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Live;

/// <summary>
/// A real Microsoft.AspNetCore.SignalR.Client connection to /hubs/community on the in-memory test server,
/// signed in with a bearer token from /api/v1/auth/login, that records every server event it receives.
/// </summary>
public sealed class HubProbe : IAsyncDisposable
{
    public static readonly string[] EventNames =
    [
        "PostCreated", "PostEdited", "PostHidden", "PostDeleted", "PostStateChanged",
        "ThreadCreated", "PresenceChanged", "Typing", "NotificationsChanged", "SessionLiveChanged", "Suspended", "Resync",
    ];

    private readonly List<(string Name, JsonElement Payload)> _received = [];
    private readonly string _who;

    private HubProbe(HubConnection connection, string who)
    {
        Connection = connection;
        _who = who;
        foreach (var name in EventNames)
        {
            connection.On<JsonElement>(name, payload =>
            {
                lock (_received) _received.Add((name, payload.Clone()));
            });
        }
    }

    public HubConnection Connection { get; }

    public static HubConnection Build(CommunityAppFactory app, string? accessToken) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "hubs/community"), o =>
            {
                // The in-memory test server has no sockets: long polling over its handler is a real SignalR transport.
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                if (accessToken is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
                }
            })
            .Build();

    public static async Task<HubProbe> ConnectAsync(CommunityAppFactory app, string accessToken, string who = "member")
    {
        var probe = new HubProbe(Build(app, accessToken), who);
        await probe.Connection.StartAsync();
        return probe;
    }

    public Task JoinThreadAsync(long threadId) => Connection.InvokeAsync("JoinThread", threadId);

    public Task LeaveThreadAsync(long threadId) => Connection.InvokeAsync("LeaveThread", threadId);

    public Task<JsonElement> SendPostAsync(long threadId, string body) => Connection.InvokeAsync<JsonElement>("SendPost", threadId, body);

    public Task<JsonElement> SendPostWithDisclosureAsync(long threadId, string body, bool? mentionsOwnOffering) =>
        Connection.InvokeAsync<JsonElement>("SendPostWithDisclosure", threadId, body, mentionsOwnOffering);

    public IReadOnlyList<JsonElement> Received(string name)
    {
        lock (_received) return _received.Where(r => r.Name == name).Select(r => r.Payload).ToList();
    }

    public IReadOnlyList<(string Name, JsonElement Payload)> All
    {
        get { lock (_received) return _received.ToList(); }
    }

    /// <summary>Waits for an event of that name that matches; fails with everything received when none comes in time.</summary>
    public async Task<JsonElement> WaitForAsync(string name, Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (Received(name).FirstOrDefault(match) is { ValueKind: JsonValueKind.Object } found)
            {
                return found;
            }
            await Task.Delay(20);
        }
        throw new Xunit.Sdk.XunitException($"{_who} received no matching {name} within {limit.TotalSeconds:0} s. Received: {Describe()}");
    }

    /// <summary>
    /// Waits until a marker post, sent after everything the test did, has arrived. The hub delivers a connection's
    /// events in the order they were published, so whatever was going to arrive before it has arrived: no sleeping.
    /// </summary>
    public async Task<long> SettleAsync(Func<Task<JsonElement>> sendMarkerPost)
    {
        var marker = (await sendMarkerPost()).GetProperty("id").GetInt64();
        await WaitForAsync("PostCreated", e => e.IsPost(marker));
        return marker;
    }

    /// <summary>Sends a marker post (see <see cref="SettleAsync"/>), then asserts that no other matching event arrived.</summary>
    public async Task AssertNoneAsync(string name, Func<JsonElement, bool> match, Func<Task<JsonElement>> sendMarkerPost)
    {
        var marker = await SettleAsync(sendMarkerPost);
        var leaked = Received(name).Where(e => match(e) && !e.IsPost(marker)).ToList();
        Assert.True(leaked.Count == 0, $"{_who} should receive no {name} here, but got: {string.Join("; ", leaked)}");
    }

    public string Describe()
    {
        var all = All;
        return all.Count == 0 ? "nothing" : string.Join("; ", all.Select(r => $"{r.Name} {r.Payload}"));
    }

    /// <summary>The message of the hub error a call failed with (the server's HubException text is passed on).</summary>
    public static async Task<string> HubErrorAsync(Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<HubException>(call);
        return ex.Message;
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}

public static class HubPayload
{
    public static long Long(this JsonElement e, string name) => e.GetProperty(name).GetInt64();

    public static bool IsFor(this JsonElement e, long threadId) => e.TryGetProperty("threadId", out var t) && t.GetInt64() == threadId;

    public static bool IsPost(this JsonElement e, long postId) => e.TryGetProperty("postId", out var p) && p.GetInt64() == postId;
}
