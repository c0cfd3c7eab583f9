using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace PracticeCommunity.Features.Security;

/// <summary>The things a limit applies to; each has its own setting in <see cref="RateLimitOptions"/>.</summary>
public enum LimitKind
{
    SignIn,
    Registration,
    AccountEmailRequests,
    Posts,
    FirstDayPosts,
    Threads,
    FirstDayThreads,
    Search,
    Api,
    HubCalls,
}

/// <summary>The answer of a limit: go ahead, or wait <see cref="RetryAfter"/>.</summary>
public readonly record struct LimitDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static LimitDecision Allow { get; } = new(true, TimeSpan.Zero);

    /// <summary>Whole seconds for a Retry-After header and for messages (at least 1).</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));

    /// <summary>Whole minutes (at least 1), for the account pages' messages.</summary>
    public int RetryAfterMinutes => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalMinutes));

    /// <summary>The HTTP answer to a refusal: 429, Retry-After and a problem detail.</summary>
    public TooManyRequests ToHttp() => new(RetryAfterSeconds, $"Too many requests. Try again in {RetryAfterSeconds} seconds.");
}

/// <summary>
/// One place for every rate limit, so that a post counts the same whether it came from a page, the API or the hub,
/// and a sign-in counts the same on the login page and on /api/v1/auth/login. Built on System.Threading.RateLimiting
/// sliding windows, partitioned by member id or IP address. Limits hold per server instance (documented in the README).
/// </summary>
public sealed class ActionLimits : IDisposable
{
    private readonly RateLimitOptions _options;
    private readonly Dictionary<LimitKind, PartitionedRateLimiter<string>> _limiters;
    private readonly PartitionedRateLimiter<string> _signInFailures;

    public ActionLimits(IOptions<RateLimitOptions> options)
    {
        _options = options.Value;
        _signInFailures = Create(_options.SignInFailures);
        _limiters = Enum.GetValues<LimitKind>().ToDictionary(k => k, k => Create(SettingOf(k)));
    }

    public bool Enabled => _options.Enabled;

    /// <summary>Takes one permit of <paramref name="kind"/> for <paramref name="key"/> (a member id or "ip:" + address).</summary>
    public LimitDecision TryAcquire(LimitKind kind, string key)
    {
        if (!_options.Enabled) return LimitDecision.Allow;
        using var lease = _limiters[kind].AttemptAcquire(key);
        return lease.IsAcquired ? LimitDecision.Allow : Rejected(lease, SettingOf(kind));
    }

    /// <summary>Posting: a member's first day has the stricter limit.</summary>
    public LimitDecision TryPost(string memberId, DateTimeOffset? memberSince, DateTimeOffset now, bool newThread)
    {
        var firstDay = memberSince is { } since && now - since < TimeSpan.FromDays(1);
        var kind = (newThread, firstDay) switch
        {
            (true, true) => LimitKind.FirstDayThreads,
            (true, false) => LimitKind.Threads,
            (false, true) => LimitKind.FirstDayPosts,
            _ => LimitKind.Posts,
        };
        return TryAcquire(kind, memberId);
    }

    /// <summary>May this IP address try to sign in? False once it has used up its failures.</summary>
    public LimitDecision CanTrySignIn(string ipKey)
    {
        if (!_options.Enabled) return LimitDecision.Allow;
        var failuresLeft = _signInFailures.GetStatistics(ipKey)?.CurrentAvailablePermits ?? _options.SignInFailures.Permits;
        if (failuresLeft <= 0)
        {
            // A sliding window frees permits segment by segment; the next segment is at most this far away.
            return new LimitDecision(false, _options.SignInFailures.Window / Segments);
        }
        return TryAcquire(LimitKind.SignIn, ipKey);
    }

    public void RecordSignInFailure(string ipKey)
    {
        if (!_options.Enabled) return;
        using var _ = _signInFailures.AttemptAcquire(ipKey);
    }

    public static string IpKey(HttpContext context) => "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    /// <summary>The member when signed in, else the IP address.</summary>
    public static string MemberOrIpKey(HttpContext context) =>
        context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is { } id ? "member:" + id : IpKey(context);

    private const int Segments = 6;

    private Limit SettingOf(LimitKind kind) => kind switch
    {
        LimitKind.SignIn => _options.SignIn,
        LimitKind.Registration => _options.Registration,
        LimitKind.AccountEmailRequests => _options.AccountEmailRequests,
        LimitKind.Posts => _options.Posts,
        LimitKind.FirstDayPosts => _options.FirstDayPosts,
        LimitKind.Threads => _options.Threads,
        LimitKind.FirstDayThreads => _options.FirstDayThreads,
        LimitKind.Search => _options.Search,
        LimitKind.Api => _options.Api,
        LimitKind.HubCalls => _options.HubCalls,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    internal static PartitionedRateLimiter<string> Create(Limit limit) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = limit.Permits,
            Window = limit.Window,
            SegmentsPerWindow = Segments,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    private static LimitDecision Rejected(RateLimitLease lease, Limit limit) =>
        new(false, lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : limit.Window / Segments);

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values) limiter.Dispose();
        _signInFailures.Dispose();
    }
}
