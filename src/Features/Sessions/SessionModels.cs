using PracticeCommunity.Data;

namespace PracticeCommunity.Features.Sessions;

/// <summary>
/// POST and PUT /api/v1/sessions, and the schedule form. Times are the session's local wall-clock time
/// ("2027-03-18T14:00:00") in <see cref="TimeZone"/>; a time the clocks pass twice needs its offset
/// ("2027-10-31T02:30:00+01:00").
/// </summary>
public sealed class ScheduleSessionInput
{
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Format { get; set; }
    public string? Audience { get; set; }
    public string? StartsAt { get; set; }
    public string? EndsAt { get; set; }
    public string? TimeZone { get; set; }
    public string? Place { get; set; }
    public string? OnlineUrl { get; set; }
    public int? Capacity { get; set; }
    public int? SeatsPerOrganisation { get; set; }
    public bool ChathamHouse { get; set; }
    public string? Registration { get; set; }
    public List<int>? RoomIds { get; set; }
    public List<string>? ProductGroups { get; set; }
    public List<string>? PresenterIds { get; set; }
    public List<string>? InvitedIds { get; set; }

    /// <summary>Schedule a series: the same session repeated (Weekly, EveryTwoWeeks, EveryFourWeeks, Monthly), 2 to 12 times in all.</summary>
    public SeriesInput? Repeat { get; set; }

    /// <summary>The member's proposal this session comes from, which is then marked scheduled.</summary>
    public long? ProposalId { get; set; }

    /// <summary>Null: the format's agenda.</summary>
    public List<AgendaItemInput>? Agenda { get; set; }
}

public sealed class SeriesInput
{
    public string? Every { get; set; }
    public int Count { get; set; }
}

public sealed class AgendaItemInput
{
    public string? Title { get; set; }
    public int Minutes { get; set; }
}

public sealed class CancelSessionInput
{
    public string? Reason { get; set; }
}

public sealed record SessionFilter(DateTimeOffset? From = null, DateTimeOffset? To = null, SessionFormat? Format = null, string? ProductGroup = null, bool Past = false);

/// <summary>The caller's place: Confirmed, Waitlisted (with its 1-based position), Requested, or null.</summary>
public sealed record MyRegistration(RegistrationStatus Status, int? Position);

/// <summary>A session in a list, per the contract: local and UTC times, counts and the caller's registration.</summary>
public sealed record SessionListItem(
    long Id, string Title, SessionFormat Format, SessionAudience Audience, SessionStatus Status,
    string StartsAt, string EndsAt, string TimeZone, DateTimeOffset StartsAtUtc, DateTimeOffset EndsAtUtc,
    int? Capacity, int ConfirmedCount, int WaitlistCount, MyRegistration? MyRegistration, bool IsOnline, IReadOnlyList<string> ProductGroups);

public sealed record AgendaItemView(string Title, int Minutes);

public sealed record PresenterView(string Id, string DisplayName, string? Organisation);

public sealed record SessionRoomView(int Id, string Slug, string Title);

/// <summary>
/// One session. <see cref="Place"/> and <see cref="OnlineUrl"/> are null unless the caller is a confirmed
/// registrant, a presenter or a moderator; <see cref="IsOnline"/> and <see cref="HasPlace"/> say what kind of
/// meeting it is without giving the details away.
/// </summary>
public sealed record SessionDetail(
    long Id, string Title, string Description, SessionFormat Format, SessionAudience Audience, SessionStatus Status,
    string StartsAt, string EndsAt, string TimeZone, DateTimeOffset StartsAtUtc, DateTimeOffset EndsAtUtc,
    int? Capacity, int? SeatsPerOrganisation, int ConfirmedCount, int WaitlistCount, MyRegistration? MyRegistration,
    IReadOnlyList<AgendaItemView> Agenda, IReadOnlyList<PresenterView> Presenters, IReadOnlyList<SessionRoomView> Rooms,
    string? Place, string? OnlineUrl, bool IsOnline, bool HasPlace, bool ChathamHouse, RegistrationMode Registration,
    string? CancelReason, int Sequence, SessionActions Actions, bool IsLive = false, bool CanJoinLive = false, IReadOnlyList<string>? ProductGroups = null,
    SeriesView? Series = null, IReadOnlyList<ActionItemView>? OpenActionItemsFromLastTime = null,
    IReadOnlyList<PresenterView>? Invited = null);

/// <summary>Where a session sits in its series: "meeting 2 of 4", and the other meetings the viewer may see.</summary>
public sealed record SeriesView(long Id, string Title, SeriesRepeat Repeat, int Number, int Count, IReadOnlyList<SeriesMeeting> Meetings);

public sealed record SeriesMeeting(long SessionId, int Number, DateTimeOffset StartsAtUtc, SessionStatus Status, MyRegistration? MyRegistration);

/// <summary>What the caller may do with the session; pages show exactly these buttons.</summary>
public sealed record SessionActions(bool Register, bool CancelRegistration, bool Edit, bool Cancel, string? RegisterBlockedReason);

/// <summary>One meeting of POST /series/{id}/registration: its status, or why not (already registered, closed).</summary>
public sealed record SeriesRegistration(long SessionId, RegistrationStatus? Status, int? Position, string? Problem);

/// <summary>POST /sessions/{id}/registration: Confirmed, Waitlisted (with position) or Requested.</summary>
public sealed record RegistrationResult(RegistrationStatus Status, int? Position);

/// <summary>GET /sessions/{id}/registrations (moderators).</summary>
public sealed record RegistrantView(string MemberId, string DisplayName, string? Organisation, RegistrationStatus Status, DateTimeOffset QueuedAt);

/// <summary>POST /sessions/{id}/registrations/{memberId}/decision.</summary>
public sealed record DecisionInput(bool Accept);
