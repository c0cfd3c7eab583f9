using Microsoft.AspNetCore.Components.Authorization;

namespace PracticeCommunity.Features.Members;

/// <summary>The viewer of this Blazor circuit or request, loaded once per scope.</summary>
public sealed class CurrentViewer(AuthenticationStateProvider auth, MemberService members, Profiles profiles)
{
    private Viewer? _viewer;
    private TimeZoneInfo? _zone;

    public async Task<Viewer> GetAsync(CancellationToken ct = default)
    {
        if (_viewer is null)
        {
            var state = await auth.GetAuthenticationStateAsync();
            _viewer = await members.GetViewerAsync(state.User, ct);
        }
        return _viewer;
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
        (_viewer, _zone) = (null, null);
        Changed?.Invoke();
    }
}
