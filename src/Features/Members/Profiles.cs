using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Members;

/// <summary>
/// A member's profile: who they are, which organisation they speak for, their role and product groups, and the
/// Buyer-status rule (public-body domains, the organisation's own domain, or a moderator). Page and API call here.
/// </summary>
public sealed partial class Profiles(
    IDbContextFactory<AppDbContext> dbFactory,
    MemberService members,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    ILogger<Profiles> logger)
{
    public async Task<ProfileView?> GetProfileAsync(string memberId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var m = await db.Users.AsNoTracking().Include(u => u.Organisation).FirstOrDefaultAsync(u => u.Id == memberId, ct);
        if (m is null)
        {
            return null;
        }
        var roles = await MemberService.StaffRolesOfAsync(db, memberId, ct);
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
            q = q.Where(o => EF.Functions.Like(o.Name.ToLower(), term.ToLower() + "%"));
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
        // The name deleted accounts are shown under: nobody takes it to speak for them.
        else if (TextRules.NormaliseName(displayName) == TextRules.NormaliseName(DataRights.AccountDeletion.FormerMember))
            Add("displayName", L["This name stands for deleted accounts; choose your own."]);

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
        await members.AccessChangedAsync(memberId, ct);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} asked for role {Role}: {Status}")]
    private partial void LogRoleRequested(string memberId, CommunityRole role, RoleStatus status);
}
