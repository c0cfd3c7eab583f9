using Microsoft.AspNetCore.Diagnostics;

namespace PracticeCommunity.Hosting;

/// <summary>
/// Turns unreadable requests (malformed JSON, wrong content type, body too large) into a short problem
/// detail in every environment, instead of an exception page that would echo the request back.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        context.Response.StatusCode = bad.StatusCode;
        var detail = bad.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
            StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
            _ when bad.InnerException is System.Text.Json.JsonException => "The request body is not valid JSON.",
            _ when BoundParameter().Match(bad.Message) is { Success: true } p => $"'{p.Groups[1].Value}' has a value of the wrong kind.",
            _ => "The request could not be read.",
        };
        var problem = new HttpValidationProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = detail };
        // Name the field: the JSON reader's path ("$.displayName" becomes "displayName"), or the route or query
        // parameter minimal APIs could not bind ("?limit=abc" names "limit").
        var field = bad.InnerException is System.Text.Json.JsonException { Path: { Length: > 2 } path } ? path.TrimStart('$', '.')
            : BoundParameter().Match(bad.Message) is { Success: true } parameter ? parameter.Groups[1].Value
            : "body";
        problem.Errors[field] = [detail];
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = problem });
    }

    // Minimal APIs say: Failed to bind parameter "int? limit" from "abc".
    [System.Text.RegularExpressions.GeneratedRegex(@"^Failed to bind parameter ""[^""]*?(\w+)"" from")]
    private static partial System.Text.RegularExpressions.Regex BoundParameter();
}
