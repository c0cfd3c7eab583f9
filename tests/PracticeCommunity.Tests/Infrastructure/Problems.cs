using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PracticeCommunity.Tests.Infrastructure;

/// <summary>Reads an RFC 9457 problem-details response the way a script would.</summary>
public sealed record Problem(HttpStatusCode Status, string ContentType, JsonElement Body)
{
    public static async Task<Problem> ReadAsync(HttpResponseMessage response)
    {
        var contentType = response.Content.Headers.ContentType?.MediaType ?? "";
        var text = await response.Content.ReadAsStringAsync();
        JsonElement body;
        try
        {
            body = JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"Expected a problem-details JSON body, got {(int)response.StatusCode} {contentType}: {text}");
        }
        return new Problem(response.StatusCode, contentType, body);
    }

    /// <summary>Field name → messages, from the <c>errors</c> member.</summary>
    public IReadOnlyDictionary<string, string[]> Errors =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            ? errors.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(m => m.GetString() ?? "").ToArray())
            : new Dictionary<string, string[]>();

    public string AllMessages => string.Join(" ", Errors.SelectMany(e => e.Value)) + " " + Str("detail") + " " + Str("title");

    public string Str(string name) => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    public void AssertIsBadRequestProblem()
    {
        Assert.Equal(HttpStatusCode.BadRequest, Status);
        Assert.Equal("application/problem+json", ContentType);
    }
}
