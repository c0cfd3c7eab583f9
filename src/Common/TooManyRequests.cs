using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace PracticeCommunity.Common;

/// <summary>429 with Retry-After and a problem detail: the one answer of every limit on HTTP.</summary>
public sealed class TooManyRequests(int retryAfterSeconds, string detail) : IResult, IEndpointMetadataProvider
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;

    public string Detail { get; } = detail;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: Detail)
            .ExecuteAsync(httpContext);
    }

    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests,
            typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
}
