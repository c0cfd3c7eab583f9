using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace PracticeCommunity.Testing;

/// <summary>
/// Which database the test apps run on. SQLite files by default; with <c>PRACTICE_TEST_DATABASE=Postgres</c> and
/// <c>PRACTICE_TEST_POSTGRES</c> (a superuser connection string, as tests/Shared/start-postgres.sh prints) every app
/// gets a database of its own on that server, created empty (the app migrates it) and dropped afterwards.
/// tests/run-all.sh runs the integration tests both ways.
/// </summary>
public static class TestDatabase
{
    public static bool IsPostgres { get; } =
        string.Equals(Environment.GetEnvironmentVariable("PRACTICE_TEST_DATABASE"), "Postgres", StringComparison.OrdinalIgnoreCase);

    public static string ProviderName => IsPostgres ? "Postgres" : "Sqlite";

    /// <summary>A PostgreSQL server is given (tests/run-all.sh always starts one), whichever provider this run uses.</summary>
    public static bool PostgresAvailable => Environment.GetEnvironmentVariable("PRACTICE_TEST_POSTGRES") is { Length: > 0 };

    private static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("PRACTICE_TEST_POSTGRES") is { Length: > 0 } configured
            ? configured
            : throw new InvalidOperationException("PRACTICE_TEST_DATABASE=Postgres needs PRACTICE_TEST_POSTGRES (see tests/Shared/start-postgres.sh).");

    /// <summary>A database name for a key (a file path, say): the same key gives the same database.</summary>
    public static string NameFor(string key) =>
        "t_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24];

    /// <summary>Creates the database unless it exists, and returns the app's connection string for it.</summary>
    public static string CreatePostgres(string name)
    {
        using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            admin.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", admin);
            exists.Parameters.AddWithValue("name", name);
            if (exists.ExecuteScalar() is null)
            {
                using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
                create.ExecuteNonQuery();
            }
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Reads rows straight from a test database, apart from any app (one that was killed, say). Write the SQL with
    /// quoted identifiers ("OutboxMessages"): both providers accept them.
    /// </summary>
    public static async Task<List<T>> QueryAsync<T>(string connectionString, string sql, Func<DbDataReader, T> read)
    {
        await using DbConnection connection = IsPostgres
            ? new NpgsqlConnection(connectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection(connectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    public static void DropPostgres(string name)
    {
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(AdminConnectionString);
        admin.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        drop.ExecuteNonQuery();
    }
}
