using System.Globalization;

namespace PracticeCommunity.Features.MemberDirectory;

public static class DirectoryExtensions
{
    public static IHostApplicationBuilder AddDirectory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DirectoryService>();
        return builder;
    }

    public static WebApplication MapDirectory(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/members").WithTags("Members").RequireAuthorization();
        api.MapGet("/", async (string? q, string? role, string? productGroup, string? page, Viewer viewer, DirectoryService directory, CancellationToken ct) =>
            {
                var pageNumber = 1;
                if (!string.IsNullOrEmpty(page) && !int.TryParse(page, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out pageNumber))
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["page"] = ["The page must be a whole number."] });
                }
                return (await directory.ListAsync(viewer, new DirectoryQuery(q, role, productGroup, pageNumber), ct)).ToHttp();
            })
            .WithName("ListMembers").WithSummary("The member directory: name, organisation, role and product groups, never an email address")
            .WithDescription("q: words in a name or organisation (at most 100 characters); role: Buyer, Supplier or Facilitator; productGroup: for example ict; page: 24 a page.")
            .Produces<DirectoryResults>().ProducesValidationProblem();
        api.MapGet("/{memberId}", async (string memberId, Viewer viewer, DirectoryService directory, CancellationToken ct) =>
                (await directory.GetAsync(viewer, memberId, ct)).ToHttp())
            .WithName("GetMemberProfile").WithSummary("A member's profile with their recent posts in the rooms the caller may enter")
            .Produces<MemberProfile>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
