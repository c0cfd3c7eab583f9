namespace PracticeCommunity.Features.Email;

/// <summary>
/// Every minute of the app's clock: notification emails whose delay is over, then the digests that fell due. A member
/// whose digest hour has just passed gets it within two minutes of the app running.
/// </summary>
internal sealed partial class EmailWorker(NotificationMailer notifications, DigestRunner digests, TimeProvider time, ILogger<EmailWorker> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await notifications.RunDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex, "notification emails");
            }
            try
            {
                await digests.RunDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex, "digests");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {What} failed; trying again in a minute")]
    private partial void LogFailed(Exception exception, string what);
}
