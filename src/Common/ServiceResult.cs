namespace PracticeCommunity.Common;

public enum ResultStatus
{
    Ok,
    /// <summary>Missing, or hidden from the caller: the two look the same from outside.</summary>
    NotFound,
    Forbidden,
    Invalid,
    Conflict,
    /// <summary>Over a rate limit: try again after <see cref="ServiceResult{T}.RetryAfter"/>.</summary>
    RateLimited,
}

/// <summary>What a rule-holding service answers: a value, or why not (mapped to 404/403/400/409 at the edges).</summary>
public sealed record ServiceResult<T>(ResultStatus Status, T? Value, IReadOnlyDictionary<string, string[]> Errors)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public bool Succeeded => Status == ResultStatus.Ok;

    public TimeSpan RetryAfter { get; init; }

    public static ServiceResult<T> Ok(T value) => new(ResultStatus.Ok, value, NoErrors);
    public static ServiceResult<T> NotFound() => new(ResultStatus.NotFound, default, NoErrors);
    public static ServiceResult<T> Forbidden(string message) => new(ResultStatus.Forbidden, default, new Dictionary<string, string[]> { [""] = [message] });
    public static ServiceResult<T> Conflict(string message) => new(ResultStatus.Conflict, default, new Dictionary<string, string[]> { [""] = [message] });
    public static ServiceResult<T> RateLimited(TimeSpan retryAfter, string message) =>
        new(ResultStatus.RateLimited, default, new Dictionary<string, string[]> { [""] = [message] }) { RetryAfter = retryAfter };
    public static ServiceResult<T> Invalid(IReadOnlyDictionary<string, string[]> errors) => new(ResultStatus.Invalid, default, errors);
    public static ServiceResult<T> Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The first message, for a form's summary line.</summary>
    public string Message => Errors.Values.SelectMany(v => v).FirstOrDefault() ?? "";
}

/// <summary>Errors per field, collected while validating a whole input (the keys are the API's field names).</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    public bool Has(string field) => _errors.ContainsKey(field);

    public bool HasUnder(string prefix) => _errors.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));

    public void Add(string field, string message) => (_errors.TryGetValue(field, out var list) ? list : _errors[field] = []).Add(message);

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public ServiceResult<T> ToResult<T>() => ServiceResult<T>.Invalid(ToDictionary());
}
