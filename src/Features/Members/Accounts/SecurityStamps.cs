using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Live;

namespace PracticeCommunity.Features.Members.Accounts;

/// <summary>
/// Each member's current security stamp, for checking bearer tokens on every API call without a database read
/// per call. Identity changes a stamp only through <see cref="CommunityUserManager"/>, which forgets it at once;
/// <see cref="AccessChanged"/> tells the other listeners (and, with several servers, the other instances).
/// </summary>
public sealed class SecurityStamps : IDisposable
{
    private readonly IDbContextFactory<AppDbContext> _dbFactory;
    private readonly ConcurrentDictionary<string, string?> _stamps = new();
    private readonly IDisposable _subscription;

    public SecurityStamps(IDbContextFactory<AppDbContext> dbFactory, IEventBus bus)
    {
        _dbFactory = dbFactory;
        _subscription = bus.SubscribeInline(e =>
        {
            if (e is AccessChanged changed) Forget(changed.MemberId);
            else if (e is BusResumed) _stamps.Clear();
        });
    }

    /// <summary>The stamp now, or null when the member no longer exists.</summary>
    public async ValueTask<string?> CurrentAsync(string memberId, CancellationToken ct)
    {
        if (_stamps.TryGetValue(memberId, out var known)) return known;
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var stamp = await db.Users.AsNoTracking().Where(u => u.Id == memberId).Select(u => u.SecurityStamp).FirstOrDefaultAsync(ct);
        _stamps[memberId] = stamp;
        return stamp;
    }

    public void Forget(string memberId) => _stamps.TryRemove(memberId, out _);

    public void Dispose() => _subscription.Dispose();
}

/// <summary>
/// Identity's user manager, which announces every write of a member (a new stamp, a staff role) through the one
/// access-change path: the viewer and stamp caches forget the member at once, and the event tells everyone else.
/// </summary>
public sealed class CommunityUserManager(
    IUserStore<Member> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<Member> passwordHasher,
    IEnumerable<IUserValidator<Member>> userValidators,
    IEnumerable<IPasswordValidator<Member>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<Member>> logger,
    SecurityStamps stamps,
    MemberService members)
    : UserManager<Member>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    protected override async Task<IdentityResult> UpdateUserAsync(Member user)
    {
        var result = await base.UpdateUserAsync(user);
        stamps.Forget(user.Id);
        await members.AccessChangedAsync(user.Id, CancellationToken);
        return result;
    }

    public override async Task<IdentityResult> DeleteAsync(Member user)
    {
        var result = await base.DeleteAsync(user);
        stamps.Forget(user.Id);
        await members.AccessChangedAsync(user.Id, CancellationToken);
        return result;
    }
}
