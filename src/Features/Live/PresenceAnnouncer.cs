namespace PracticeCommunity.Features.Live;

/// <summary>
/// Keeps this server's share of the presence lists alive on the other servers and lets the share of a server that
/// vanished expire (<see cref="PresenceTracker.AnnounceAsync"/>). On a clean stop it withdraws this server's share at
/// once. With one server the parts it announces have no other reader, and nothing shown changes.
/// </summary>
internal sealed partial class PresenceAnnouncer(PresenceTracker presence, TimeProvider time, ILogger<PresenceAnnouncer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PresenceTracker.AnnounceInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await presence.AnnounceAsync();
            }
            catch (Exception ex)
            {
                LogFailed(ex);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await presence.WithdrawAsync();
        }
        catch (Exception ex)
        {
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Announcing this server's presence failed; trying again at the next interval")]
    private partial void LogFailed(Exception exception);
}
