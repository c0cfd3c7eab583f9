using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PracticeCommunity.Data;

namespace PracticeCommunity.Features.Members.Accounts;

/// <summary>
/// Identity's sign-in, made to take about the same time whatever the answer. Out of the box an unknown address,
/// an unconfirmed one and a locked one answer at once, while a real account first hashes the password (hundreds of
/// milliseconds), so timing told which addresses have accounts. Every failure now costs one password hash.
/// The login page and /api/v1/auth/login both come through here.
/// </summary>
public sealed class CommunitySignInManager(
    UserManager<Member> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<Member> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<Member>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<Member> confirmation)
    : SignInManager<Member>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<Member>().HashPassword(new Member(), Guid.NewGuid().ToString("N")));

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            SpendOneHash(password);
            return SignInResult.Failed;
        }
        var result = await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        // Unconfirmed and locked accounts are refused before the password is checked.
        if (result.IsNotAllowed || result.IsLockedOut) SpendOneHash(password);
        return result;
    }

    private void SpendOneHash(string password) =>
        UserManager.PasswordHasher.VerifyHashedPassword(new Member(), DecoyHash.Value, password ?? "");
}
