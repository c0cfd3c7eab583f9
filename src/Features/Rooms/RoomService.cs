using Microsoft.EntityFrameworkCore;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Members;

using PracticeCommunity.Features.Access;
namespace PracticeCommunity.Features.Rooms;

public sealed record RoomSummary(int Id, string Slug, string Title, int Part, string PartTitle, string StepKey, string Step, RoomAudience Audience, int ThreadCount);

public sealed record FrameworkNavigator(IReadOnlyList<NavigatorPart> Parts);
public sealed record NavigatorPart(FrameworkPart Part, IReadOnlyList<NavigatorStep> Steps);
public sealed record NavigatorStep(FrameworkStep Step, IReadOnlyList<RoomSummary> Rooms);

/// <summary>Rooms and the framework around them. Which rooms a viewer may see is decided here and nowhere else.</summary>
public sealed class RoomService(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>Rooms the viewer may know about, in framework order (archived rooms left out).</summary>
    public async Task<IReadOnlyList<RoomSummary>> ListRoomsAsync(Viewer viewer, CancellationToken ct = default)
    {
        var audiences = AccessGate.ListableAudiences(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rooms = await Rows(db, db.Rooms.Where(r => !r.IsArchived && audiences.Contains(r.Audience))).ToListAsync(ct);
        return rooms
            .OrderBy(r => r.Part).ThenBy(r => Framework.StepIndex(r.StepKey)).ThenBy(r => r.SortOrder)
            .Select(ToSummary)
            .ToList();
    }

    public async Task<FrameworkNavigator> GetNavigatorAsync(Viewer viewer, CancellationToken ct = default)
    {
        var rooms = await ListRoomsAsync(viewer, ct);
        return new FrameworkNavigator(Framework.Parts
            .Select(p => new NavigatorPart(p, p.Steps.Select(s => new NavigatorStep(s, rooms.Where(r => r.StepKey == s.Key).ToList())).ToList()))
            .ToList());
    }

    /// <summary>A room the viewer may enter, by id or slug; null when missing or hidden from the viewer.</summary>
    public async Task<RoomSummary?> FindRoomAsync(Viewer viewer, string idOrSlug, CancellationToken ct = default)
    {
        var audiences = AccessGate.EnterableAudiences(viewer);
        if (audiences.Count == 0) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Rooms.AsNoTracking().Where(r => !r.IsArchived && audiences.Contains(r.Audience));
        q = int.TryParse(idOrSlug, out var id) ? q.Where(r => r.Id == id) : q.Where(r => r.Slug == idOrSlug);
        return await Rows(db, q).FirstOrDefaultAsync(ct) is { } row ? ToSummary(row) : null;
    }

    private sealed record RoomRow(int Id, string Slug, string Title, int Part, string StepKey, RoomAudience Audience, int SortOrder, int ThreadCount);

    private static IQueryable<RoomRow> Rows(AppDbContext db, IQueryable<Room> rooms) => rooms.AsNoTracking()
        .Select(r => new RoomRow(r.Id, r.Slug, r.Title, r.Part, r.StepKey, r.Audience, r.SortOrder, db.Threads.Count(t => t.RoomId == r.Id && t.DeletedAt == null)));

    private static RoomSummary ToSummary(RoomRow r) => new(r.Id, r.Slug, r.Title, r.Part, Framework.FindPart(r.Part)?.Title ?? "",
        r.StepKey, Framework.FindStep(r.StepKey)?.Title ?? r.StepKey, r.Audience, r.ThreadCount);
}
