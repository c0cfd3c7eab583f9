using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Members;

/// <summary>What staff decide about members: Buyer requests (moderators), staff roles and public-body domains (admins).</summary>
public sealed partial class MemberAdministration(
    IDbContextFactory<AppDbContext> dbFactory,
    IServiceScopeFactory scopes,
    MemberService members,
    Moderation.AuditLog audit,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    ILogger<MemberAdministration> logger)
{

    public async Task<IReadOnlyList<PendingBuyer>> ListPendingBuyersAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (!viewer.IsStaff) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking()
            .Where(u => u.Role == CommunityRole.Buyer && u.RoleStatus == RoleStatus.Pending)
            .OrderBy(u => u.CreatedAt)
            .Select(u => new PendingBuyer(u.Id, u.Email ?? "", u.DisplayName, u.Organisation!.Name, u.Organisation!.Country, u.CreatedAt))
            .ToListAsync(ct);
    }

    public async Task<ServiceResult<bool>> DecideBuyerRequestAsync(Viewer viewer, string memberId, bool approve, CancellationToken ct = default)
    {
        if (!viewer.IsStaff) return ServiceResult<bool>.Invalid("member", L["Only moderators can decide on Buyer requests."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.Users.FirstOrDefaultAsync(u => u.Id == memberId && u.Role == CommunityRole.Buyer && u.RoleStatus == RoleStatus.Pending, ct);
        if (member is null) return ServiceResult<bool>.Invalid("member", L["That request is no longer pending."]);
        member.RoleStatus = approve ? RoleStatus.Granted : RoleStatus.Declined;
        audit.Add(db, viewer, approve ? "member.buyer-approve" : "member.buyer-decline", "Member", memberId, null,
            new { roleStatus = RoleStatus.Pending }, new { roleStatus = member.RoleStatus });
        await db.SaveChangesAsync(ct);
        await members.AccessChangedAsync(memberId, ct);
        LogBuyerDecision(memberId, approve, viewer.MemberId!);
        return ServiceResult<bool>.Ok(true);
    }

    // ---- administration ----

    public async Task<IReadOnlyList<MemberListItem>> ListMembersAsync(Viewer viewer, string? search, CancellationToken ct = default)
    {
        if (!viewer.IsAdmin) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim().ToLower();
            q = q.Where(u => u.Email!.ToLower().Contains(s) || u.DisplayName.ToLower().Contains(s));
        }
        var members = await q.OrderBy(u => u.Email).Take(200)
            .Select(u => new { u.Id, u.Email, u.DisplayName, Org = u.Organisation!.Name, u.Role, u.RoleStatus })
            .ToListAsync(ct);
        var ids = members.Select(m => m.Id).ToList();
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId) select new { ur.UserId, r.Name }).ToListAsync(ct);
        return members.Select(m => new MemberListItem(m.Id, m.Email ?? "", m.DisplayName, m.Org, m.Role, m.RoleStatus,
            roles.Where(r => r.UserId == m.Id).Select(r => r.Name!).Order().ToList())).ToList();
    }

    public async Task<ServiceResult<bool>> SetStaffRoleAsync(Viewer viewer, string memberId, string staffRole, bool granted, CancellationToken ct = default)
    {
        if (!viewer.IsAdmin) return ServiceResult<bool>.Invalid("role", L["Only admins can assign roles."]);
        if (!StaffRoles.All.Contains(staffRole)) return ServiceResult<bool>.Invalid("role", L["Unknown role."]);
        if (!granted && staffRole == StaffRoles.Admin && memberId == viewer.MemberId)
            return ServiceResult<bool>.Invalid("role", L["You cannot remove your own Admin role."]);
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Member>>();
        var member = await users.FindByIdAsync(memberId);
        if (member is null) return ServiceResult<bool>.Invalid("member", L["That member does not exist."]);
        var result = granted ? await users.AddToRoleAsync(member, staffRole) : await users.RemoveFromRoleAsync(member, staffRole);
        if (!result.Succeeded && !result.Errors.Any(e => e.Code is "UserAlreadyInRole" or "UserNotInRole"))
            return ServiceResult<bool>.Invalid("role", string.Join(" ", result.Errors.Select(e => e.Description)));
        // The user manager announced the change (CommunityUserManager).
        await audit.RecordAsync(viewer, granted ? "member.role-grant" : "member.role-remove", "Member", memberId, null, null, new { role = staffRole, granted }, ct);
        LogStaffRole(memberId, staffRole, granted, viewer.MemberId!);
        return ServiceResult<bool>.Ok(true);
    }

    public async Task<IReadOnlyList<string>> ListPublicBodyDomainsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PublicBodyDomains.AsNoTracking().OrderBy(d => d.Domain).Select(d => d.Domain).ToListAsync(ct);
    }

    public async Task<ServiceResult<bool>> AddPublicBodyDomainAsync(Viewer viewer, string? domain, CancellationToken ct = default)
    {
        if (!viewer.IsAdmin) return ServiceResult<bool>.Invalid("domain", L["Only admins can change the list of public-body domains."]);
        var d = domain?.Trim().TrimStart('@').ToLowerInvariant() ?? "";
        if (!TextRules.IsDomain(d)) return ServiceResult<bool>.Invalid("domain", L["Enter a domain such as gent.be."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.PublicBodyDomains.AnyAsync(x => x.Domain == d, ct)) return ServiceResult<bool>.Invalid("domain", L["{0} is already on the list.", d]);
        db.PublicBodyDomains.Add(new PublicBodyDomain { Domain = d, AddedById = viewer.MemberId, CreatedAt = time.GetUtcNow() });
        audit.Add(db, viewer, "domain.add", "PublicBodyDomain", d);
        await db.SaveChangesAsync(ct);
        return ServiceResult<bool>.Ok(true);
    }

    public async Task<ServiceResult<bool>> RemovePublicBodyDomainAsync(Viewer viewer, string domain, CancellationToken ct = default)
    {
        if (!viewer.IsAdmin) return ServiceResult<bool>.Invalid("domain", L["Only admins can change the list of public-body domains."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.PublicBodyDomains.Where(x => x.Domain == domain).ExecuteDeleteAsync(ct) > 0)
            await audit.RecordAsync(viewer, "domain.remove", "PublicBodyDomain", domain, ct: ct);
        return ServiceResult<bool>.Ok(true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Buyer request of {MemberId} approved={Approved} by {ModeratorId}")]
    private partial void LogBuyerDecision(string memberId, bool approved, string moderatorId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Staff role {Role} for {MemberId} set to {Granted} by {AdminId}")]
    private partial void LogStaffRole(string memberId, string role, bool granted, string adminId);
}
