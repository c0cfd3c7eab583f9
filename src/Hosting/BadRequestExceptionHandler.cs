using Microsoft.AspNetCore.Diagnostics;

namespace PracticeCommunity.Hosting;

/// <summary>
/// Turns unreadable requests (malformed JSON, wrong content type, body too large) into a short problem
/// detail in every environment, instead of an exception page that would echo the request back.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
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
            _ => "The request could not be read.",
        };
        var problem = new HttpValidationProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = detail };
        // Name the field when the JSON reader knows it ("$.displayName" becomes "displayName").
        problem.Errors[bad.InnerException is System.Text.Json.JsonException { Path: { Length: > 2 } path } ? path.TrimStart('$', '.') : "body"] = [detail];
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = problem });
    }
}
