using PracticeCommunity.Data;

namespace PracticeCommunity.Features.Members;

/// <summary>
/// Who is asking, as every service sees it. The audience rules of the whole app live here, so that a page,
/// the API, the hub, search and email all ask the same question.
/// </summary>
public sealed record Viewer(
    string? MemberId,
    string DisplayName,
    CommunityRole? Role,
    RoleStatus RoleStatus,
    bool IsModerator,
    bool IsAdmin,
    string? OrganisationName,
    DateTimeOffset? MemberSince = null,
    bool HasDisplayName = true)
{
    public static Viewer Anonymous { get; } = new(null, "", null, RoleStatus.None, false, false, null, null, false);

    /// <summary>A Buyer whose status a moderator has not granted yet: labelled as such wherever their name appears.</summary>
    public bool IsPendingBuyer => Role == CommunityRole.Buyer && RoleStatus == RoleStatus.Pending;

    public bool IsSignedIn => MemberId is not null;
    public bool IsStaff => IsModerator || IsAdmin;
    public bool IsGrantedBuyer => Role == CommunityRole.Buyer && RoleStatus == RoleStatus.Granted;
    public bool IsSupplier => Role == CommunityRole.Supplier && !IsStaff;

    /// <summary>May this viewer know that a room with this audience exists (its title in a list)?</summary>
    public bool CanList(RoomAudience audience) => audience switch
    {
        RoomAudience.Open or RoomAudience.MarketDialogue => true,
        RoomAudience.BuyersOnly => IsStaff || IsGrantedBuyer,
        _ => false,
    };

    /// <summary>May this viewer read and join the room's threads?</summary>
    public bool CanEnter(RoomAudience audience) => IsSignedIn && CanList(audience);

    /// <summary>The audiences this viewer may enter, for filtering queries in the database.</summary>
    public IReadOnlyList<RoomAudience> EnterableAudiences =>
        Enum.GetValues<RoomAudience>().Where(CanEnter).ToArray();

    public IReadOnlyList<RoomAudience> ListableAudiences =>
        Enum.GetValues<RoomAudience>().Where(CanList).ToArray();
}
