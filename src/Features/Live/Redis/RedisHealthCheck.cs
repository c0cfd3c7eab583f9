using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace PracticeCommunity.Features.Live.Redis;

/// <summary>
/// "redis" in /health/ready. Without Redis this server still serves its users, and live updates still reach everyone
/// on it; only the updates between servers stop. So the answer is Degraded (HTTP 200: the server stays in the load
/// balancer), never Unhealthy.
/// </summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis, RedisEventBus bus) : IHealthCheck
{
    public static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected)
        {
            return HealthCheckResult.Degraded("Not connected to Redis: live updates reach only this server's users.");
        }
        if (!bus.IsListening)
        {
            return HealthCheckResult.Degraded("Not yet listening to the other servers on Redis.");
        }
        try
        {
            var roundTrip = await redis.GetDatabase().PingAsync().WaitAsync(PingTimeout, cancellationToken);
            return HealthCheckResult.Healthy($"Redis answered PING in {roundTrip.TotalMilliseconds:0} ms.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded("Redis did not answer PING: live updates may reach only this server's users.", ex);
        }
    }
}
