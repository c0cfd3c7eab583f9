using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Email;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Email;

/// <summary>
/// Issue 11: the app, in its own process, is killed with SIGKILL in the middle of a digest run and started again on the
/// same database: every member ends up with exactly one digest for the period, none lost and none doubled.
/// </summary>
[Trait("Database", "SqliteOnly")]
public sealed class DigestCrashTests
{
    private const int Members = 400;

    [Fact]
    public async Task Killed_in_the_middle_of_a_digest_run_and_restarted_every_member_gets_exactly_one_digest()
    {
        // Not across an hour boundary: the period is "today at this hour" for everyone.
        if (DateTime.UtcNow.Minute >= 58) await Task.Delay(TimeSpan.FromSeconds(125 - DateTime.UtcNow.Second));
        var mail = await MailCatcher.SharedAsync();
        using var work = new TempDirectory("crash");
        var database = work.Combine("app.db");

        // Set up in-process: the schema, a busy open thread, and members whose daily digest for this hour is due.
        var tag = Guid.NewGuid().ToString("N")[..8];
        var emails = Enumerable.Range(0, Members).Select(i => $"crash{i}-{tag}@example.org").ToList();
        await using (var setup = new CommunityAppFactory(mail, new CommunityAppOptions { DatabaseFile = database }))
        {
            using var author = await setup.JoinAsAsync(Persona.Buyer);
            var (thread, _) = await author.StartThreadAsync(OpenRoom, "Crash-safe digests", kind: "PracticeShare");
            await author.ReplyAsync(thread, "Something new for everyone.");
            await setup.SeedMembersWithDigestDueAsync(emails, $"Crash City {tag}");
        }
        SqliteConnection.ClearAllPools();

        var memberIds = await ReadAsync(database, "SELECT Id FROM AspNetUsers WHERE Email LIKE 'crash%-" + tag + "@example.org'", r => r.GetString(0));
        Assert.Equal(Members, memberIds.Count);
        // Run the app and kill it (SIGKILL) once part of the run is done.
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Sqlite",
            ["ConnectionStrings__Default"] = $"Data Source={database}",
            ["Email__DigestBatchSize"] = "50",
        };
        await using (var first = await AppProcess.StartAsync(mail, settings))
        {
            var clock = Stopwatch.StartNew();
            int queued;
            while ((queued = await CountDigestsAsync(database, tag)) < 20)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("No digest was queued within 60 s:\n" + first.Log);
                await Task.Delay(10);
            }
            first.Kill();
            queued = await CountDigestsAsync(database, tag);
            Assert.True(queued < Members, $"the run finished ({queued}) before the kill: nothing was proven");
        }

        // Start again on the same database: the rest is sent, and nothing twice.
        await using (var second = await AppProcess.StartAsync(mail, settings))
        {
            await Eventually.TrueAsync(async () => await CountDigestsAsync(database, tag) == Members, $"{Members} digests queued", TimeSpan.FromSeconds(90));
            await Eventually.TrueAsync(async () => (await ReadAsync(database,
                $"SELECT COUNT(*) FROM OutboxMessages WHERE Kind = 'digest' AND SentAt IS NULL AND \"To\" LIKE 'crash%-{tag}@example.org'", r => r.GetInt32(0))).Single() == 0,
                "every digest sent", TimeSpan.FromSeconds(90));
            var keys = await ReadAsync(database, $"SELECT MemberId, UniqueKey, MessageId FROM OutboxMessages WHERE Kind = 'digest' AND \"To\" LIKE 'crash%-{tag}@example.org'",
                r => (Member: r.GetString(0), Key: r.GetString(1), MessageId: r.GetString(2)));
            Assert.Equal(Members, keys.Select(k => k.Member).Distinct().Count());
            Assert.Equal(Members, keys.Count);

            // At the catcher: every member has their digest. A message the killed process had handed to SMTP but not
            // yet marked sent may arrive twice, as the same message (same Message-ID), which mail programs show once.
            await Eventually.TrueAsync(async () => (await mail.GetAllAsync()).Count(m => m.To.Any(t => t.EndsWith($"-{tag}@example.org"))) >= Members,
                "every digest at the catcher", TimeSpan.FromSeconds(60));
            var caught = (await mail.GetAllAsync()).Where(m => m.To.Any(t => t.EndsWith($"-{tag}@example.org"))).ToList();
            Assert.Equal(emails.Order(), caught.SelectMany(m => m.To).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
            foreach (var twice in caught.GroupBy(m => m.To.Single(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            {
                var ids = new HashSet<string>();
                foreach (var copy in twice) ids.Add((await mail.SourceAsync(copy)).MessageId ?? "");
                Assert.True(ids.Count == 1, $"{twice.Key} got {twice.Count()} different digests");
            }
        }
    }

    private static async Task<int> CountDigestsAsync(string database, string tag) =>
        (await ReadAsync(database, $"SELECT COUNT(*) FROM OutboxMessages WHERE Kind = 'digest' AND \"To\" LIKE 'crash%-{tag}@example.org'", r => r.GetInt32(0))).Single();

    private static Task<List<T>> ReadAsync<T>(string database, string sql, Func<System.Data.Common.DbDataReader, T> read) =>
        TestDatabase.QueryAsync($"Data Source={database};Mode=ReadOnly", sql, read);
}
