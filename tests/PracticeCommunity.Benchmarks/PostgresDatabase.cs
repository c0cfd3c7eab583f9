using Npgsql;

namespace PracticeCommunity.Benchmarks;

/// <summary>A database of its own on a PostgreSQL server (given by a superuser connection string), dropped afterwards.</summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;
    private readonly bool _keep;

    private PostgresDatabase(string admin, string name, bool keep) => (_admin, _name, _keep) = (admin, name, keep);

    /// <summary>The app's settings for this database.</summary>
    public Dictionary<string, string> Environment => new()
    {
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__Default"] = new NpgsqlConnectionStringBuilder(_admin) { Database = _name }.ConnectionString,
    };

    public static async Task<PostgresDatabase> CreateAsync(string admin, CancellationToken ct, bool keep = false)
    {
        var name = $"bench_{Guid.NewGuid():N}"[..22];
        await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"", ct);
        if (keep) Console.WriteLine($"  PostgreSQL database {name} (kept)");
        return new PostgresDatabase(admin, name, keep);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_keep) return;
        await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", CancellationToken.None);
    }

    private static async Task ExecuteAsync(string admin, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
