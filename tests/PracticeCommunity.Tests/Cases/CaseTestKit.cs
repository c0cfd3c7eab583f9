using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Rooms;

namespace PracticeCommunity.Tests.Cases;

/// <summary>Cases over the public API: a complete case body, proposing, and taking a case through review.</summary>
public static class CaseTestKit
{
    public static Dictionary<string, object?> Body(
        string? title = null, string productGroup = "office-furniture", string country = "BE", string contractModel = "Refurbishment",
        string[]? goals = null, object[]? indicators = null, object? contractValue = null, string lessons = "Start the market dialogue early.",
        object[]? criteria = null, long[]? citedThreadIds = null, string summary = "Refurbished desks instead of new ones.") => new()
    {
        ["title"] = title ?? Unique.Name("Refurbished desks"),
        ["summary"] = summary,
        ["productGroup"] = productGroup,
        ["country"] = country,
        ["frameworkSteps"] = new[] { "criteria-products", "end-of-use" },
        ["need"] = "The city hall needed 1,000 desks for a new office.",
        ["approach"] = "Open procedure after a market dialogue, two lots.",
        ["marketDialogue"] = true,
        ["procedure"] = "open",
        ["lots"] = 2,
        ["contractModel"] = contractModel,
        ["criteria"] = criteria ?? new object[]
        {
            new { kind = "TechnicalSpecification", text = "At least 80% of the desks are refurbished.", verification = "Delivery notes" },
            new { kind = "Award", text = "Share of recycled content.", weight = 20 },
        },
        ["goals"] = goals ?? ["C", "D"],
        ["indicators"] = indicators ?? new object[]
        {
            new { goal = "D", name = "refurbished", unit = "desks", baseline = 0, contracted = 800, realised = 1002 },
            new { goal = "C", name = "emissions", unit = "t CO2e", baseline = 120, contracted = 90, realised = 82 },
        },
        ["contractValue"] = contractValue ?? new { amount = 450000, currency = "EUR" },
        ["durationMonths"] = 36,
        ["lessons"] = lessons,
        ["replicability"] = "A supplier network that can refurbish at scale.",
        ["citedThreadIds"] = citedThreadIds ?? [],
    };

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
        var id = await author.ProposeAsync(body ?? Body());
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
