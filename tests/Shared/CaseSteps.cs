using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PracticeCommunity.Testing;

/// <summary>Cases over the public API, for both test projects: a complete case body, and a published case.</summary>
public static class CaseSteps
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

    /// <summary>Proposes a complete case as <paramref name="author"/>, sends it for review and publishes it as <paramref name="moderator"/>.</summary>
    public static async Task<long> PublishCaseAsync(HttpClient author, HttpClient moderator, Dictionary<string, object?>? body = null)
    {
        using var created = await author.PostAsJsonAsync("/api/v1/cases", body ?? Body());
        await CommunitySteps.EnsureAsync(created, HttpStatusCode.Created, "proposing a case");
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        using (var submit = await author.PostAsync($"/api/v1/cases/{id}/submit", null))
            await CommunitySteps.EnsureAsync(submit, HttpStatusCode.OK, "submitting the case");
        using (var publish = await moderator.PostAsync($"/api/v1/cases/{id}/publish", null))
            await CommunitySteps.EnsureAsync(publish, HttpStatusCode.OK, "publishing the case");
        return id;
    }
}
