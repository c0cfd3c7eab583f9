using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PracticeCommunity.Features.Members;

namespace PracticeCommunity.Features.Rooms;

internal static class RoomsApi
{
    public static void MapRoomsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Rooms").RequireAuthorization();
        api.MapGet("/rooms", ListRoomsAsync).WithName("ListRooms");
    }

    private static async Task<Ok<IReadOnlyList<RoomSummary>>> ListRoomsAsync(
        ClaimsPrincipal user, MemberService members, RoomService rooms, CancellationToken ct)
    {
        var viewer = await members.GetViewerAsync(user, ct);
        return TypedResults.Ok(await rooms.ListRoomsAsync(viewer, ct));
    }
}
