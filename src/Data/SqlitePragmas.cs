using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PracticeCommunity.Data;

/// <summary>
/// Per-connection SQLite settings. With WAL (set once on the file at start-up), synchronous=NORMAL syncs at
/// checkpoints instead of on every commit: the database cannot be corrupted, and a post costs one write
/// instead of waiting for the disk each time (the SQLite documentation's recommendation for WAL).
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
