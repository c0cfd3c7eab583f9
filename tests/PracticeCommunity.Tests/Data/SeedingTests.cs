using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PracticeCommunity.Data;
using PracticeCommunity.Data.Seed;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Data;

/// <summary>The seed rooms load once; a restart never overwrites a moderator's edits nor adds rooms again.</summary>
public sealed class SeedingTests
{
    [Fact]
    public async Task A_restart_on_the_same_database_keeps_a_renamed_seed_room_and_adds_no_rooms()
    {
        using var data = new TempDirectory("seed");
        var mail = await MailCatcher.SharedAsync();
        var options = new CommunityAppOptions { DatabaseFile = data.Combine("community.db") };
        const string renamed = "Which goals can our city reach by 2027? (edited by a moderator)";
        int roomsAfterFirstStart;
        int roomId;

        await using (var first = new CommunityAppFactory(mail, options))
        {
            _ = first.Server;
            await using var db = await first.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            roomsAfterFirstStart = await db.Rooms.CountAsync();
            Assert.Equal(RoomSeed.Rooms.Count, roomsAfterFirstStart);
            var room = await db.Rooms.SingleAsync(r => r.Slug == "ambition-two-year-goals");
            roomId = room.Id;
            room.Title = renamed;
            // A moderator also archived one room: the seed must not bring it back either.
            (await db.Rooms.SingleAsync(r => r.Slug == "pilots-measure-outcome")).IsArchived = true;
            await db.SaveChangesAsync();
        }

        await using var second = new CommunityAppFactory(mail, options);
        _ = second.Server;
        await using (var db = await second.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(roomsAfterFirstStart, await db.Rooms.CountAsync());
            Assert.Equal(renamed, (await db.Rooms.SingleAsync(r => r.Id == roomId)).Title);
            Assert.True((await db.Rooms.SingleAsync(r => r.Slug == "pilots-measure-outcome")).IsArchived);
        }

        // And what a member sees: the edited title, the archived room gone, nothing doubled.
        var email = Unique.Email("after-restart");
        await second.CreateConfirmedAccountAsync(email);
        using var member = await second.SignedInClientAsync(email);
        var titles = (await member.ListRoomsAsync()).Select(r => r.Title).ToList();
        Assert.Contains(renamed, titles);
        Assert.DoesNotContain("Which circular goals can we reach in the next two years?", titles);
        Assert.DoesNotContain("How do we measure a pilot's outcome?", titles);
        Assert.Equal(titles.Count, titles.Distinct().Count());
    }

    [Fact]
    public async Task A_fresh_database_gets_every_seed_room_once()
    {
        await using var app = new CommunityAppFactory(await MailCatcher.SharedAsync());
        _ = app.Server;
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

        var slugs = await db.Rooms.Select(r => r.Slug).ToListAsync();
        Assert.Equal(RoomSeed.Rooms.Select(r => r.Slug).Order(), slugs.Order());
        var titles = await db.Rooms.Select(r => r.Title).ToListAsync();
        Assert.All(SeedQuestions.All, q => Assert.Contains(q, titles));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }
}
