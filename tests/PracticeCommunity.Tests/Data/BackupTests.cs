using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using PracticeCommunity.Data;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Data;

/// <summary>Issue 12, backups: an online copy while members post, then a restore into a fresh app that holds every acknowledged post.</summary>
[Trait("Database", "SqliteOnly")]
public sealed class BackupTests : IAsyncLifetime
{
    private CommunityAppFactory _app = null!;
    private readonly TempDirectory _directory = new("backup-test");

    public async Task InitializeAsync() => _app = new CommunityAppFactory(await MailCatcher.SharedAsync());

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_backup_taken_while_members_post_restores_into_a_new_app_with_every_post_acknowledged_before_it()
    {
        using var buyer = await _app.JoinAsAsync(Persona.Buyer);
        var (threadId, openingId) = await buyer.StartThreadAsync(OpenRoom, title: "Backed-up thread");
        var acknowledged = new ConcurrentQueue<long>();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                using var response = await buyer.Http.PostReplyAsync(threadId, $"Post number {i} while the backup runs.");
                if (response.StatusCode == HttpStatusCode.Created) acknowledged.Enqueue((await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).Id());
            }
        });
        await Eventually.TrueAsync(() => acknowledged.Count >= 20, "twenty posts acknowledged before the backup");

        // Through the command, as an operator runs it, while the writer keeps posting.
        var before = acknowledged.ToArray();
        var file = _directory.Combine("backup.db");
        Assert.Equal(0, await SqliteBackup.RunAsync(_app.Services, ["backup", "--to", file]));
        await Eventually.TrueAsync(() => acknowledged.Count >= before.Length + 5, "posts after the backup too");
        stop.Cancel();
        await writer;
        Assert.False(File.Exists(file + ".partial"));

        // Restored into the database of a new app, before it starts.
        await using var restored = new CommunityAppFactory(await MailCatcher.SharedAsync());
        SqliteBackup.Restore(file, restored.ConnectionString);
        var token = await restored.LoginAsync(buyer.Email);
        using var client = restored.ClientWithToken(token);
        var posts = new HashSet<long>();
        long? after = null;
        while (true)
        {
            var page = await client.GetJsonAsync($"/api/v1/threads/{threadId}?limit=100" + (after is { } a ? $"&afterPostId={a}" : ""));
            var ids = page.GetProperty("posts").EnumerateArray().Select(p => p.Id()).ToList();
            if (ids.All(posts.Contains)) break;
            posts.UnionWith(ids);
            after = ids.Max();
        }
        Assert.Contains(openingId, posts);
        Assert.All(before, id => Assert.Contains(id, posts));
    }

    [Fact]
    public void A_damaged_or_foreign_file_is_refused_and_the_database_is_left_as_it_was()
    {
        var junk = _directory.Combine("junk.db");
        File.WriteAllText(junk, "this is not a database");
        Assert.ThrowsAny<Exception>(() => SqliteBackup.Restore(junk, _app.ConnectionString));
        var empty = _directory.Combine("empty.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={empty};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE Other (Id INTEGER)";
            create.ExecuteNonQuery();
        }
        Assert.Throws<InvalidDataException>(() => SqliteBackup.Restore(empty, _app.ConnectionString));
        Assert.Throws<FileNotFoundException>(() => SqliteBackup.Restore(_directory.Combine("missing.db"), _app.ConnectionString));
    }
}
