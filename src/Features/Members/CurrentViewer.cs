using Microsoft.AspNetCore.Components.Authorization;

namespace PracticeCommunity.Features.Members;

/// <summary>The viewer of this Blazor circuit or request, loaded once per scope.</summary>
public sealed class CurrentViewer(AuthenticationStateProvider auth, MemberService members)
{
    private Viewer? _viewer;

    public async Task<Viewer> GetAsync(CancellationToken ct = default)
    {
        if (_viewer is null)
        {
            var state = await auth.GetAuthenticationStateAsync();
            _viewer = await members.GetViewerAsync(state.User, ct);
        }
        return _viewer;
    }

    /// <summary>Forget the cached viewer, for example after the member changed their own profile.</summary>
    public void Refresh() => _viewer = null;
}
