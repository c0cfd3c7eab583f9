using System.Diagnostics;

namespace PracticeCommunity.Testing;

/// <summary>Awaits a condition that becomes true on its own (a background write, a circuit leaving), instead of sleeping.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        await TrueAsync(() => Task.FromResult(condition()), what, timeout);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit) throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for {what}.");
            await Task.Delay(25);
        }
    }
}
