using Microsoft.EntityFrameworkCore;
using PracticeCommunity.Data;

namespace PracticeCommunity.Features.Rooms;

/// <summary>Finds a thread or post only when the viewer may see its room; otherwise nothing, as if it did not exist.</summary>
public sealed class ThreadLookup(IDbContextFactory<AppDbContext> dbFactory, RoomService rooms)
{
    public async Task<(DiscussionThread? Thread, RoomSummary? Room)> FindVisibleThreadAsync(Viewer viewer, long threadId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var thread = await db.Threads.AsNoTracking().FirstOrDefaultAsync(t => t.Id == threadId && t.DeletedAt == null, ct);
        if (thread is null) return (null, null);
        var room = await rooms.FindRoomAsync(viewer, thread.RoomId.ToString(), ct);
        return room is null ? (null, null) : (thread, room);
    }

    public async Task<(Post? Post, DiscussionThread? Thread, RoomSummary? Room)> FindVisiblePostAsync(Viewer viewer, long threadId, long postId, CancellationToken ct = default)
    {
        var (thread, room) = await FindVisibleThreadAsync(viewer, threadId, ct);
        if (thread is null) return (null, null, null);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var post = await db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == postId && p.ThreadId == threadId, ct);
        return post is null ? (null, null, null) : (post, thread, room);
    }

    /// <summary>The room of a thread the viewer may see; null when missing or hidden from them.</summary>
    public async Task<RoomSummary?> RoomOfVisibleThreadAsync(Viewer viewer, long threadId, CancellationToken ct = default) =>
        (await FindVisibleThreadAsync(viewer, threadId, ct)).Room;
}
