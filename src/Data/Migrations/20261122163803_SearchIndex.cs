using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PracticeCommunity.Data.Migrations
{
    /// <summary>
    /// Full-text search on SQLite: an FTS5 table over thread titles and post bodies (Markdown), kept in step by
    /// triggers so that no service has to remember to index. Only visible posts are in it: not deleted, not hidden,
    /// in a thread that is not deleted. The title is indexed on the opening post only, so a title word finds the
    /// thread once rather than once per reply. Which rooms a viewer may search is decided at query time (a join
    /// to Threads and Rooms), so moving a thread or changing a room's audience needs no re-indexing.
    /// The table keeps its own copy of the text because FTS5's snippet() cannot read a contentless table.
    /// PostgreSQL gets its own full-text search later; this migration does nothing there.
    /// A later migration that rebuilds Posts or Threads (SQLite's "table rebuild") drops these triggers and must
    /// run <see cref="CreateTriggers"/> again; a test checks that they exist after all migrations.
    /// </summary>
    public partial class SearchIndex : Migration
    {
        private const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";

        /// <summary>The triggers, reading the post text from <paramref name="body"/> (BodyMarkdown at first, BodyText later).</summary>
        public static string[] CreateTriggers(string body) =>
        [
            $"""
            CREATE TRIGGER PostSearch_PostInserted AFTER INSERT ON Posts
            WHEN new.DeletedAt IS NULL AND new.HiddenAt IS NULL
            BEGIN
                INSERT INTO PostSearch(rowid, title, body)
                SELECT new.Id, CASE WHEN new.IsOpening THEN t.Title ELSE '' END, new.{body} FROM Threads t WHERE t.Id = new.ThreadId AND t.DeletedAt IS NULL;
            END;
            """,
            $"""
            CREATE TRIGGER PostSearch_PostUpdated AFTER UPDATE OF {body}, DeletedAt, HiddenAt, IsOpening, ThreadId ON Posts
            BEGIN
                DELETE FROM PostSearch WHERE rowid = old.Id;
                INSERT INTO PostSearch(rowid, title, body)
                SELECT new.Id, CASE WHEN new.IsOpening THEN t.Title ELSE '' END, new.{body} FROM Threads t
                WHERE t.Id = new.ThreadId AND t.DeletedAt IS NULL AND new.DeletedAt IS NULL AND new.HiddenAt IS NULL;
            END;
            """,
            $"""
            CREATE TRIGGER PostSearch_PostDeleted AFTER DELETE ON Posts
            BEGIN
                DELETE FROM PostSearch WHERE rowid = old.Id;
            END;
            """,
            // A new title re-indexes the opening post; deleting or restoring the thread re-indexes all its posts.
            $"""
            CREATE TRIGGER PostSearch_ThreadUpdated AFTER UPDATE OF Title, DeletedAt ON Threads
            WHEN old.Title IS NOT new.Title OR (old.DeletedAt IS NULL) <> (new.DeletedAt IS NULL)
            BEGIN
                DELETE FROM PostSearch WHERE rowid IN (
                    SELECT p.Id FROM Posts p
                    WHERE p.ThreadId = new.Id AND (p.IsOpening OR (old.DeletedAt IS NULL) <> (new.DeletedAt IS NULL)));
                INSERT INTO PostSearch(rowid, title, body)
                SELECT p.Id, CASE WHEN p.IsOpening THEN new.Title ELSE '' END, p.{body} FROM Posts p
                WHERE p.ThreadId = new.Id AND (p.IsOpening OR (old.DeletedAt IS NULL) <> (new.DeletedAt IS NULL))
                  AND new.DeletedAt IS NULL AND p.DeletedAt IS NULL AND p.HiddenAt IS NULL;
            END;
            """,
        ];

        /// <summary>Indexes every visible post, reading its text from <paramref name="body"/>.</summary>
        public static string Fill(string body) => $"""
            INSERT INTO PostSearch(rowid, title, body)
            SELECT p.Id, CASE WHEN p.IsOpening THEN t.Title ELSE '' END, p.{body}
            FROM Posts p JOIN Threads t ON t.Id = p.ThreadId
            WHERE p.DeletedAt IS NULL AND p.HiddenAt IS NULL AND t.DeletedAt IS NULL;
            """;

        /// <summary>Points the index at another text column: new triggers, then the index filled afresh.</summary>
        public static void Reindex(MigrationBuilder migrationBuilder, string body)
        {
            foreach (var name in TriggerNames)
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {name};");
            }
            foreach (var trigger in CreateTriggers(body))
            {
                migrationBuilder.Sql(trigger);
            }
            migrationBuilder.Sql("DELETE FROM PostSearch;");
            migrationBuilder.Sql(Fill(body));
        }

        public static readonly string[] TriggerNames =
            ["PostSearch_PostInserted", "PostSearch_PostUpdated", "PostSearch_PostDeleted", "PostSearch_ThreadUpdated"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.ActiveProvider != Sqlite) return;

            // remove_diacritics 2: "reemploi" finds "réemploi". Prefix indexes make "circ*" cheap.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE PostSearch USING fts5(
                    title, body,
                    tokenize = 'unicode61 remove_diacritics 2',
                    prefix = '2 3'
                );
                """);
            // A word in the title counts for more than the same word in a body.
            migrationBuilder.Sql("INSERT INTO PostSearch(PostSearch, rank) VALUES('rank', 'bm25(4.0, 1.0)');");
            foreach (var trigger in CreateTriggers("BodyMarkdown"))
            {
                migrationBuilder.Sql(trigger);
            }
            migrationBuilder.Sql(Fill("BodyMarkdown"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.ActiveProvider != Sqlite) return;

            foreach (var name in TriggerNames)
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {name};");
            }
            migrationBuilder.Sql("DROP TABLE IF EXISTS PostSearch;");
        }
    }
}
