using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PracticeCommunity.Features.Members;

internal static class MembersApi
{
    public static void MapMembersApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me").WithTags("Members").RequireAuthorization();
        me.MapGet("/", GetMeAsync).WithName("GetMe").WithSummary("The caller's profile, role and role status");
        me.MapPut("/profile", UpdateProfileAsync).WithName("UpdateProfile").WithSummary("Complete or change the caller's profile");
        app.MapGet("/api/v1/organisations", async (string? q, Profiles members, CancellationToken ct) =>
                TypedResults.Ok(await members.FindOrganisationsAsync(q, ct)))
            .WithTags("Members").RequireAuthorization().WithName("FindOrganisations").WithSummary("Organisations whose name starts with q, to join one");
    }

    private static async Task<Results<Ok<ProfileView>, NotFound>> GetMeAsync(ClaimsPrincipal user, Profiles members, CancellationToken ct)
    {
        var profile = await members.GetProfileAsync(user.FindFirstValue(ClaimTypes.NameIdentifier)!, ct);
        return profile is null ? TypedResults.NotFound() : TypedResults.Ok(profile);
    }

    private static async Task<Results<Ok<ProfileView>, ValidationProblem, NotFound>> UpdateProfileAsync(
        ProfileInput input, ClaimsPrincipal user, Profiles members, CancellationToken ct)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var result = await members.UpdateProfileAsync(id, input, ct);
        if (!result.Succeeded)
        {
            return TypedResults.ValidationProblem(result.Errors);
        }
        var profile = await members.GetProfileAsync(id, ct);
        return profile is null ? TypedResults.NotFound() : TypedResults.Ok(profile);
    }
}
