namespace PracticeCommunity.Data;

/// <summary>How much a member wants to hear from a room or a thread. No row is the default.</summary>
public enum SubscriptionLevel
{
    /// <summary>The default, never stored: the member hears of replies to their own threads and of mentions.</summary>
    Normal = 0,
    /// <summary>Every new post brings a notification (gathered per thread until read).</summary>
    Following = 1,
    /// <summary>Nothing from here notifies the member or counts as news, except a direct @mention.</summary>
    Muted = 2,
}

/// <summary>A member's choice for one room. A thread's own choice, if any, wins over it.</summary>
public sealed class RoomSubscription
{
    public string MemberId { get; set; } = "";
    public int RoomId { get; set; }
    public SubscriptionLevel Level { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>A member's choice for one thread.</summary>
public sealed class ThreadSubscription
{
    public string MemberId { get; set; } = "";
    public long ThreadId { get; set; }
    public SubscriptionLevel Level { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}
