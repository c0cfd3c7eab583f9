using System.ComponentModel.DataAnnotations;

namespace PracticeCommunity.Features.Email;

/// <summary>How notifications and digests go out (section "Email"); validated at start-up.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    /// <summary>A notification waits this long, and is not emailed if the member read it in the app meanwhile.</summary>
    [Range(0, 1440)]
    public int NotificationDelayMinutes { get; set; } = 10;

    /// <summary>At most this many notifications by email per member in 24 hours; past it, one "and N more" line.</summary>
    [Range(1, 1000)]
    public int DailyNotificationCap { get; set; } = 20;

    /// <summary>Attempts per message before it is marked failed (an unreachable server, or a 4xx answer).</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry waits this long; each next one twice as long.</summary>
    [Range(1, 3600)]
    public int RetryBaseSeconds { get; set; } = 30;

    /// <summary>Messages sent over one SMTP connection before it is closed.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Members read at a time by a digest run: memory stays flat however many there are.</summary>
    [Range(10, 5000)]
    public int DigestBatchSize { get; set; } = 250;

    /// <summary>How long a one-click unsubscribe link works.</summary>
    [Range(1, 365)]
    public int UnsubscribeLinkDays { get; set; } = 90;

    /// <summary>How far ahead a digest looks for sessions.</summary>
    [Range(1, 90)]
    public int UpcomingSessionDays { get; set; } = 21;

    public TimeSpan NotificationDelay => TimeSpan.FromMinutes(NotificationDelayMinutes);
}
