using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Notifications;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Rooms.Thread;

/// <summary>
/// Issue 6: an open page does not write a read mark per post it receives. Marks wait in memory and are written
/// together every few seconds (time moved with a fake clock), and at once when the member leaves.
/// </summary>
public sealed class ReadMarksTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private async Task<long?> StoredMarkAsync(string memberId, long threadId)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.ThreadVisits.Where(v => v.MemberId == memberId && v.ThreadId == threadId).Select(v => (long?)v.LastReadPostId).FirstOrDefaultAsync();
    }

    private ReadMarks NewReadMarks(TimeProvider time) => new(
        App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(),
        App.Services.GetRequiredService<NotificationService>(), time, NullLogger<ReadMarks>.Instance);

    [Fact]
    public async Task Posts_seen_on_an_open_page_are_written_once_per_interval_not_once_per_post()
    {
        var author = await App.JoinAsAsync(Rooms.Persona.Buyer);
        var reader = await App.JoinAsAsync(Rooms.Persona.Facilitator);
        var (threadId, _) = await author.StartThreadAsync(Rooms.RoomsTestKit.OpenRoom);
        var viewer = await App.ViewerOfAsync(reader.Id);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var marks = NewReadMarks(clock);
        await marks.StartAsync(CancellationToken.None);

        for (var postId = threadId * 1000; postId < threadId * 1000 + 50; postId++) marks.Seen(viewer, threadId, postId);
        marks.Seen(viewer, threadId, 5); // an older post seen later never moves the mark back

        Assert.Null(await StoredMarkAsync(reader.Id, threadId)); // nothing written yet
        // The worker starts its timer on its own thread: move the clock one interval at a time until it has ticked.
        var written = await EventuallyAsync(async () =>
        {
            clock.Advance(ReadMarks.FlushInterval);
            return await StoredMarkAsync(reader.Id, threadId);
        });
        Assert.Equal(threadId * 1000 + 49, written);
        await marks.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Leaving_the_thread_writes_what_was_seen_at_once_and_nothing_is_left_waiting()
    {
        var author = await App.JoinAsAsync(Rooms.Persona.Buyer);
        var reader = await App.JoinAsAsync(Rooms.Persona.Facilitator);
        var (threadId, openingId) = await author.StartThreadAsync(Rooms.RoomsTestKit.OpenRoom);
        var viewer = await App.ViewerOfAsync(reader.Id);
        using var marks = NewReadMarks(new FakeTimeProvider(DateTimeOffset.UtcNow));

        marks.Seen(viewer, threadId, openingId);
        await marks.FlushAsync(reader.Id, threadId);

        Assert.Equal(openingId, await StoredMarkAsync(reader.Id, threadId));
        await marks.FlushAllAsync(); // nothing waits any more: a no-op
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> read) where T : struct
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (await read() is { } value) return value;
            if (DateTime.UtcNow > until) throw new TimeoutException("The read mark was never written.");
            await Task.Delay(20);
        }
    }
}
