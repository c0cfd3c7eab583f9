using PracticeCommunity.Data;

namespace PracticeCommunity.Features.Follows;

/// <summary>PUT …/subscription: <c>{ "level": "Following" | "Muted" | "Normal" }</c>.</summary>
public sealed class SubscriptionInput
{
    public string? Level { get; set; }
}

/// <summary>
/// A member's choice for a room or a thread. For a thread, <see cref="RoomLevel"/> is the choice for its room, which
/// applies while the thread's own is Normal; <see cref="Effective"/> is what notifications follow.
/// </summary>
public sealed record SubscriptionView(SubscriptionLevel Level, SubscriptionLevel RoomLevel)
{
    public SubscriptionLevel Effective => Level != SubscriptionLevel.Normal ? Level : RoomLevel;
}

public sealed record FollowedRoom(int Id, string Slug, string Title, RoomAudience Audience, SubscriptionLevel Level);

public sealed record FollowedThread(long Id, string Title, string RoomSlug, string RoomTitle, SubscriptionLevel Level);

/// <summary>GET /api/v1/me/subscriptions: every room and thread the member follows or muted, that they may still see.</summary>
public sealed record MySubscriptions(IReadOnlyList<FollowedRoom> Rooms, IReadOnlyList<FollowedThread> Threads);
