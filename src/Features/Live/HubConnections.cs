using System.Collections.Concurrent;

namespace PracticeCommunity.Features.Live;

/// <summary>
/// The hub connections on this server: whose they are and which room, thread and session groups they joined. It is
/// the only record of what a connection follows (SignalR groups are not used): <see cref="HubEventForwarder"/> sends
/// each event to these connections one by one, and checks buyers-only events against each watcher's access at the
/// moment they are sent.
/// </summary>
public sealed class HubConnections
{
    private readonly ConcurrentDictionary<string, Connection> _connections = new();

    private sealed record Connection(string MemberId, ConcurrentDictionary<string, byte> Groups, Action Abort);

    public void Connected(string connectionId, string memberId, Action abort) =>
        _connections[connectionId] = new Connection(memberId, new ConcurrentDictionary<string, byte>(), abort);

    /// <summary>This member's connections on this server.</summary>
    public IReadOnlyList<string> Of(string memberId) => _connections.Where(c => c.Value.MemberId == memberId).Select(c => c.Key).ToList();

    /// <summary>Every connection on this server.</summary>
    public IReadOnlyList<string> All() => _connections.Keys.ToList();

    /// <summary>The members with a connection on this server (to check them all again after events may have been lost).</summary>
    public IReadOnlyList<string> Members() => _connections.Values.Select(c => c.MemberId).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Closes a connection from the server side (a suspension, say).</summary>
    public void Abort(string connectionId)
    {
        if (_connections.TryGetValue(connectionId, out var c)) c.Abort();
    }

    public void Disconnected(string connectionId) => _connections.TryRemove(connectionId, out _);

    public void Joined(string connectionId, string group)
    {
        if (_connections.TryGetValue(connectionId, out var c)) c.Groups[group] = 0;
    }

    public void Left(string connectionId, string group)
    {
        if (_connections.TryGetValue(connectionId, out var c)) c.Groups.TryRemove(group, out _);
    }

    /// <summary>Connections in a group, with the member each belongs to.</summary>
    public IReadOnlyList<(string ConnectionId, string MemberId)> In(string group) =>
        _connections.Where(c => c.Value.Groups.ContainsKey(group)).Select(c => (c.Key, c.Value.MemberId)).ToList();
}
