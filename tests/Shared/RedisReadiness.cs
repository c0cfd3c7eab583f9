namespace PracticeCommunity.Testing;

public static class RedisReadiness
{
    /// <summary>Waits until the app says it is ready on Redis: connected, and listening to the other servers.</summary>
    public static Task ReadyOnRedisAsync(this CommunityAppFactory app) =>
        Eventually.TrueAsync(async () =>
        {
            using var client = app.CreateClient();
            return await client.GetStringAsync("/health/ready") == "Healthy";
        }, "the server to be ready on Redis", TimeSpan.FromSeconds(30));
}
