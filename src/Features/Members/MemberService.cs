using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Live;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Hosting;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Members;

/// <summary>Profiles, organisations and the Buyer-status rule. Pages, the API and admin tools all come here.</summary>
public sealed partial class MemberService : IViewerSource, IDisposable
{
    private readonly IDbContextFactory<AppDbContext> dbFactory;
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider time;
    private readonly IStringLocalizer<Strings> L;
    private readonly ILogger<MemberService> logger;
    private readonly IEventBus bus;
    private readonly IDisposable _subscription;

    /// <summary>Viewers by member id. An entry goes as soon as <see cref="AccessChanged"/> names its member, and after
    /// <see cref="ViewerLifetime"/> in any case (a change made outside this app, such as create-admin).</summary>
    private readonly ConcurrentDictionary<string, (Viewer Viewer, DateTimeOffset Until)> _viewers = new();

    public static readonly TimeSpan ViewerLifetime = TimeSpan.FromSeconds(30);

    public MemberService(IDbContextFactory<AppDbContext> dbFactory, IServiceScopeFactory scopes, TimeProvider time,
        IStringLocalizer<Strings> L, ILogger<MemberService> logger, IEventBus bus)
    {
        (this.dbFactory, this.scopes, this.time, this.L, this.logger, this.bus) = (dbFactory, scopes, time, L, logger, bus);
        _subscription = bus.Subscribe(e =>
        {
            if (e is AccessChanged changed) _viewers.TryRemove(changed.MemberId, out _);
            return ValueTask.CompletedTask;
        });
    }

    public void Dispose() => _subscription.Dispose();

    /// <summary>Tells every holder of this member's rights to read them again (after the change is committed).</summary>
    private ValueTask AccessChangedAsync(string memberId, CancellationToken ct)
    {
        // Forgotten here at once, so the very next call (a hub method, say) reads the new rights; the event tells
        // everyone else (circuits, hub connections, and other servers later).
        _viewers.TryRemove(memberId, out _);
        return bus.PublishAsync(new AccessChanged(memberId), ct);
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
        var viewer = (await ViewersAsync(u => u.Id == memberId, 1, ct)).FirstOrDefault()?.Viewer;
        if (viewer is not null) _viewers[memberId] = (viewer, now + ViewerLifetime);
        return viewer;
    }

    public Task<IReadOnlyList<MemberMatch>> FindByDisplayNamesAsync(IReadOnlyList<string> names, CancellationToken ct = default)
    {
        var lowered = names.Select(n => n.ToLower()).ToList();
        return ViewersAsync(u => lowered.Contains(u.DisplayName.ToLower()), 50, ct);
    }

    public Task<IReadOnlyList<MemberMatch>> FindByDisplayNamePrefixAsync(string prefix, int take, CancellationToken ct = default) =>
        ViewersAsync(u => u.DisplayName != "" && u.DisplayName.ToLower().StartsWith(prefix.ToLower()), take, ct);

    private async Task<IReadOnlyList<MemberMatch>> ViewersAsync(System.Linq.Expressions.Expression<Func<Member, bool>> filter, int take, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Users.AsNoTracking().Where(filter).OrderBy(u => u.DisplayName).Take(take)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.Role, u.RoleStatus, u.CreatedAt, Org = u.Organisation == null ? null : u.Organisation.Name })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId) select new { ur.UserId, r.Name }).ToListAsync(ct);
        return rows.Select(r =>
        {
            var mine = roles.Where(x => x.UserId == r.Id).Select(x => x.Name).ToList();
            // An email address is never shown as a name: a member without a display name is "New member".
            return new MemberMatch(new Viewer(r.Id, r.DisplayName.Length > 0 ? r.DisplayName : L["New member"], r.Role, r.RoleStatus,
                mine.Contains(StaffRoles.Moderator), mine.Contains(StaffRoles.Admin), r.Org, r.CreatedAt, r.DisplayName.Length > 0), r.Email ?? "");
        }).ToList();
    }

    public async Task<ProfileView?> GetProfileAsync(string memberId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var m = await db.Users.AsNoTracking().Include(u => u.Organisation).FirstOrDefaultAsync(u => u.Id == memberId, ct);
        if (m is null)
        {
            return null;
        }
        var roles = await StaffRolesOfAsync(db, memberId, ct);
        return new ProfileView(m.Id, m.Email ?? "", m.DisplayName, m.TimeZone,
            m.Organisation is { } o ? new OrganisationView(o.Id, o.Name, o.Type, o.Country) : null,
            m.Role, m.RoleStatus, m.ProductGroups, roles, m.ProfileComplete);
    }

    public async Task<IReadOnlyList<OrganisationView>> FindOrganisationsAsync(string? nameStartsWith, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Organisations.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(nameStartsWith))
        {
            var term = nameStartsWith.Trim();
            q = q.Where(o => EF.Functions.Like(o.Name, term + "%"));
        }
        return await q.OrderBy(o => o.Name).Take(50).Select(o => new OrganisationView(o.Id, o.Name, o.Type, o.Country)).ToListAsync(ct);
    }

    /// <summary>Validates everything first and stores nothing unless all of it is valid.</summary>
    public async Task<ServiceResult<bool>> UpdateProfileAsync(string memberId, ProfileInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        void Add(string field, string message) => errors.Add(field, message);

        var displayName = input.DisplayName?.Trim() ?? "";
        if (displayName.Length == 0) Add("displayName", L["Enter a display name."]);
        else if (displayName.Length > Limits.DisplayName) Add("displayName", L["Display name can be at most {0} characters.", Limits.DisplayName]);
        else if (TextRules.HasMarkupOrControl(displayName)) Add("displayName", L["Display name cannot contain markup (< or >), control characters or invisible formatting characters."]);

        var timeZone = input.TimeZone?.Trim() ?? "";
        if (timeZone.Length == 0 || timeZone.Length > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
            Add("timeZone", L["Choose a time zone from the list (an IANA id such as Europe/Brussels)."]);

        CommunityRole? role = EnumNames.Parse<CommunityRole>(input.Role);
        if (role is null) Add("role", L["Choose a role: Buyer, Supplier or Facilitator."]);

        var productGroups = (input.ProductGroups ?? []).Select(g => g?.Trim() ?? "").Distinct().ToList();
        if (productGroups.Any(g => !ProductGroups.IsKnown(g))) Add("productGroups", L["Unknown product group."]);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Organisation? organisation = null;
        Organisation? newOrganisation = null;
        var orgInput = input.Organisation;
        if (orgInput is null) Add("organisation", L["Choose your organisation or create one."]);
        else if (orgInput.Id is int orgId)
        {
            organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == orgId, ct);
            if (organisation is null) Add("organisation.id", L["That organisation does not exist."]);
        }
        else
        {
            var name = orgInput.Name?.Trim() ?? "";
            var country = orgInput.Country?.Trim().ToUpperInvariant() ?? "";
            var type = EnumNames.Parse<OrganisationType>(orgInput.Type);
            if (name.Length == 0) Add("organisation.name", L["Enter the organisation's name."]);
            else if (name.Length > Limits.OrganisationName) Add("organisation.name", L["Organisation name can be at most {0} characters.", Limits.OrganisationName]);
            else if (TextRules.HasMarkupOrControl(name)) Add("organisation.name", L["Organisation name cannot contain markup (< or >), control characters or invisible formatting characters."]);
            if (type is null) Add("organisation.type", L["Choose the organisation type: public buyer, supplier, facilitator or network."]);
            if (!Countries.IsKnown(country)) Add("organisation.country", L["Choose a country (two-letter code such as BE)."]);
            if (!errors.HasUnder("organisation"))
            {
                organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Name.ToLower() == name.ToLower() && o.Country == country, ct);
                if (organisation is not null && organisation.Type != type)
                    Add("organisation.type", L["{0} already exists as a different type of organisation.", organisation.Name]);
                organisation ??= newOrganisation = new Organisation
                {
                    Name = name, Country = country, Type = type!.Value, CreatedAt = time.GetUtcNow(),
                    EmailDomain = await db.Users.Where(u => u.Id == memberId).Select(u => u.Email).FirstOrDefaultAsync(ct) is { } creatorEmail ? EmailDomainOf(creatorEmail) : null,
                };
            }
        }

        if (organisation is not null && role is not null && !Fits(role.Value, organisation.Type))
            Add("role", role switch
            {
                CommunityRole.Buyer => L["Buyers belong to a public-buyer organisation."],
                CommunityRole.Supplier => L["Suppliers belong to a supplier organisation."],
                _ => L["Facilitators belong to a facilitator or network organisation."],
            });

        var member = await db.Users.FirstOrDefaultAsync(u => u.Id == memberId, ct);
        if (member is null) return ServiceResult<bool>.Invalid("member", L["Your account no longer exists."]);
        // Two members never look alike: "Anna", "ANNA", "Ánna" and "Anna" with a no-break space are one name.
        var normalizedName = TextRules.NormaliseName(displayName);
        if (!errors.Has("displayName") && await db.Users.AnyAsync(u => u.NormalizedDisplayName == normalizedName && u.Id != memberId, ct))
            Add("displayName", L["Another member already uses this name (or one that looks the same). Add your surname or an initial."]);
        if (errors.Any) return errors.ToResult<bool>();

        if (newOrganisation is not null) db.Organisations.Add(newOrganisation);
        var roleChanged = member.Role != role || member.RoleStatus == RoleStatus.None || member.OrganisationId != organisation?.Id || newOrganisation is not null;
        member.DisplayName = displayName;
        member.NormalizedDisplayName = normalizedName;
        member.TimeZone = timeZone;
        member.Organisation = organisation;
        member.Role = role;
        member.ProductGroups = productGroups;
        if (roleChanged)
        {
            // A Buyer is granted at once only with a public-body address that matches the organisation's own domain;
            // picking someone else's city from the list waits for a moderator.
            member.RoleStatus = role == CommunityRole.Buyer
                && (!await IsPublicBodyEmailAsync(db, member.Email, ct) || (newOrganisation is null && !SameDomain(member.Email, organisation!.EmailDomain)))
                ? RoleStatus.Pending
                : RoleStatus.Granted;
            LogRoleRequested(memberId, role!.Value, member.RoleStatus);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two members saved the same name at the same moment; the unique index let one of them through.
            if (!await NameTakenAsync(normalizedName, memberId, ct)) throw;
            return ServiceResult<bool>.Invalid("displayName", L["Another member already uses this name (or one that looks the same). Add your surname or an initial."]);
        }
        await AccessChangedAsync(memberId, ct);
        return ServiceResult<bool>.Ok(true);
    }

    private static bool Fits(CommunityRole role, OrganisationType type) => role switch
    {
        CommunityRole.Buyer => type == OrganisationType.PublicBuyer,
        CommunityRole.Supplier => type == OrganisationType.Supplier,
        CommunityRole.Facilitator => type is OrganisationType.Facilitator or OrganisationType.Network,
        _ => false,
    };

    private async Task<bool> NameTakenAsync(string normalizedName, string memberId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AnyAsync(u => u.NormalizedDisplayName == normalizedName && u.Id != memberId, ct);
    }

    private static string? EmailDomainOf(string? email) =>
        email?.LastIndexOf('@') is int at and >= 0 ? email[(at + 1)..].ToLowerInvariant() : null;

    /// <summary>The member's address is on the organisation's domain or a subdomain of it (it.gent.be for gent.be).</summary>
    private static bool SameDomain(string? email, string? organisationDomain) =>
        EmailDomainOf(email) is { } domain && organisationDomain is { Length: > 0 }
        && (domain == organisationDomain || domain.EndsWith("." + organisationDomain, StringComparison.Ordinal));

    private static async Task<bool> IsPublicBodyEmailAsync(AppDbContext db, string? email, CancellationToken ct)
    {
        var at = email?.LastIndexOf('@') ?? -1;
        if (at < 0) return false;
        var domain = email![(at + 1)..].ToLowerInvariant();
        // A member of a subdomain (it.gent.be) counts for the listed domain (gent.be).
        var candidates = Enumerable.Range(0, domain.Count(c => c == '.'))
            .Select(i => string.Join('.', domain.Split('.').Skip(i)))
            .ToList();
        return await db.PublicBodyDomains.AnyAsync(d => candidates.Contains(d.Domain), ct);
    }

    // ---- moderation of Buyer requests ----

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
        await db.SaveChangesAsync(ct);
        await AccessChangedAsync(memberId, ct);
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
        await AccessChangedAsync(memberId, ct);
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
        await db.SaveChangesAsync(ct);
        return ServiceResult<bool>.Ok(true);
    }

    public async Task<ServiceResult<bool>> RemovePublicBodyDomainAsync(Viewer viewer, string domain, CancellationToken ct = default)
    {
        if (!viewer.IsAdmin) return ServiceResult<bool>.Invalid("domain", L["Only admins can change the list of public-body domains."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.PublicBodyDomains.Where(x => x.Domain == domain).ExecuteDeleteAsync(ct);
        return ServiceResult<bool>.Ok(true);
    }

    private static async Task<List<string>> StaffRolesOfAsync(AppDbContext db, string memberId, CancellationToken ct) =>
        await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
               where ur.UserId == memberId select r.Name!).ToListAsync(ct);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} asked for role {Role}: {Status}")]
    private partial void LogRoleRequested(string memberId, CommunityRole role, RoleStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Buyer request of {MemberId} approved={Approved} by {ModeratorId}")]
    private partial void LogBuyerDecision(string memberId, bool approved, string moderatorId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Staff role {Role} for {MemberId} set to {Granted} by {AdminId}")]
    private partial void LogStaffRole(string memberId, string role, bool granted, string adminId);
}
