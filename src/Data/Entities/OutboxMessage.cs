namespace PracticeCommunity.Data;

/// <summary>An email waiting to be sent (or sent). Everything the app sends goes through here.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public string To { get; set; } = "";

    /// <summary>What sort of email this is (<see cref="OutboxKinds"/>), for per-address limits and, later, reports.</summary>
    public string Kind { get; set; } = OutboxKinds.Other;
    public string Subject { get; set; } = "";
    public string HtmlBody { get; set; } = "";
    public string TextBody { get; set; } = "";

    /// <summary>An iCalendar file sent with the email (a session invitation, update or cancellation), or null.</summary>
    public string? CalendarAttachment { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>Set when sending gave up: attempts exhausted, or the server refused the message for good (5xx).</summary>
    public DateTimeOffset? FailedAt { get; set; }

    /// <summary>The member the email is for, when it is about their membership (not an address someone typed).</summary>
    public string? MemberId { get; set; }

    /// <summary>
    /// Makes an email happen at most once: a digest's is member + period, so two overlapping runs or a restart never
    /// queue a second one. Null for emails without such a key.
    /// </summary>
    public string? UniqueKey { get; set; }

    /// <summary>The Message-ID header, fixed when queued so that every retry sends the same message.</summary>
    public string MessageId { get; set; } = "";

    /// <summary>What the one-click unsubscribe link turns off (<see cref="EmailTopics"/>, comma-separated); null for none (account email).</summary>
    public string? UnsubscribeTopics { get; set; }

    /// <summary>
    /// The room audiences the member could enter when it was queued (comma-separated), for a member's email about
    /// community content: if they may enter fewer when it is sent (a Buyer status withdrawn), it is not sent.
    /// </summary>
    public string? AccessStamp { get; set; }

    /// <summary>A dispatcher took this message to send until then; another instance leaves it alone meanwhile.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }
    public string? ClaimedBy { get; set; }
}

public static class OutboxKinds
{
    public const string Other = "other";
    public const string ConfirmEmail = "account:confirm";
    public const string ResetPassword = "account:reset";
    public const string AlreadyRegistered = "account:already-registered";
    public const string SessionRegistration = "session:registration";
    public const string SessionChanged = "session:changed";
    public const string SessionReminder = "session:reminder";
    public const string Digest = "digest";
    public const string Notifications = "notifications";

    /// <summary>Emails anyone can trigger for an address they type: these get a per-address cooldown and daily cap.</summary>
    public const string AccountPrefix = "account:";
}
