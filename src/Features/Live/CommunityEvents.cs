using PracticeCommunity.Data;

namespace PracticeCommunity.Features.Live;

/// <summary>
/// Something that happened in the community, published once per change after the database commit.
/// The record shapes are the hub's wire shapes (contract.md), so the hub forwards them as they are.
/// <see cref="Audience"/> lets every listener apply the room rules without a database round trip.
/// </summary>
public abstract record CommunityEvent
{
    /// <summary>Audience of the room the event belongs to; never sent to clients.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public RoomAudience Audience { get; init; }
}

/// <summary>An event about one thread: it goes to that thread's watchers.</summary>
public interface IThreadEvent
{
    long ThreadId { get; }
}

/// <summary>The author as shown beside a post. <see cref="RoleStatus"/> is "Pending" for a Buyer not yet approved.</summary>
public sealed record PostAuthor(string Id, string DisplayName, string? Organisation, string? Role, string? RoleStatus = null);

public sealed record PostCreated(long ThreadId, int RoomId, long PostId, string BodyHtml, PostAuthor Author, DateTimeOffset CreatedAt,
    bool? MentionsOwnOffering = null) : CommunityEvent, IThreadEvent;

public sealed record PostEdited(long ThreadId, long PostId, string BodyHtml, DateTimeOffset EditedAt) : CommunityEvent, IThreadEvent;

public sealed record PostHidden(long ThreadId, long PostId) : CommunityEvent, IThreadEvent;

/// <summary>Accepted answer, buyer validation or a deletion changed how a post is shown.</summary>
public sealed record PostStateChanged(long ThreadId, long PostId) : CommunityEvent, IThreadEvent;

public sealed record ThreadCreated(int RoomId, long ThreadId, string Title, ThreadKind Kind) : CommunityEvent;

public sealed record PresenceChanged(long ThreadId, IReadOnlyList<string> Members) : CommunityEvent, IThreadEvent;

public sealed record Typing(long ThreadId, string DisplayName) : CommunityEvent, IThreadEvent;

/// <summary>A member's unread notification count changed; only that member's own connections care.</summary>
public sealed record NotificationsChanged(string MemberId, int Unread) : CommunityEvent;

public sealed record PostDeleted(long ThreadId, long PostId) : CommunityEvent, IThreadEvent;

/// <summary>
/// What a member may see or do changed (Buyer status, role, staff role, profile). Whoever holds that member's
/// rights (the viewer cache, circuits, hub connections) drops them and reads them again.
/// </summary>
public sealed record AccessChanged(string MemberId) : CommunityEvent;

/// <summary>
/// Something in a live session changed (agenda item, notes, hands, check-in, start or end). It carries no content:
/// pages read the session again through the access gate.
/// </summary>
public sealed record SessionLiveChanged(long SessionId) : CommunityEvent;

/// <summary>
/// Between servers only, never sent to clients: the names one server has in a thread. Every server keeps each
/// server's latest part and publishes the union as <see cref="PresenceChanged"/> (see <see cref="PresenceTracker"/>).
/// <see cref="Version"/> grows with every part a server takes, so a part that overtook an older one is not undone by it.
/// </summary>
public sealed record PresencePart(long ThreadId, string InstanceId, IReadOnlyList<string> Members, long Version = 0) : CommunityEvent;

/// <summary>
/// The link between servers was down and is back: whatever other servers published meanwhile never arrived here, and
/// what this server published never arrived there. Pages read again what they show, as after their own reconnect.
/// Never sent to clients; a single server never publishes it.
/// </summary>
public sealed record BusResumed : CommunityEvent;
