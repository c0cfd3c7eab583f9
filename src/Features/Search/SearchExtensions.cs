using System.Globalization;
using System.Security.Claims;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Features.Rooms;

namespace PracticeCommunity.Features.Search;

public static class SearchExtensions
{
    public static IHostApplicationBuilder AddSearch(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SearchService>();
        return builder;
    }

    public static WebApplication MapSearch(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/search").WithTags("Search").RequireAuthorization();
        // page is read as text so that a bad one is reported on its own field, like the others.
        api.MapGet("/", async (string? q, string? roomId, string? tag, string? page, long? threadId,
                Viewer viewer, SearchService search, CancellationToken ct) =>
            {
                var pageNumber = 1;
                if (!string.IsNullOrEmpty(page) && !int.TryParse(page, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out pageNumber))
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["page"] = ["The page must be a whole number."] });
                }
                return (await search.SearchAsync(viewer, new SearchQuery(q, roomId, tag, pageNumber, threadId), ct)).ToHttp();
            })
            .WithName("Search")
            .WithSummary("Full-text search over the threads and posts the caller may see")
            .WithDescription("q: 1 to 200 characters, words matched in any order, the last one also as a prefix. " +
                "roomId: a room id or slug; tag: for example product:ict; page: 20 hits per page, best first. " +
                "Hits are grouped by thread: each is its thread's best-matching post, with moreInThread other matches there; " +
                "threadId searches inside one thread and lists every matching post. " +
                "snippet and threadTitleHtml are HTML-encoded text whose only markup is <mark> around matches.")
            .Produces<SearchResults>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
