using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PracticeCommunity.Data;

/// <summary>
/// Backups of the SQLite database with SQLite's online backup API, never a file copy (which, while members write,
/// can catch the database file and its write-ahead log out of step):
/// <c>dotnet run -- backup --to FILE</c> copies a consistent snapshot while the app runs;
/// <c>dotnet run -- restore --from FILE</c> (app stopped) checks the file and writes it back over the database.
/// Both write to a temporary file first and move it into place, so a half-written copy never looks like a whole one.
/// </summary>
public static class SqliteBackup
{
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] is "backup" or "restore";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        if (!db.Database.IsSqlite())
        {
            await Console.Error.WriteLineAsync("backup and restore are for SQLite; use pg_dump and pg_restore for PostgreSQL.");
            return 2;
        }
        var live = db.Database.GetConnectionString()!;
        try
        {
            if (args[0] == "backup" && Arg("--to") is { Length: > 0 } to)
            {
                var pages = Backup(live, Path.GetFullPath(to));
                Console.WriteLine($"Backed up {pages} pages to {Path.GetFullPath(to)}.");
                return 0;
            }
            if (args[0] == "restore" && Arg("--from") is { Length: > 0 } from)
            {
                Restore(Path.GetFullPath(from), live);
                Console.WriteLine($"Restored {Path.GetFullPath(from)}. Start the app again.");
                return 0;
            }
        }
        catch (Exception e) when (e is SqliteException or IOException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
        await Console.Error.WriteLineAsync("Usage: dotnet run -- backup --to FILE | dotnet run -- restore --from FILE (with the app stopped)");
        return 2;
    }

    /// <summary>A consistent copy of the live database at <paramref name="file"/>, taken while the app keeps writing. Returns its page count.</summary>
    public static long Backup(string liveConnectionString, string file)
    {
        var temporary = file + ".partial";
        File.Delete(temporary);
        using (var source = new SqliteConnection(liveConnectionString))
        using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temporary, Pooling = false }.ToString()))
        {
            source.Open();
            target.Open();
            // sqlite3_backup_step(-1): every page in one step, under one read transaction: a snapshot, whatever writers do.
            source.BackupDatabase(target);
        }
        var pages = Check(temporary);
        File.Move(temporary, file, overwrite: true);
        return pages;
    }

    /// <summary>Writes a backup over the database at <paramref name="liveConnectionString"/>, once the file proves to be a whole one of ours.</summary>
    public static void Restore(string file, string liveConnectionString)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"No backup at {file}.", file);
        Check(file);
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        using var target = new SqliteConnection(liveConnectionString);
        source.Open();
        target.Open();
        source.BackupDatabase(target);
        SqliteConnection.ClearAllPools();
    }

    /// <summary>An intact SQLite file that holds this app's tables; its page count.</summary>
    private static long Check(string file)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        if (command.ExecuteScalar() as string != "ok") throw new InvalidDataException($"{file} is damaged (integrity check failed).");
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('__EFMigrationsHistory', 'Posts', 'AspNetUsers')";
        if (Convert.ToInt32(command.ExecuteScalar()) != 3) throw new InvalidDataException($"{file} is not a PracticeCommunity database.");
        command.CommandText = "PRAGMA page_count";
        return Convert.ToInt64(command.ExecuteScalar());
    }
}
