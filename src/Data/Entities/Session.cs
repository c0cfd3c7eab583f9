namespace PracticeCommunity.Data;

/// <summary>
/// A meeting of the community (domain.md, "Peer-learning sessions"): scheduled by a moderator from a format, open for
/// registration, held, harvested. Times are stored in UTC with the IANA zone the moderator scheduled it in.
/// </summary>
public sealed class Session
{
    public long Id { get; set; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public SessionFormat Format { get; set; }
    public SessionAudience Audience { get; set; }
    public SessionStatus Status { get; set; } = SessionStatus.Scheduled;
    public DateTimeOffset StartsAtUtc { get; set; }
    public DateTimeOffset EndsAtUtc { get; set; }

    /// <summary>IANA zone id, for example Europe/Brussels: the session's own wall clock.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The address, for confirmed registrants, presenters and moderators only.</summary>
    public string? Place { get; set; }

    /// <summary>The meeting link, for confirmed registrants, presenters and moderators only.</summary>
    public string? OnlineUrl { get; set; }

    /// <summary>Null: no limit.</summary>
    public int? Capacity { get; set; }
    public int? SeatsPerOrganisation { get; set; }
    public bool ChathamHouse { get; set; }
    public RegistrationMode Registration { get; set; }
    public List<AgendaItem> Agenda { get; set; } = [];
    public List<int> RoomIds { get; set; } = [];

    /// <summary>Product groups the session is about (values of <see cref="ProductGroups"/>), for the calendar's filter.</summary>
    public List<string> ProductGroups { get; set; } = [];
    public List<string> PresenterIds { get; set; } = [];

    /// <summary>Suppliers (or facilitators) invited to a buyers-and-invited-suppliers session.</summary>
    public List<string> InvitedIds { get; set; } = [];

    /// <summary>The series this session is one meeting of (a monthly peer-learning, a learning set), and its place in it (1-based).</summary>
    public long? SeriesId { get; set; }
    public int? SeriesNumber { get; set; }

    /// <summary>The iCalendar SEQUENCE: raised on every change a calendar should pick up.</summary>
    public int Sequence { get; set; }
    public string? CancelReason { get; set; }
    public string CreatedById { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    // ---------- live and harvest ----------

    /// <summary>The agenda item the moderator has on screen (0-based), once the session runs live.</summary>
    public int? LiveItem { get; set; }

    /// <summary>Notes taken live, seen by the attendees as they are written.</summary>
    public string LiveNotes { get; set; } = "";
    public DateTimeOffset? LiveStartedAt { get; set; }
    public DateTimeOffset? HeldAt { get; set; }
    public string Takeaways { get; set; } = "";
    public string OpenQuestions { get; set; } = "";
    public DateTimeOffset? HarvestedAt { get; set; }

    /// <summary>Threads the harvest links to, for continued debate.</summary>
    public List<long> HarvestThreadIds { get; set; } = [];

    /// <summary>How many "harvest this session" reminders went to the moderator (after 3 and after 7 days).</summary>
    public int HarvestRemindersSent { get; set; }

    /// <summary>Raised first in every registration change: on PostgreSQL it locks the row, so places are counted one at a time.</summary>
    public long Version { get; set; }
}

public sealed class AgendaItem
{
    public string Title { get; set; } = "";
    public int Minutes { get; set; }
}

public enum SessionFormat
{
    Kickoff,
    InspirationDay,
    PeerLearning,
    Workshop,
    Webinar,
    SiteVisit,
    BuyerMeetsSupplier,
    Masterclass,
    PilotDebrief,
}

public enum SessionAudience
{
    Everyone,
    BuyersOnly,
    BuyersAndInvitedSuppliers,
}

public enum SessionStatus
{
    Scheduled,
    Cancelled,
    Held,
    Harvested,
}

public enum RegistrationMode
{
    /// <summary>First come, first served, then the waitlist.</summary>
    Open,
    /// <summary>Requests wait for a moderator's decision.</summary>
    ModeratorSelects,
}

/// <summary>A member's place at a session. One row per member and session; cancelling keeps the row.</summary>
public sealed class SessionRegistration
{
    public long Id { get; set; }
    public long SessionId { get; set; }
    public string MemberId { get; set; } = "";
    public Member? Member { get; set; }

    /// <summary>The organisation the member registered for, for seats per organisation.</summary>
    public int? OrganisationId { get; set; }
    public RegistrationStatus Status { get; set; }

    /// <summary>When the member (last) asked for a place: the waitlist is served in this order.</summary>
    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>Which reminders went out: <see cref="SessionReminderFlags"/>.</summary>
    public int RemindersSent { get; set; }
}

public static class SessionReminderFlags
{
    public const int DayBefore = 1;
    public const int HourBefore = 2;
}

public enum RegistrationStatus
{
    Confirmed,
    Waitlisted,
    Requested,
    Cancelled,
    Declined,
}

/// <summary>Who was actually there (checked in live, or recorded at the harvest), kept apart from who registered.</summary>
public sealed class SessionAttendance
{
    public long SessionId { get; set; }
    public string MemberId { get; set; } = "";
    public string? OrganisationName { get; set; }
    public DateTimeOffset CheckedInAt { get; set; }
}

/// <summary>A raised hand in a live session; the moderator works through them oldest first.</summary>
public sealed class SessionHand
{
    public long Id { get; set; }
    public long SessionId { get; set; }
    public string MemberId { get; set; } = "";
    public DateTimeOffset RaisedAt { get; set; }
    public DateTimeOffset? LoweredAt { get; set; }
}

/// <summary>An action item from a harvest: it became a session follow-up thread, assigned to its owner.</summary>
public sealed class SessionActionItem
{
    public long Id { get; set; }
    public long SessionId { get; set; }
    public string Text { get; set; } = "";
    public string OwnerId { get; set; } = "";
    public DateOnly? DueDate { get; set; }
    public long ThreadId { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
}

/// <summary>A member's suggestion for a session; members +1 it, and a moderator turns one into a session.</summary>
public sealed class SessionProposal
{
    public long Id { get; set; }
    public string Title { get; set; } = "";
    public string Why { get; set; } = "";
    public SessionFormat Format { get; set; }
    public List<int> RoomIds { get; set; } = [];

    /// <summary>Buyers only when a linked room is: a proposal never shows buyers-only topics to others.</summary>
    public SessionAudience Audience { get; set; }
    public string ProposedById { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public ProposalStatus Status { get; set; }
    public long? SessionId { get; set; }
    public int VoteCount { get; set; }
}

public enum ProposalStatus
{
    Open,
    Scheduled,
    Declined,
}

public sealed class ProposalVote
{
    public long ProposalId { get; set; }
    public string MemberId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Sessions scheduled together as one recurring series; members can register for all of them at once.</summary>
public sealed class SessionSeries
{
    public long Id { get; set; }
    public string Title { get; set; } = "";
    public SeriesRepeat Repeat { get; set; }
    public string CreatedById { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

public enum SeriesRepeat
{
    Weekly,
    EveryTwoWeeks,
    EveryFourWeeks,
    Monthly,
}

/// <summary>
/// A one-to-one meeting slot at a buyer-meets-supplier session: a buyer hosts it, a supplier books it. Every
/// supplier may book the same number of slots, so the dialogue stays equal.
/// </summary>
public sealed class SessionSlot
{
    public long Id { get; set; }
    public long SessionId { get; set; }
    public string HostId { get; set; } = "";
    public DateTimeOffset StartsAtUtc { get; set; }
    public int Minutes { get; set; }
    public string? BookedById { get; set; }
    public DateTimeOffset? BookedAt { get; set; }
}
