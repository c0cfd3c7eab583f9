using System.ComponentModel.DataAnnotations;

namespace PracticeCommunity.Features.Security;

/// <summary>
/// Every limit of the app, under the RateLimits section. <see cref="Enabled"/> = false turns them all off
/// (load tests, benchmarks). The defaults and the reasons for them are in the README ("Limits").
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>Sign-in attempts per IP address (cookie page and API together), counted whether they succeed or not.</summary>
    [Required] public Limit SignIn { get; set; } = new(30, 60);

    /// <summary>Failed sign-ins per IP address. Past it, that address cannot sign in to any account until the window moves on,
    /// so one source can lock out at most a few accounts and password spraying is slowed to a crawl.</summary>
    [Required] public Limit SignInFailures { get; set; } = new(10, 900);

    /// <summary>New accounts per IP address.</summary>
    [Required] public Limit Registration { get; set; } = new(10, 3600);

    /// <summary>Password-reset and confirmation-resend requests per IP address.</summary>
    [Required] public Limit AccountEmailRequests { get; set; } = new(5, 900);

    /// <summary>Account emails (confirm, reset, "already registered") to one address: at most one per this many seconds...</summary>
    [Range(0, 86_400)] public int AccountEmailCooldownSeconds { get; set; } = 300;

    /// <summary>... and at most this many per day.</summary>
    [Range(1, 1000)] public int AccountEmailsPerAddressPerDay { get; set; } = 5;

    /// <summary>Replies per member (API, hub and pages share it).</summary>
    [Required] public Limit Posts { get; set; } = new(10, 60);

    /// <summary>Replies per member in their first day.</summary>
    [Required] public Limit FirstDayPosts { get; set; } = new(3, 60);

    /// <summary>New threads per member.</summary>
    [Required] public Limit Threads { get; set; } = new(10, 3600);

    /// <summary>New threads per member in their first day.</summary>
    [Required] public Limit FirstDayThreads { get; set; } = new(3, 3600);

    /// <summary>Searches per member (or per IP address for visitors), page and API together.</summary>
    [Required] public Limit Search { get; set; } = new(30, 60);

    /// <summary>Any request to /api or /hubs, per member (or per IP address when not signed in).</summary>
    [Required] public Limit Api { get; set; } = new(300, 60);

    /// <summary>Hub method calls per member, over all their connections.</summary>
    [Required] public Limit HubCalls { get; set; } = new(120, 60);
}

/// <summary><see cref="Permits"/> within a sliding window of <see cref="WindowSeconds"/>.</summary>
public sealed class Limit
{
    public Limit() { }

    public Limit(int permits, int windowSeconds) => (Permits, WindowSeconds) = (permits, windowSeconds);

    [Range(1, 1_000_000)] public int Permits { get; set; }

    [Range(1, 86_400)] public int WindowSeconds { get; set; }

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}
