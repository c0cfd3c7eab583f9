using System.ComponentModel.DataAnnotations;

namespace PracticeCommunity.Data;

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
    [Required]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Used when ConnectionStrings:Default is not set: a SQLite file under the content root.</summary>
    [Required]
    public string SqliteFile { get; set; } = "data/practice-community.db";
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
