using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Search;
using PracticeCommunity.Data.Migrations;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Search;

/// <summary>
/// The search index (FTS5 on SQLite, tsvector on PostgreSQL) follows the database by itself (triggers), whoever writes: the services, a moderator's tool that
/// renames or deletes a thread, or a later migration. These tests write with plain SQL, as such tools would.
/// </summary>
public sealed class SearchIndexTests(SearchFixture cast) : IClassFixture<SearchFixture>
{
    [Fact]
    public async Task After_all_migrations_the_search_table_and_its_triggers_exist()
    {
        if (TestDatabase.IsPostgres)
        {
            var tables = await ScalarsAsync("""SELECT tablename FROM pg_tables WHERE tablename IN ('PostSearch', 'CaseSearch')""");
            Assert.Equal(["CaseSearch", "PostSearch"], tables.Order());
            var triggers = await ScalarsAsync("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal");
            Assert.All(new[] { "PostSearch_PostChanged", "PostSearch_ThreadChanged", "CaseSearch_CaseChanged", "AuditEntries_AppendOnly" },
                trigger => Assert.Contains(trigger, triggers));
            return;
        }
        // A later migration that rebuilds Posts or Threads (SQLite's way to alter a column) drops their triggers.
        // If this fails after adding a migration, run SearchIndex.CreateTriggers again at its end.
        var names = await ScalarsAsync("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND (name = 'PostSearch' OR tbl_name IN ('Posts', 'Threads'))");
        Assert.Contains("PostSearch", names);
        Assert.All(SearchIndex.TriggerNames, trigger => Assert.Contains(trigger, names));
    }

    [Fact]
    public async Task Posts_leave_the_index_itself_when_deleted_or_hidden_and_an_edit_replaces_their_text()
    {
        // The index's own rows: FTS5's rowid, title and body on SQLite; PostId, Title and Body on PostgreSQL.
        string Rows(string column, string ids) => TestDatabase.IsPostgres
            ? $"""SELECT "{char.ToUpperInvariant(column[0]) + column[1..]}" FROM "PostSearch" WHERE "PostId" IN ({ids})"""
            : $"SELECT {column} FROM PostSearch WHERE rowid IN ({ids})";
        var id = TestDatabase.IsPostgres ? "postId" : "rowid";
        var thread = await cast.Buyer.StartThreadAsync(cast.OpenRoom, "Index rows", "Opening.");
        var deleted = await cast.Buyer.ReplyAsync(thread.ThreadId, "To be deleted.");
        var hidden = await cast.Buyer.ReplyAsync(thread.ThreadId, "To be hidden.");
        var edited = await cast.Buyer.ReplyAsync(thread.ThreadId, "Before the edit.");
        Assert.Equal(4, (await ScalarsAsync(Rows(id, $"{thread.OpeningPostId}, {deleted}, {hidden}, {edited}"))).Count);

        using (var delete = await cast.Buyer.DeleteAsync($"/api/v1/threads/{thread.ThreadId}/posts/{deleted}")) Assert.Equal(System.Net.HttpStatusCode.NoContent, delete.StatusCode);
        using (var hide = await cast.Moderator.PostAsJsonAsync($"/api/v1/threads/{thread.ThreadId}/posts/{hidden}/hide", new { reason = "Off-topic." })) Assert.Equal(System.Net.HttpStatusCode.NoContent, hide.StatusCode);
        using (var edit = await cast.Buyer.PutAsJsonAsync($"/api/v1/threads/{thread.ThreadId}/posts/{edited}", new { body = "After the edit." })) Assert.Equal(System.Net.HttpStatusCode.OK, edit.StatusCode);

        Assert.Empty(await ScalarsAsync(Rows(id, $"{deleted}, {hidden}")));
        Assert.Equal(["After the edit."], await ScalarsAsync(Rows("body", $"{edited}")));
        Assert.Equal(["Index rows"], await ScalarsAsync(Rows("title", $"{thread.OpeningPostId}")));
        Assert.Equal([""], await ScalarsAsync(Rows("title", $"{edited}")));
    }

    [Fact]
    public async Task Words_joined_by_dots_and_signs_are_found_one_by_one_with_or_without_accents()
    {
        // FTS5's unicode61 splits "ademe.fr", "3.5" and an address into words; PostgreSQL must find them alike.
        var word = SearchSteps.Word();
        var thread = await cast.Buyer.StartThreadAsync(cast.OpenRoom, "Dotted words", $"Ask {word}.fr about version 3.5 or mail info@{word}.org, café2 réemploi.");

        foreach (var query in new[] { word, $"{word}.fr", $"version 3.5", $"info {word} org", "cafe2", "reemploi" })
        {
            var hits = await cast.Buyer.SearchAsync(query, threadId: thread.ThreadId);
            Assert.True(hits.TotalCount == 1, $"\"{query}\" found {hits.TotalCount} posts");
        }
        Assert.Equal(0, (await cast.Buyer.SearchAsync("version 3.6", threadId: thread.ThreadId)).TotalCount);
    }

    [Fact]
    public async Task A_renamed_thread_is_found_by_its_new_title_only()
    {
        var (before, after) = (SearchSteps.Word("old"), SearchSteps.Word("new"));
        var thread = await cast.Buyer.StartThreadAsync(cast.OpenRoom, $"Title {before}", "Body.");
        await cast.Buyer.ReplyAsync(thread.ThreadId, "A reply.");

        await ExecuteAsync($"""UPDATE "Threads" SET "Title" = 'Title {after}' WHERE "Id" = {thread.ThreadId}""");

        Assert.Equal(0, (await cast.Buyer.SearchAsync(before)).TotalCount);
        var hit = Assert.Single((await cast.Buyer.SearchAsync(after)).Items);
        Assert.Equal((thread.OpeningPostId, $"Title {after}"), (hit.PostId, hit.ThreadTitle));
    }

    [Fact]
    public async Task A_deleted_thread_takes_all_its_posts_out_of_search_and_a_restored_one_brings_them_back()
    {
        var word = SearchSteps.Word();
        var thread = await cast.Buyer.StartThreadAsync(cast.OpenRoom, "Soon deleted", $"Opening {word}.");
        await cast.Buyer.ReplyAsync(thread.ThreadId, $"Reply {word}.");
        Assert.Equal(2, (await cast.Buyer.SearchAsync(word, threadId: thread.ThreadId)).TotalCount);

        await ExecuteAsync($"""UPDATE "Threads" SET "DeletedAt" = 638000000000000000 WHERE "Id" = {thread.ThreadId}""");
        Assert.Equal(0, (await cast.Buyer.SearchAsync(word)).TotalCount);

        await ExecuteAsync($"""UPDATE "Threads" SET "DeletedAt" = NULL WHERE "Id" = {thread.ThreadId}""");
        Assert.Equal(1, Assert.Single((await cast.Buyer.SearchAsync(word)).Items).MoreInThread);
        Assert.Equal(2, (await cast.Buyer.SearchAsync(word, threadId: thread.ThreadId)).TotalCount);
    }

    [Fact]
    public async Task Rows_removed_from_the_database_leave_the_index_too()
    {
        var word = SearchSteps.Word();
        var thread = await cast.Buyer.StartThreadAsync(cast.OpenRoom, "Soon removed", $"Opening {word}.");
        await cast.Buyer.ReplyAsync(thread.ThreadId, $"Reply {word}.");

        await ExecuteAsync($"""DELETE FROM "Posts" WHERE "ThreadId" = {thread.ThreadId}; DELETE FROM "Threads" WHERE "Id" = {thread.ThreadId};""");

        Assert.Equal(0, (await cast.Buyer.SearchAsync(word)).TotalCount);
        Assert.Empty(await ScalarsAsync(TestDatabase.IsPostgres
            ? $"""SELECT "PostId" FROM "PostSearch" WHERE "PostId" = {thread.OpeningPostId}"""
            : $"SELECT rowid FROM PostSearch WHERE rowid = {thread.OpeningPostId}"));
    }

    [Fact]
    public async Task A_thread_moved_to_a_buyers_only_room_is_no_longer_found_by_a_supplier()
    {
        var word = SearchSteps.Word();
        var thread = await cast.Buyer.StartThreadAsync(cast.OpenRoom, $"Moving {word}", "Body.");
        Assert.Equal(1, (await cast.Supplier.SearchAsync(word)).TotalCount);

        await ExecuteAsync($"""UPDATE "Threads" SET "RoomId" = {cast.BuyersOnlyRoom.Id} WHERE "Id" = {thread.ThreadId}""");

        Assert.Equal(0, (await cast.Supplier.SearchAsync(word)).TotalCount);
        Assert.Equal(cast.BuyersOnlyRoom.Id, Assert.Single((await cast.Buyer.SearchAsync(word)).Items).RoomId);
    }

    [Fact]
    public async Task A_word_in_more_posts_than_are_ranked_says_so_and_pages_through_the_newest()
    {
        var word = SearchSteps.Word();
        var thread = await cast.Buyer.StartThreadAsync(cast.OpenRoom, "Very common", "Opening.");
        await ExecuteAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {SearchService.RankedWindow + 100})
            INSERT INTO "Posts" ("ThreadId", "AuthorId", "BodyMarkdown", "BodyText", "BodyHtml", "IsOpening", "CreatedAt")
            SELECT t."Id", t."AuthorId", 'Reply ' || n.i || ' {word}', 'Reply ' || n.i || ' {word}', '<p>Reply</p>', {(TestDatabase.IsPostgres ? "false" : "0")}, t."CreatedAt" + n.i
            FROM n, "Threads" t WHERE t."Id" = {thread.ThreadId}
            """);
        var newest = long.Parse((await ScalarsAsync($"""SELECT max("Id") FROM "Posts" WHERE "ThreadId" = {thread.ThreadId}""")).Single());

        var grouped = await cast.Supplier.GetJsonAsync($"/api/v1/search?q={word}");
        var first = await cast.Supplier.GetJsonAsync($"/api/v1/search?q={word}&threadId={thread.ThreadId}");
        var last = await cast.Supplier.SearchAsync(word, page: SearchService.RankedWindow / SearchService.PageSize, threadId: thread.ThreadId);
        var beyond = await cast.Supplier.SearchAsync(word, page: SearchService.RankedWindow / SearchService.PageSize + 1, threadId: thread.ThreadId);

        // All of them are in one thread: one hit standing for the ranked ones.
        Assert.Equal(1, grouped.GetProperty("totalCount").GetInt32());
        Assert.True(grouped.GetProperty("totalCountIsCapped").GetBoolean());
        Assert.Equal(SearchService.RankedWindow - 1, grouped.GetProperty("items")[0].GetProperty("moreInThread").GetInt32());
        Assert.Equal(SearchService.RankedWindow, first.GetProperty("totalCount").GetInt32());
        Assert.True(first.GetProperty("totalCountIsCapped").GetBoolean());
        Assert.Equal(SearchService.PageSize, last.Items.Count);
        Assert.Empty(beyond.Items);
        // Only the newest posts are ranked: the oldest hundred replies are not among the hits.
        Assert.All(last.Items, i => Assert.True(i.PostId > newest - SearchService.RankedWindow, $"post {i.PostId} is older than the newest {SearchService.RankedWindow}"));
    }

    /// <summary>Raw SQL on the app's own database, whichever the provider (identifiers quoted, as both accept).</summary>
    private async Task ExecuteAsync(string sql)
    {
        await using var db = await cast.App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private async Task<List<string>> ScalarsAsync(string sql)
    {
        await using var db = await cast.App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) values.Add(Convert.ToString(reader.GetValue(0))!);
        return values;
    }
}
