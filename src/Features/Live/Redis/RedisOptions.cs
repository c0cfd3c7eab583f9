using System.ComponentModel.DataAnnotations;

namespace PracticeCommunity.Features.Live.Redis;

/// <summary>
/// Several servers behind one load balancer share their live updates through Redis. Without
/// <see cref="Configuration"/> the app is a single server and nothing about Redis is registered.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string, such as <c>redis.internal:6379,password=…,ssl=true</c>. A password
    /// belongs in the environment (<c>Redis__Configuration</c>) or a secret store, not in appsettings.json.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Begins every Redis channel of this installation, so that two installations can share one Redis.</summary>
    [Required]
    [StringLength(64, MinimumLength = 1)]
    [RegularExpression("^[A-Za-z0-9._:-]+$", ErrorMessage = "Redis:ChannelPrefix may hold only letters, digits and . _ : -")]
    public string ChannelPrefix { get; set; } = "practice-community";
}
