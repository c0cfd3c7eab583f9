using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PracticeCommunity.Hosting;

namespace PracticeCommunity.Features.Security;

/// <summary>
/// What keeps the app standing under abuse: rate limits, proxy trust, security headers, HTTPS, cross-site request
/// refusal and bearer-token freshness. The account-specific parts (enumeration, mail bombing) live with accounts.
/// </summary>
public static class SecurityExtensions
{
    public static IHostApplicationBuilder AddSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => LimitsOf(o).All(l => l is { Permits: >= 1 and <= 1_000_000, WindowSeconds: >= 1 and <= 86_400 }),
                "Every RateLimits entry needs Permits (1 to 1,000,000) and WindowSeconds (1 to 86,400).")
            .ValidateOnStart();
        services.AddSingleton<ActionLimits>();

        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.SectionName)
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "ForwardedHeaders:KnownProxies must list IP addresses.")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "ForwardedHeaders:KnownNetworks must list networks such as 10.0.0.0/8.")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((o, proxies) =>
        {
            // Client address and scheme only: the host of links never comes from a header (App:PublicBaseUrl).
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            var p = proxies.Value;
            if (p.KnownProxies.Length + p.KnownNetworks.Length == 0) return; // the default: a proxy on loopback only
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in p.KnownProxies) o.KnownProxies.Add(IPAddress.Parse(address));
            foreach (var network in p.KnownNetworks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });

        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var path = context.Request.Path;
                // The hub's transport requests (long polls, WebSocket frames) are not counted here: every hub method
                // call counts against HubCalls instead. Its negotiate is one request like any other.
                if (!limits.Enabled || !(path.StartsWithSegments("/api") || (path.StartsWithSegments("/hubs") && path.Value!.EndsWith("/negotiate", StringComparison.Ordinal))))
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }
                return RateLimitPartition.GetSlidingWindowLimiter(ActionLimits.MemberOrIpKey(context), _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = limits.Api.Permits, Window = limits.Api.Window, SegmentsPerWindow = 6, QueueLimit = 0,
                });
            });
            o.OnRejected = async (rejected, ct) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 10;
                await new LimitDecision(false, TimeSpan.FromSeconds(seconds)).ToHttp().ExecuteAsync(rejected.HttpContext);
            };
        });

        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false);
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.AddOptions<Microsoft.AspNetCore.HttpsPolicy.HttpsRedirectionOptions>().Configure<IOptions<AppOptions>>((o, app) =>
        {
            if (PublicHttpsUri(app.Value) is { } uri) o.HttpsPort = uri.Port;
        });
        // Behind a TLS proxy the public URL is https: the sign-in cookie is then never sent over plain HTTP.
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<AppOptions>>((o, app) =>
            {
                if (PublicHttpsUri(app.Value) is not null) o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            });
        return builder;
    }

    /// <summary>Before authentication: the real client address, headers on every response, HTTPS.</summary>
    public static WebApplication UseTransportSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment() && PublicHttpsUri(app.Services.GetRequiredService<IOptions<AppOptions>>().Value) is not null)
        {
            app.UseHsts();
            // Load balancers probe health over plain HTTP; everything else moves to HTTPS.
            app.UseWhen(c => !c.Request.Path.StartsWithSegments("/health"), https => https.UseHttpsRedirection());
        }
        return app;
    }

    /// <summary>After authentication: who is calling is known, so limits and checks can use the member.</summary>
    public static WebApplication UseRequestSecurity(this WebApplication app)
    {
        app.UseBearerStampCheck();
        app.UseCrossSiteRequestGuard();
        app.UseRateLimiter();
        return app;
    }

    private static Uri? PublicHttpsUri(AppOptions app) =>
        Uri.TryCreate(app.PublicBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? uri : null;

    private static IEnumerable<Limit> LimitsOf(RateLimitOptions o) =>
    [
        o.SignIn, o.SignInFailures, o.Registration, o.AccountEmailRequests, o.Posts, o.FirstDayPosts,
        o.Threads, o.FirstDayThreads, o.Search, o.Api, o.HubCalls,
    ];
}

/// <summary>The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (none but loopback by default).</summary>
public sealed class ProxyOptions
{
    public const string SectionName = "ForwardedHeaders";

    public string[] KnownProxies { get; set; } = [];

    public string[] KnownNetworks { get; set; } = [];
}
