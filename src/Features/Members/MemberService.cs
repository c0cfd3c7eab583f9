using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Live;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Members;

/// <summary>
/// Who members are to the rest of the app: viewers (cached until their access changes) and look-ups by name for
/// mentions. Changing profiles is <see cref="Profiles"/>; staff decisions are <see cref="MemberAdministration"/>.
/// </summary>
public sealed class MemberService : IViewerSource, IDisposable
{
    private readonly IDbContextFactory<AppDbContext> dbFactory;
    private readonly TimeProvider time;
    private readonly IStringLocalizer<Strings> L;
    private readonly IEventBus bus;
    private readonly IDisposable _subscription;

    /// <summary>Viewers by member id. An entry goes as soon as <see cref="AccessChanged"/> names its member, and after
    /// <see cref="ViewerLifetime"/> in any case (a change made outside this app, such as create-admin).</summary>
    private readonly ConcurrentDictionary<string, (Viewer Viewer, DateTimeOffset Until)> _viewers = new();

    /// <summary>Bumped whenever a member's entry is dropped: a read that began before is not cached (it may hold the old rights).</summary>
    private readonly ConcurrentDictionary<string, long> _changes = new();
    private long _clears;

    public static readonly TimeSpan ViewerLifetime = TimeSpan.FromSeconds(30);

    public MemberService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, IStringLocalizer<Strings> L, IEventBus bus)
    {
        (this.dbFactory, this.time, this.L, this.bus) = (dbFactory, time, L, bus);
        // Inline, before any queued listener runs: a change made on another server must be seen by the listeners that
        // react to it here (the suspension enforcer reads the viewer again). After a gap in the bus, forget everyone.
        _subscription = bus.SubscribeInline(e =>
        {
            if (e is AccessChanged changed) Forget(changed.MemberId);
            else if (e is BusResumed) { Interlocked.Increment(ref _clears); _viewers.Clear(); }
        });
    }

    public void Dispose() => _subscription.Dispose();

    /// <summary>Tells every holder of this member's rights to read them again (after the change is committed).</summary>
    internal ValueTask AccessChangedAsync(string memberId, CancellationToken ct)
    {
        // Forgotten here at once, so the very next call (a hub method, say) reads the new rights; the event tells
        // everyone else (circuits, hub connections, and other servers later).
        Forget(memberId);
        return bus.PublishAsync(new AccessChanged(memberId), ct);
    }

    private void Forget(string memberId)
    {
        _changes.AddOrUpdate(memberId, 1, (_, n) => n + 1);
        _viewers.TryRemove(memberId, out _);
    }

    public async Task<Viewer> GetViewerAsync(ClaimsPrincipal? principal, CancellationToken ct = default)
    {
        var id = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (principal?.Identity?.IsAuthenticated != true || id is null)
        {
            return Viewer.Anonymous;
        }
        return await GetViewerByIdAsync(id, ct) ?? Viewer.Anonymous;
    }

    /// <summary>How another member sees the app, to check what they may be shown (mentions, notifications).</summary>
    public async Task<Viewer?> GetViewerByIdAsync(string memberId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (_viewers.TryGetValue(memberId, out var cached) && cached.Until > now) return cached.Viewer;
        var (change, clears) = (_changes.GetValueOrDefault(memberId), Interlocked.Read(ref _clears));
        var viewer = (await ViewersAsync(u => u.Id == memberId, 1, ct)).FirstOrDefault()?.Viewer;
        // A suspension that ends is read again when it ends, not up to a lifetime later.
        var until = viewer?.Suspension?.Until is { } end && end < now + ViewerLifetime ? end : now + ViewerLifetime;
        // Rights that changed while this read ran (here or on another server) are not cached: the next read gets the new ones.
        if (viewer is not null && _changes.GetValueOrDefault(memberId) == change && Interlocked.Read(ref _clears) == clears) _viewers[memberId] = (viewer, until);
        return viewer;
    }

    public Task<IReadOnlyList<MemberMatch>> FindByDisplayNamesAsync(IReadOnlyList<string> names, CancellationToken ct = default)
    {
        var lowered = names.Select(n => n.ToLower()).ToList();
        return ViewersAsync(u => u.DeletedAt == null && lowered.Contains(u.DisplayName.ToLower()), 50, ct);
    }

    public Task<IReadOnlyList<MemberMatch>> FindByDisplayNamePrefixAsync(string prefix, int take, CancellationToken ct = default) =>
        ViewersAsync(u => u.DeletedAt == null && u.DisplayName != "" && u.DisplayName.ToLower().StartsWith(prefix.ToLower()), take, ct);

    private async Task<IReadOnlyList<MemberMatch>> ViewersAsync(System.Linq.Expressions.Expression<Func<Member, bool>> filter, int take, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // A deleted account is nobody: its sign-ins on other devices end at once (they read as visitors).
        var rows = await db.Users.AsNoTracking().Where(u => u.DeletedAt == null).Where(filter).OrderBy(u => u.DisplayName).Take(take)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.Role, u.RoleStatus, u.CreatedAt, Org = u.Organisation == null ? null : u.Organisation.Name,
                u.SuspendedAt, u.SuspendedUntil, u.SuspensionReason })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId) select new { ur.UserId, r.Name }).ToListAsync(ct);
        var now = time.GetUtcNow();
        return rows.Select(r =>
        {
            var suspended = r.SuspendedAt is not null && (r.SuspendedUntil is null || r.SuspendedUntil > now)
                ? new SuspensionNotice(r.SuspendedUntil, r.SuspensionReason ?? "") : null;
            var mine = roles.Where(x => x.UserId == r.Id).Select(x => x.Name).ToList();
            // An email address is never shown as a name: a member without a display name is "New member".
            return new MemberMatch(new Viewer(r.Id, r.DisplayName.Length > 0 ? r.DisplayName : L["New member"], r.Role, r.RoleStatus,
                mine.Contains(StaffRoles.Moderator), mine.Contains(StaffRoles.Admin), r.Org, r.CreatedAt, r.DisplayName.Length > 0, suspended), r.Email ?? "");
        }).ToList();
    }

    internal static async Task<List<string>> StaffRolesOfAsync(AppDbContext db, string memberId, CancellationToken ct) =>
        await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
               where ur.UserId == memberId select r.Name!).ToListAsync(ct);
}
