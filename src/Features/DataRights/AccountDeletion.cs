using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Cases;
using PracticeCommunity.Features.Sessions;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.DataRights;

/// <summary>DELETE /api/v1/me: the password, to be sure it is the member.</summary>
public sealed record DeleteAccountInput(string? Password);

/// <summary>
/// A member deletes their account. What others rely on stays, attributed to "Former member": posts, threads, published
/// cases and their replications. Everything that says who they were is erased: email, name, password, sign-ins, two-factor
/// keys, organisation, product groups, calendar feed, notifications, follows and votes; their unpublished cases and
/// files are deleted; their places in coming sessions are given up (the waitlist moves up), and they are taken off the
/// presenters and invitations of coming sessions. Every sign-in, cookie and token stops working at once.
/// </summary>
public sealed partial class AccountDeletion(
    IDbContextFactory<AppDbContext> dbFactory,
    IServiceScopeFactory scopes,
    RegistrationService registrations,
    CaseFiles files,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    ILogger<AccountDeletion> logger)
{
    public const string FormerMember = "Former member";

    public async Task<ServiceResult<bool>> DeleteAsync(Viewer viewer, DeleteAccountInput input, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } me) return ServiceResult<bool>.Forbidden(L["Sign in to delete your account."]);
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Member>>();
        var user = await users.FindByIdAsync(me);
        if (user is null || user.DeletedAt is not null) return ServiceResult<bool>.NotFound();
        // Counted like a sign-in: guesses lock the account out, as on the sign-in page.
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<Member>>();
        if (string.IsNullOrEmpty(input.Password) || !(await signIn.CheckPasswordSignInAsync(user, input.Password, lockoutOnFailure: true)).Succeeded)
            return ServiceResult<bool>.Invalid("password", L["That is not your password. Your account is unchanged."]);
        if (viewer.IsAdmin && (await users.GetUsersInRoleAsync(Members.StaffRoles.Admin)).Count(u => u.DeletedAt == null) <= 1)
            return ServiceResult<bool>.Conflict(L["You are the last admin: make someone else admin before you delete your account."]);

        // Places first, while the member can still be told apart: the waitlist moves up as for anyone who leaves.
        var now = time.GetUtcNow();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var coming = await db.SessionRegistrations.AsNoTracking()
                .Where(r => r.MemberId == me && r.Status != RegistrationStatus.Cancelled && db.Sessions.Any(s => s.Id == r.SessionId && s.EndsAtUtc > now))
                .Select(r => r.SessionId).ToListAsync(ct);
            foreach (var sessionId in coming) await registrations.CancelAsync(viewer, sessionId, ct);
        }

        var stored = new List<string>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var member = await db.Users.FirstAsync(u => u.Id == me, ct);
            var (oldEmail, oldName) = (member.Email ?? "", member.DisplayName);
            // What others see and what still waits to be sent under the old name or address.
            await db.Posts.Where(p => p.AuthorId == me).ExecuteUpdateAsync(u => u.SetProperty(p => p.OrganisationName, (string?)null), ct);
            await db.Notifications.Where(n => n.ActorName == oldName).ExecuteUpdateAsync(u => u.SetProperty(n => n.ActorName, FormerMember), ct);
            await db.OutboxMessages.Where(m => m.To == oldEmail && m.SentAt == null).ExecuteDeleteAsync(ct);
            var gone = $"deleted-{me}@deleted.invalid";
            member.Email = member.UserName = gone;
            member.NormalizedEmail = member.NormalizedUserName = gone.ToUpperInvariant();
            member.EmailConfirmed = false;
            (member.PasswordHash, member.PhoneNumber, member.TwoFactorEnabled) = (null, null, false);
            (member.DisplayName, member.NormalizedDisplayName) = (FormerMember, null);
            (member.Role, member.RoleStatus, member.OrganisationId, member.ProductGroups, member.TimeZone) = (null, RoleStatus.None, null, [], "UTC");
            (member.CalendarTokenHash, member.SuspensionReason) = (null, null);
            (member.LockoutEnabled, member.LockoutEnd, member.DeletedAt) = (true, DateTimeOffset.MaxValue, now);

            await db.UserLogins.Where(x => x.UserId == me).ExecuteDeleteAsync(ct);
            await db.UserTokens.Where(x => x.UserId == me).ExecuteDeleteAsync(ct);
            await db.UserClaims.Where(x => x.UserId == me).ExecuteDeleteAsync(ct);
            await db.UserRoles.Where(x => x.UserId == me).ExecuteDeleteAsync(ct);
            await db.Notifications.Where(x => x.MemberId == me).ExecuteDeleteAsync(ct);
            await db.EmailSettings.Where(x => x.MemberId == me).ExecuteDeleteAsync(ct);
            await db.OutboxMessages.Where(m => m.MemberId == me && m.SentAt == null).ExecuteDeleteAsync(ct);
            // What was sent stays as a record of sending, without the address or what it was about.
            await db.OutboxMessages.Where(m => m.MemberId == me || m.To == oldEmail)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.To, "former-member@invalid").SetProperty(m => m.Subject, "").SetProperty(m => m.MemberId, (string?)null), ct);
            await db.ThreadVisits.Where(x => x.MemberId == me).ExecuteDeleteAsync(ct);
            await db.RoomSubscriptions.Where(x => x.MemberId == me).ExecuteDeleteAsync(ct);
            await db.ThreadSubscriptions.Where(x => x.MemberId == me).ExecuteDeleteAsync(ct);
            var voted = await db.ProposalVotes.Where(v => v.MemberId == me).Select(v => v.ProposalId).ToListAsync(ct);
            await db.ProposalVotes.Where(x => x.MemberId == me).ExecuteDeleteAsync(ct);
            await db.SessionProposals.Where(p => voted.Contains(p.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.VoteCount, p => db.ProposalVotes.Count(v => v.ProposalId == p.Id)), ct);

            // Off the presenters and invitations of sessions still to come.
            foreach (var session in await db.Sessions.Where(s => s.EndsAtUtc > now && (s.PresenterIds.Contains(me) || s.InvitedIds.Contains(me))).ToListAsync(ct))
            {
                session.PresenterIds = session.PresenterIds.Where(id => id != me).ToList();
                session.InvitedIds = session.InvitedIds.Where(id => id != me).ToList();
            }

            // Unpublished cases were never the community's: they go, with their files.
            var unpublished = await db.Cases.Where(c => c.OwnerId == me && c.Status != CaseStatus.Published).Select(c => c.Id).ToListAsync(ct);
            stored = await db.CaseAttachments.Where(a => unpublished.Contains(a.CaseId)).Select(a => a.StoredName).ToListAsync(ct);
            await db.Cases.Where(c => unpublished.Contains(c.Id)).ExecuteDeleteAsync(ct);

            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        // A new stamp ends every cookie and bearer token; the user manager tells everyone the access changed.
        // A new scope: the first one still tracks the member as they were, and saving it would write the old values back.
        using (var after = scopes.CreateScope())
        {
            var current = after.ServiceProvider.GetRequiredService<UserManager<Member>>();
            await current.UpdateSecurityStampAsync((await current.FindByIdAsync(me))!);
        }
        foreach (var name in stored)
        {
            try { File.Delete(Path.Combine(files.Directory, name)); }
            catch (IOException e) { LogFileLeft(name, e.Message); }
        }
        LogDeleted(me);
        return ServiceResult<bool>.Ok(true);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A deleted account's case file {StoredName} could not be removed: {Reason}")]
    private partial void LogFileLeft(string storedName, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} deleted their account")]
    private partial void LogDeleted(string memberId);
}
