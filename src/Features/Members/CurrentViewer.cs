using Microsoft.AspNetCore.Components.Authorization;

namespace PracticeCommunity.Features.Members;

/// <summary>
/// The viewer of this Blazor circuit or request. The signed-in principal is read once per scope; the rights are asked of
/// <see cref="MemberService"/> on every call (an in-memory cache that forgets a member the moment their access changes),
/// so a page open for hours acts with today's rights: a suspension or a lost role applies to its next click.
/// </summary>
public sealed class CurrentViewer(AuthenticationStateProvider auth, MemberService members, Profiles profiles)
{
    private System.Security.Claims.ClaimsPrincipal? _principal;
    private TimeZoneInfo? _zone;

    public async Task<Viewer> GetAsync(CancellationToken ct = default)
    {
        _principal ??= (await auth.GetAuthenticationStateAsync()).User;
        return await members.GetViewerAsync(_principal, ct);
    }

    public async Task<ProfileView?> GetProfileAsync(CancellationToken ct = default) =>
        (await GetAsync(ct)).MemberId is { } id ? await profiles.GetProfileAsync(id, ct) : null;

    /// <summary>The member's time zone, for showing times; UTC for visitors.</summary>
    public async Task<TimeZoneInfo> GetTimeZoneAsync(CancellationToken ct = default)
    {
        if (_zone is null)
        {
            var id = (await GetProfileAsync(ct))?.TimeZone;
            _zone = id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var tz) ? tz : TimeZoneInfo.Utc;
        }
        return _zone;
    }

    /// <summary>The member changed their own profile on this circuit: the layout shows the new name at once.</summary>
    public event Action? Changed;

    /// <summary>Forget the cached viewer, for example after the member changed their own profile, and say so.</summary>
    public void Refresh()
    {
        _zone = null;
        Changed?.Invoke();
    }
}
