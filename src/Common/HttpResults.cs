using Microsoft.AspNetCore.Http.HttpResults;

namespace PracticeCommunity.Common;

/// <summary>Maps a service's answer to the contract's status codes and RFC 9457 problem details.</summary>
public static class HttpResults
{
    public static IResult ToHttp<T>(this ServiceResult<T> result, Func<T, IResult>? ok = null) => result.Status switch
    {
        ResultStatus.Ok => ok is null ? TypedResults.Ok(result.Value) : ok(result.Value!),
        ResultStatus.NotFound => TypedResults.Problem(statusCode: 404, title: "Not found"),
        ResultStatus.Forbidden => TypedResults.Problem(statusCode: 403, title: "Not allowed", detail: result.Message),
        ResultStatus.Conflict => TypedResults.Problem(statusCode: 409, title: "Conflict", detail: result.Message),
        ResultStatus.RateLimited => new TooManyRequests(Math.Max(1, (int)Math.Ceiling(result.RetryAfter.TotalSeconds)), result.Message),
        _ => TypedResults.ValidationProblem(result.Errors, detail: result.Message),
    };
}
