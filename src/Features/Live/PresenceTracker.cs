using System.Collections.Concurrent;
using PracticeCommunity.Data;

namespace PracticeCommunity.Features.Live;

/// <summary>
/// Who is looking at which thread, by connection (a hub connection or a Blazor circuit). Each server keeps its own
/// connections and publishes its part of each list (<see cref="PresencePart"/>); every server keeps the latest part
/// of every other server and publishes, to its own listeners only, the union as <see cref="PresenceChanged"/>. With
/// one server the union is its own part and nothing else changes. Changes are coalesced: a burst of joins (a
/// thousand viewers arriving) becomes one update, sent only when the list of names actually changed.
/// </summary>
public sealed class PresenceTracker : IDisposable
{
    /// <summary>How long a burst of joins and leaves is gathered before one update goes out.</summary>
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a server repeats its parts that are not empty, so that the others keep them.</summary>
    public static readonly TimeSpan AnnounceInterval = TimeSpan.FromSeconds(30);

    /// <summary>A part not repeated for this long belongs to a server that is gone (killed, or cut off): dropped.</summary>
    public static readonly TimeSpan PartLifetime = TimeSpan.FromSeconds(90);

    private readonly IEventBus _bus;
    private readonly TimeProvider _time;
    private readonly string _instanceId;
    private readonly IDisposable _subscription;

    private readonly ConcurrentDictionary<long, ConcurrentDictionary<string, string>> _byThread = new();
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<string, RemotePart>> _remote = new();
    private readonly ConcurrentDictionary<(long, string), long> _lastTyping = new();
    private readonly ConcurrentDictionary<long, byte> _scheduled = new();
    /// <summary>The newest part this server published per thread: its number and its names joined.</summary>
    private readonly ConcurrentDictionary<long, (long Version, string Names)> _lastPart = new();
    private readonly ConcurrentDictionary<long, string> _lastPublished = new();
    private readonly ConcurrentDictionary<long, RoomAudience> _audiences = new();

    /// <summary>
    /// Another server's names in a thread, which of its parts they come from, and when it arrived (a
    /// <see cref="TimeProvider"/> timestamp). An emptied part is kept (with no names) until it expires, so that an older
    /// part arriving late cannot bring back the names it removed.
    /// </summary>
    private sealed record RemotePart(IReadOnlyList<string> Members, long Version, long ReceivedAt);

    /// <summary>Taken with each snapshot of this server's names, under <see cref="_partLock"/>: a later snapshot has a higher number.</summary>
    private long _partVersion;
    private readonly Lock _partLock = new();

    public PresenceTracker(IEventBus bus, TimeProvider time, ServerInstance instance)
    {
        (_bus, _time, _instanceId) = (bus, time, instance.Id);
        _subscription = bus.Subscribe(OnEventAsync);
    }

    public Task JoinAsync(long threadId, string connectionKey, string displayName, RoomAudience audience)
    {
        var members = _byThread.GetOrAdd(threadId, _ => new());
        _audiences[threadId] = audience;
        if (members.TryAdd(connectionKey, displayName))
        {
            Schedule(threadId);
        }
        return Task.CompletedTask;
    }

    public Task LeaveAsync(long threadId, string connectionKey)
    {
        if (_byThread.TryGetValue(threadId, out var members) && members.TryRemove(connectionKey, out _))
        {
            Schedule(threadId);
        }
        return Task.CompletedTask;
    }

    /// <summary>"X is typing", at most once per two seconds per member and thread (per server).</summary>
    public async Task TypingAsync(long threadId, string displayName, RoomAudience audience)
    {
        var now = _time.GetTimestamp();
        var key = (threadId, displayName);
        if (_lastTyping.TryGetValue(key, out var last) && _time.GetElapsedTime(last, now) < TimeSpan.FromSeconds(2)) return;
        _lastTyping[key] = now;
        if (_lastTyping.Count > 10_000) _lastTyping.Clear();
        await _bus.PublishAsync(new Typing(threadId, displayName) { Audience = audience });
    }

    /// <summary>Whether this connection of this server joined the thread.</summary>
    public bool IsIn(long threadId, string connectionKey) =>
        _byThread.TryGetValue(threadId, out var members) && members.ContainsKey(connectionKey);

    /// <summary>The threads this connection of this server joined.</summary>
    public IReadOnlyList<long> ThreadsOf(string connectionKey) =>
        _byThread.Where(t => t.Value.ContainsKey(connectionKey)).Select(t => t.Key).ToList();

    /// <summary>Everyone in the thread, on every server.</summary>
    public IReadOnlyList<string> MembersIn(long threadId)
    {
        IEnumerable<string> names = _byThread.TryGetValue(threadId, out var local) ? local.Values : [];
        if (_remote.TryGetValue(threadId, out var parts))
        {
            names = names.Concat(parts.Values.Where(p => !IsExpired(p)).SelectMany(p => p.Members));
        }
        return Sorted(names);
    }

    /// <summary>
    /// Repeats this server's parts that are not empty, and drops the parts of servers that stopped repeating theirs
    /// (their members leave the lists). Runs every <see cref="AnnounceInterval"/>, and when the bus resumes: then the
    /// emptied parts are repeated too, since the others may have missed them while cut off.
    /// </summary>
    public async Task AnnounceAsync(bool emptiedToo = false)
    {
        foreach (var threadId in _byThread.Keys)
        {
            if (!emptiedToo && _byThread.TryGetValue(threadId, out var here) && here.IsEmpty) continue;
            var part = OwnPart(threadId);
            if (part.Members.Count > 0 || emptiedToo && _lastPart.ContainsKey(threadId)) await PublishPartAsync(part);
        }
        foreach (var (threadId, parts) in _remote)
        {
            foreach (var part in parts.Where(p => IsExpired(p.Value)))
            {
                if (parts.TryRemove(part)) Schedule(threadId);
            }
        }
    }

    /// <summary>On a clean stop, empties this server's parts on the others at once instead of after <see cref="PartLifetime"/>.</summary>
    public async Task WithdrawAsync()
    {
        // By now the connections may have closed and emptied the lists: what the others were told is what counts.
        foreach (var threadId in _lastPart.Where(p => p.Value.Names.Length > 0).Select(p => p.Key).ToList())
        {
            await PublishPartAsync(OwnPart(threadId) with { Members = [] });
        }
    }

    public void Dispose() => _subscription.Dispose();

    private async ValueTask OnEventAsync(CommunityEvent e)
    {
        switch (e)
        {
            case PresencePart part when part.InstanceId != _instanceId:
                var parts = _remote.GetOrAdd(part.ThreadId, _ => new());
                var received = new RemotePart(part.Members, part.Version, _time.GetTimestamp());
                // Only a newer part replaces what that server said: one taken earlier may arrive later.
                parts.AddOrUpdate(part.InstanceId, received, (_, known) => part.Version >= known.Version ? received : known);
                _audiences.TryAdd(part.ThreadId, part.Audience);
                Schedule(part.ThreadId);
                break;
            case BusResumed:
                // The others may have dropped this server's parts, or missed it emptying some, while it was cut off.
                await AnnounceAsync(emptiedToo: true);
                break;
        }
    }

    private void Schedule(long threadId)
    {
        if (_scheduled.TryAdd(threadId, 0))
        {
            _ = PublishLaterAsync(threadId);
        }
    }

    private async Task PublishLaterAsync(long threadId)
    {
        await Task.Delay(CoalesceWindow, _time);
        _scheduled.TryRemove(threadId, out _);
        var own = OwnPart(threadId);
        if (string.Join('\n', own.Members) != (_lastPart.TryGetValue(threadId, out var sent) ? sent.Names : ""))
        {
            await PublishPartAsync(own);
        }
        var members = MembersIn(threadId);
        var key = string.Join('\n', members);
        if (_lastPublished.TryGetValue(threadId, out var last) && last == key) return;
        _lastPublished[threadId] = key;
        // The names in a buyers-only thread are buyers-only content too: the event carries the room's audience.
        await _bus.PublishAsync(new PresenceChanged(threadId, members) { Audience = AudienceOf(threadId) });
    }

    private ValueTask PublishPartAsync(PresencePart part)
    {
        var names = string.Join('\n', part.Members);
        // Only a newer part is remembered as the last one sent: two publishing at once must not leave the older one.
        _lastPart.AddOrUpdate(part.ThreadId, (part.Version, names), (_, last) => part.Version > last.Version ? (part.Version, names) : last);
        return _bus.PublishAsync(part);
    }

    /// <summary>This server's names in the thread now, numbered: a snapshot taken after a join or leave has a higher number than one taken before.</summary>
    private PresencePart OwnPart(long threadId)
    {
        string[] names;
        long version;
        lock (_partLock)
        {
            names = _byThread.TryGetValue(threadId, out var members) ? [.. members.Values] : [];
            version = ++_partVersion;
        }
        return new PresencePart(threadId, _instanceId, Sorted(names), version) { Audience = AudienceOf(threadId) };
    }

    private RoomAudience AudienceOf(long threadId) => _audiences.GetValueOrDefault(threadId, RoomAudience.BuyersOnly);

    private bool IsExpired(RemotePart part) => _time.GetElapsedTime(part.ReceivedAt) > PartLifetime;

    private static List<string> Sorted(IEnumerable<string> names) =>
        names.Distinct(StringComparer.Ordinal).Order(StringComparer.CurrentCulture).ToList();
}
