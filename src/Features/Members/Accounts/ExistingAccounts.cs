using Microsoft.AspNetCore.Identity;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Email;

namespace PracticeCommunity.Features.Members.Accounts;

/// <summary>
/// Registering an address that already has an account looks, from outside, exactly like a new registration: the
/// same answer after about the same time. The owner of the address gets an "already registered" email instead
/// (limited per address like every account email), so nobody learns who is a member and nobody can mail an
/// address over and over by registering it.
/// </summary>
public sealed class ExistingAccounts(UserManager<Member> users, IdentityEmailSender mail)
{
    /// <summary>
    /// Null when no account has this address (go on and create it). Otherwise the password rules' errors, as a new
    /// registration would report them, or success after the owner was told.
    /// </summary>
    public async Task<IdentityResult?> RegisterExistingAsync(string? email, string? password)
    {
        if (string.IsNullOrWhiteSpace(email) || await users.FindByEmailAsync(email) is not { } existing)
        {
            return null;
        }
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var checkedPassword = await validator.ValidateAsync(users, new Member { UserName = email, Email = email }, password ?? "");
            errors.AddRange(checkedPassword.Errors);
        }
        if (errors.Count > 0)
        {
            return IdentityResult.Failed([.. errors]);
        }
        // A new account hashes its password; so does this path, so that both take the same time.
        _ = users.PasswordHasher.HashPassword(existing, password!);
        await mail.SendAlreadyRegisteredAsync(existing.Email!);
        return IdentityResult.Success;
    }
}
