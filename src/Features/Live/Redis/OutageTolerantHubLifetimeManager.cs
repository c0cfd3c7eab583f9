using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;

namespace PracticeCommunity.Features.Live.Redis;

/// <summary>
/// SignalR's Redis backplane, kept from standing between a server and its own hub connections. The Redis manager
/// subscribes to a channel for every new connection and fails the connection when Redis does not answer within its
/// timeout, so during an outage no script could connect, even to hear this server's own posts. Here a connection
/// belongs to this server first: it is kept in a local store and written to directly, and its Redis registration
/// (needed only for sends from other servers, which this app does not make) is waited for while Redis is up and
/// left to finish or fail in the background while it is down.
/// </summary>
internal sealed partial class OutageTolerantHubLifetimeManager<THub>(
    RedisHubLifetimeManager<THub> backplane, IConnectionMultiplexer redis, ILogger<OutageTolerantHubLifetimeManager<THub>> logger)
    : HubLifetimeManager<THub> where THub : Hub
{
    private readonly HubConnectionStore _local = new();
    private readonly ConcurrentDictionary<string, Task> _registering = new();

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        _local.Add(connection);
        var registering = backplane.OnConnectedAsync(connection);
        _registering[connection.ConnectionId] = registering;
        if (!redis.IsConnected)
        {
            LogRegisteredLocally(connection.ConnectionId);
            _ = ObserveAsync(registering, connection.ConnectionId, "register");
            return;
        }
        await ObserveAsync(registering, connection.ConnectionId, "register");
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _local.Remove(connection);
        var leaving = LeaveAsync(connection);
        // While Redis is down, leaving would wait for its timeout: the connection is gone from this server already.
        return redis.IsConnected ? leaving : Task.CompletedTask;
    }

    /// <summary>After its registration has ended, however it ended: a connection that leaves while still registering is not left behind in the backplane.</summary>
    private async Task LeaveAsync(HubConnectionContext connection)
    {
        if (_registering.TryRemove(connection.ConnectionId, out var registering))
        {
            await ObserveAsync(registering, connection.ConnectionId, "register");
        }
        await ObserveAsync(Task.Run(() => backplane.OnDisconnectedAsync(connection)), connection.ConnectionId, "unregister");
    }

    /// <summary>A connection of this server is written to directly, as the Redis manager itself does, Redis or not.</summary>
    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        var connection = _local[connectionId];
        return connection is null
            ? backplane.SendConnectionAsync(connectionId, methodName, args, cancellationToken)
            : connection.WriteAsync(new InvocationMessage(methodName, args), cancellationToken).AsTask();
    }

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        // Serialized once per protocol for all of this server's connections, as the in-memory manager does.
        var message = new SerializedHubMessage(new InvocationMessage(methodName, args));
        var sends = new List<Task>(connectionIds.Count);
        var elsewhere = new List<string>();
        foreach (var id in connectionIds)
        {
            if (_local[id] is { } connection) sends.Add(connection.WriteAsync(message, cancellationToken).AsTask());
            else elsewhere.Add(id);
        }
        if (elsewhere.Count > 0) sends.Add(backplane.SendConnectionsAsync(elsewhere, methodName, args, cancellationToken));
        return Task.WhenAll(sends);
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendAllAsync(methodName, args, cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        backplane.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendGroupAsync(groupName, methodName, args, cancellationToken);

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendGroupsAsync(groupNames, methodName, args, cancellationToken);

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        backplane.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendUserAsync(userId, methodName, args, cancellationToken);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendUsersAsync(userIds, methodName, args, cancellationToken);

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        backplane.AddToGroupAsync(connectionId, groupName, cancellationToken);

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        backplane.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);

    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        backplane.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) =>
        backplane.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        backplane.TryGetReturnType(invocationId, out type);

    /// <summary>Waits for backplane work and logs how it failed: it never fails the connection, nor goes unobserved.</summary>
    private async Task ObserveAsync(Task work, string connectionId, string doing)
    {
        try
        {
            await work;
        }
        catch (Exception ex)
        {
            LogBackplaneFailed(ex, doing, connectionId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is down: hub connection {ConnectionId} is served by this server alone until it is back")]
    private partial void LogRegisteredLocally(string connectionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Redis backplane could not {Doing} hub connection {ConnectionId}; this server still serves it")]
    private partial void LogBackplaneFailed(Exception ex, string doing, string connectionId);
}
