namespace PracticeCommunity.Data;

/// <summary>
/// What a member wants by email. A member without a row has the defaults: a weekly digest on Monday at 08:00 in
/// their time zone, and every kind of notification.
/// </summary>
public sealed class EmailSettings
{
    public string MemberId { get; set; } = "";
    public DigestFrequency Digest { get; set; } = DigestFrequency.Weekly;

    /// <summary>0–23, in the member's own time zone.</summary>
    public int DigestHour { get; set; } = 8;
    public DayOfWeek DigestWeekday { get; set; } = DayOfWeek.Monday;

    public bool Replies { get; set; } = true;
    public bool Answers { get; set; } = true;
    public bool Mentions { get; set; } = true;
    public bool Accepted { get; set; } = true;
    public bool ActionItems { get; set; } = true;
    public bool Sessions { get; set; } = true;

    /// <summary>The scheduled moment (UTC) of the last digest period that was handled: sent, or found to hold nothing new.</summary>
    public DateTimeOffset? LastDigestSlot { get; set; }

    /// <summary>How far the last digest looked: the next one tells what happened after this moment.</summary>
    public DateTimeOffset? DigestCoveredUntil { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum DigestFrequency
{
    Daily,
    Weekly,
    Off,
}

/// <summary>Where an in-app notification stands on its way to email.</summary>
public enum NotificationEmail
{
    /// <summary>Waiting for the delay; sent unless the member reads it in the app first.</summary>
    Pending,
    Sent,
    /// <summary>Read in the app before the delay was over.</summary>
    Seen,
    /// <summary>The member turned this kind of email off.</summary>
    Off,
    /// <summary>No longer visible to the member when it was due (access withdrawn, content hidden or deleted).</summary>
    NotAllowed,
    /// <summary>Past the daily cap: counted in an "and N more" line, or left to the app.</summary>
    Capped,
    /// <summary>A kind that is shown in the app only.</summary>
    AppOnly,
}
