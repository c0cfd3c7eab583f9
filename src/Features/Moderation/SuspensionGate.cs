using Microsoft.AspNetCore.SignalR;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Live;
using PracticeCommunity.Features.Members;

namespace PracticeCommunity.Features.Moderation;

/// <summary>
/// A suspended member reads their notice and nothing else, on every path:
/// - pages: everything but the notice (<see cref="NoticePath"/>), signing out and static files sends them to the notice;
/// - the API: 403 with the reason, except <c>GET /api/v1/me/suspension</c> and signing out;
/// - the hub: a hub error on connecting and on every call (<see cref="SuspensionHubFilter"/>);
/// - what was already open: <see cref="SuspensionEnforcer"/> closes their hub connections and sends their pages to the
///   notice when the suspension starts.
/// The rule itself is the access gate's (<see cref="AccessGate.SuspendedReason"/>).
/// </summary>
internal static class SuspensionGate
{
    public const string NoticePath = "/suspended";

    public static IApplicationBuilder UseSuspensionGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true && !IsAlwaysOpen(context.Request))
        {
            var viewer = await context.RequestServices.GetRequiredService<IViewerSource>().GetViewerAsync(context.User, context.RequestAborted);
            if (context.RequestServices.GetRequiredService<AccessGate>().SuspendedReason(viewer) is { } reason)
            {
                var path = context.Request.Path;
                if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/_blazor"))
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    await TypedResults.Problem(statusCode: 403, title: "Suspended", detail: reason).ExecuteAsync(context);
                }
                else
                {
                    context.Response.Redirect(NoticePath);
                }
                return;
            }
        }
        await next(context);
    });

    /// <summary>
    /// The notice and the house rules; signing out; the member's own data rights (download, delete the account) and
    /// account security; health; and the site's own static files. Nothing that shows community content, whatever its
    /// address looks like (a thread's record.html or a session's .ics are community content).
    /// </summary>
    private static bool IsAlwaysOpen(HttpRequest request)
    {
        var path = request.Path;
        var get = HttpMethods.IsGet(request.Method);
        return path.StartsWithSegments(NoticePath) || path.StartsWithSegments("/about") || path.StartsWithSegments("/Account/Logout")
            || path.StartsWithSegments("/Account/Manage") || path.StartsWithSegments("/api/v1/auth/logout")
            || (get && (path.StartsWithSegments("/api/v1/me/suspension") || path.StartsWithSegments("/api/v1/me/export") || path.StartsWithSegments("/me/export")))
            || (HttpMethods.IsDelete(request.Method) && path.Value == "/api/v1/me")
            || path.StartsWithSegments("/health") || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content")
            || path.StartsWithSegments("/lib") || IsSiteFile(path.Value);
    }

    /// <summary>The stylesheet, script and icon at the root of wwwroot (fingerprinted or not); no deeper path.</summary>
    private static bool IsSiteFile(string? path) =>
        path is not null && path.LastIndexOf('/') == 0 && Path.GetExtension(path).ToLowerInvariant() is ".css" or ".js" or ".svg" or ".ico" or ".png" or ".map";
}

/// <summary>Every hub call of a suspended member is a hub error with the reason; so is connecting.</summary>
internal sealed class SuspensionHubFilter(MemberService members, AccessGate access) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        await RefuseIfSuspendedAsync(invocationContext.Context);
        return await next(invocationContext);
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await RefuseIfSuspendedAsync(context.Context);
        await next(context);
    }

    private async Task RefuseIfSuspendedAsync(HubCallerContext caller)
    {
        var viewer = await members.GetViewerAsync(caller.User, caller.ConnectionAborted);
        if (access.SuspendedReason(viewer) is { } reason) throw new HubException(reason);
    }
}

/// <summary>
/// When a member's access changes and they are now suspended, their open hub connections on this server are told
/// ("Suspended", with the reason) and closed. Their pages close themselves (<see cref="SuspensionWatcher"/>).
/// </summary>
internal sealed class SuspensionEnforcer(IEventBus bus, MemberService members, AccessGate access, HubConnections connections, IHubContext<CommunityHub> hub) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.Subscribe(async e =>
        {
            // After a gap between servers (BusResumed), a suspension made elsewhere may have been missed: everyone
            // connected here is checked again.
            IReadOnlyList<string> who = e switch
            {
                AccessChanged changed => [changed.MemberId],
                BusResumed => connections.Members(),
                _ => [],
            };
            foreach (var memberId in who)
            {
                if (await members.GetViewerByIdAsync(memberId) is not { } viewer || access.SuspendedReason(viewer) is not { } reason) continue;
                foreach (var connectionId in connections.Of(memberId))
                {
                    await hub.Clients.Client(connectionId).SendAsync("Suspended", new { reason });
                    connections.Abort(connectionId);
                }
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
