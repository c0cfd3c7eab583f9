using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.MemberDirectory;

/// <summary>
/// The member directory and profile pages. Members with a complete profile are listed, to signed-in members only.
/// What a profile shows of someone's posts goes through the access gate's audiences for the viewer.
/// </summary>
public sealed class DirectoryService(IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<Strings> L)
{
    public const int PageSize = 24;
    public const int RecentPostCount = 10;
    public const int MaxQueryLength = 100;

    public async Task<ServiceResult<DirectoryResults>> ListAsync(Viewer viewer, DirectoryQuery query, CancellationToken ct = default)
    {
        if (!viewer.IsSignedIn) return ServiceResult<DirectoryResults>.Forbidden(L["Sign in to see the members."]);
        var errors = new FieldErrors();
        var text = query.Text?.Trim() ?? "";
        if (text.Length > MaxQueryLength) errors.Add("q", L["Search with at most {0} characters (this has {1}).", MaxQueryLength, text.Length]);
        else if (TextRules.HasInvisibleOrControl(text)) errors.Add("q", L["Search with letters, digits and spaces only."]);
        CommunityRole? role = null;
        if (!string.IsNullOrWhiteSpace(query.Role) && (role = EnumNames.Parse<CommunityRole>(query.Role)) is null)
            errors.Add("role", L["Choose a role: Buyer, Supplier or Facilitator."]);
        var group = query.ProductGroup?.Trim().ToLowerInvariant();
        if (!string.IsNullOrEmpty(group) && !ProductGroups.IsKnown(group)) errors.Add("productGroup", L["Choose one of the product groups in the list."]);
        if (errors.Any) return errors.ToResult<DirectoryResults>();

        var page = Math.Clamp(query.Page, 1, 100_000);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = Listed(db);
        if (text.Length > 0)
        {
            var lowered = text.ToLower();
            q = q.Where(u => u.DisplayName.ToLower().Contains(lowered) || (u.Organisation != null && u.Organisation.Name.ToLower().Contains(lowered)));
        }
        if (role is { } r) q = q.Where(u => u.Role == r && (r != CommunityRole.Buyer || u.RoleStatus == RoleStatus.Granted));
        if (!string.IsNullOrEmpty(group)) q = q.Where(u => u.ProductGroups.Contains(group));

        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(u => u.DisplayName).ThenBy(u => u.Id).Skip((page - 1) * PageSize).Take(PageSize)
            .Select(Row(db)).ToListAsync(ct);
        return ServiceResult<DirectoryResults>.Ok(new DirectoryResults(rows.Select(ToMember).ToList(), page, PageSize, total));
    }

    public async Task<ServiceResult<MemberProfile>> GetAsync(Viewer viewer, string memberId, CancellationToken ct = default)
    {
        if (!viewer.IsSignedIn) return ServiceResult<MemberProfile>.Forbidden(L["Sign in to see the members."]);
        if (string.IsNullOrWhiteSpace(memberId) || memberId.Length > 64) return ServiceResult<MemberProfile>.NotFound();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await Listed(db).Where(u => u.Id == memberId).Select(Row(db)).FirstOrDefaultAsync(ct);
        if (row is null) return ServiceResult<MemberProfile>.NotFound();

        var audiences = AccessGate.EnterableAudiences(viewer);
        var posts = db.Posts.AsNoTracking().Where(p => p.AuthorId == memberId && p.DeletedAt == null && p.HiddenAt == null
            && p.Thread!.DeletedAt == null && !p.Thread.Room!.IsArchived && audiences.Contains(p.Thread.Room.Audience));
        var counts = await posts.GroupBy(_ => 1).Select(g => new
        {
            Threads = g.Count(p => p.IsOpening),
            Replies = g.Count(p => !p.IsOpening),
            Accepted = g.Count(p => p.Thread!.AcceptedPostId == p.Id),
        }).FirstOrDefaultAsync(ct);
        var recent = await posts.OrderByDescending(p => p.Id).Take(RecentPostCount)
            .Select(p => new
            {
                p.Id, p.ThreadId, p.Thread!.Title, p.Thread.Room!.Slug, RoomTitle = p.Thread.Room.Title, p.Thread.Room.Audience,
                p.BodyText, p.IsOpening, Accepted = p.Thread.AcceptedPostId == p.Id, p.CreatedAt,
            })
            .ToListAsync(ct);
        return ServiceResult<MemberProfile>.Ok(new MemberProfile(ToMember(row), counts?.Threads ?? 0, counts?.Replies ?? 0, counts?.Accepted ?? 0,
            recent.Select(p => new ProfilePost(p.Id, p.ThreadId, p.Title, p.Slug, p.RoomTitle, p.Audience, Excerpt(p.BodyText), p.IsOpening, p.Accepted, p.CreatedAt)).ToList()));
    }

    /// <summary>Members with a complete profile (staff without one keep out of the directory).</summary>
    private static IQueryable<Member> Listed(AppDbContext db) =>
        db.Users.AsNoTracking().Where(u => u.Role != null && u.OrganisationId != null && u.DisplayName != "");

    private sealed record MemberRow(string Id, string DisplayName, string? Organisation, OrganisationType? OrganisationType, string? Country,
        CommunityRole? Role, RoleStatus Status, bool IsModerator, List<string> ProductGroups, DateTimeOffset CreatedAt);

    private static System.Linq.Expressions.Expression<Func<Member, MemberRow>> Row(AppDbContext db) => u => new MemberRow(
        u.Id, u.DisplayName, u.Organisation == null ? null : u.Organisation.Name, u.Organisation == null ? null : u.Organisation.Type,
        u.Organisation == null ? null : u.Organisation.Country, u.Role, u.RoleStatus,
        db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && (r.Name == StaffRoles.Moderator || r.Name == StaffRoles.Admin))),
        u.ProductGroups, u.CreatedAt);

    private static DirectoryMember ToMember(MemberRow row) => new(
        row.Id, row.DisplayName, row.Organisation, row.OrganisationType, row.Country,
        row.Role switch
        {
            CommunityRole.Buyer when row.Status == RoleStatus.Pending => "PendingBuyer",
            CommunityRole.Buyer when row.Status != RoleStatus.Granted => null,
            { } role => role.ToString(),
            null => null,
        },
        row.IsModerator, row.ProductGroups, row.CreatedAt);

    private static string Excerpt(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 220 ? flat : flat[..220].TrimEnd() + "…";
    }
}
