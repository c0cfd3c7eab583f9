using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Rooms;

namespace PracticeCommunity.Tests.Cases;

/// <summary>Cases over the public API: a complete case body, proposing, and taking a case through review.</summary>
public static class CaseTestKit
{
    public static async Task<long> ProposeAsync(this CommunityMember author, Dictionary<string, object?> body)
    {
        using var response = await author.Http.PostAsJsonAsync("/api/v1/cases", body);
        await CommunitySteps.EnsureAsync(response, HttpStatusCode.Created, $"{author} proposing a case");
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Draft", created.Str("status"));
        return created.Id();
    }

    public static async Task<long> PublishedCaseAsync(this CommunityMember author, CommunityMember moderator, Dictionary<string, object?>? body = null)
    {
        var id = await author.ProposeAsync(body ?? CaseSteps.Body());
        using (var submit = await author.Http.PostAsync($"/api/v1/cases/{id}/submit", null))
            await CommunitySteps.EnsureAsync(submit, HttpStatusCode.OK, "submitting the case");
        using (var publish = await moderator.Http.PostAsync($"/api/v1/cases/{id}/publish", null))
            await CommunitySteps.EnsureAsync(publish, HttpStatusCode.OK, "publishing the case");
        return id;
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(this CommunityMember member, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await member.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    /// <summary>The field names a 400 problem names.</summary>
    public static IReadOnlyList<string> ErrorFields(this JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(e => e.Name).ToList() : [];
}
