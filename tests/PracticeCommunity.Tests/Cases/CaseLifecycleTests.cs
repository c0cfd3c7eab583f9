using System.Net;
using System.Text.Json;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Testing.CaseSteps;
using static PracticeCommunity.Tests.Cases.CaseTestKit;

namespace PracticeCommunity.Tests.Cases;

/// <summary>Issue 10 over the API: a case from draft to published, who sees it on the way, and the values it refuses.</summary>
public sealed class CaseLifecycleTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Fact]
    public async Task A_case_goes_from_draft_through_changes_to_published_and_every_step_is_recorded()
    {
        using var owner = await App.JoinAsAsync(Persona.Buyer);
        using var other = await App.JoinAsAsync(Persona.Buyer);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var title = Unique.Name("Lifecycle desks");

        // A draft may be incomplete; submitting it names what is missing.
        var id = await owner.ProposeAsync(new Dictionary<string, object?> { ["title"] = title });
        var (status, problem) = await owner.SendAsync(HttpMethod.Post, $"/api/v1/cases/{id}/submit");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Superset(new HashSet<string> { "summary", "productGroup", "need", "approach", "contractModel", "goals", "indicators", "lessons" }, problem.ErrorFields().ToHashSet());

        // Only its author and moderators see a draft: for others it does not exist, on the page's API and in the library.
        foreach (var outsider in new[] { other, supplier })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.SendAsync(HttpMethod.Get, $"/api/v1/cases/{id}")).Status);
            var library = await outsider.Http.GetJsonAsync($"/api/v1/cases?q={Uri.EscapeDataString(title)}");
            Assert.Equal(0, library.GetProperty("total").GetInt32());
        }
        Assert.Equal(HttpStatusCode.OK, (await moderator.SendAsync(HttpMethod.Get, $"/api/v1/cases/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Put, $"/api/v1/cases/{id}", Body(title))).Status);

        // Completed and sent; a moderator asks for changes with a comment the owner sees and is told about.
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Put, $"/api/v1/cases/{id}", Body(title))).Status);
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Post, $"/api/v1/cases/{id}/submit")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.SendAsync(HttpMethod.Put, $"/api/v1/cases/{id}", Body(title))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.SendAsync(HttpMethod.Post, $"/api/v1/cases/{id}/publish")).Status);
        var (noComment, noCommentProblem) = await moderator.SendAsync(HttpMethod.Post, $"/api/v1/cases/{id}/request-changes", new { comment = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, noComment);
        Assert.Contains("comment", noCommentProblem.ErrorFields());
        var (sentBack, sentBackCase) = await moderator.SendAsync(HttpMethod.Post, $"/api/v1/cases/{id}/request-changes", new { comment = "Add the CO2 method." });
        Assert.Equal(HttpStatusCode.OK, sentBack);
        Assert.Equal("ChangesRequested", sentBackCase.Str("status"));
        var mine = await owner.Http.GetJsonAsync($"/api/v1/cases/{id}");
        Assert.Equal("Add the CO2 method.", mine.Str("reviewComment"));
        var notifications = await owner.NotificationsAsync();
        Assert.Contains(notifications.GetProperty("items").EnumerateArray(), n => n.Str("kind") == "CaseChangesRequested" && n.GetProperty("caseId").GetInt64() == id);

        // The owner answers and sends it again; the moderator publishes; everyone now finds it.
        var changed = Body(title, lessons: "Start early. We used the GHG protocol for CO2.");
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Put, $"/api/v1/cases/{id}", changed)).Status);
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Post, $"/api/v1/cases/{id}/submit", new { note = "Method added in the lessons." })).Status);
        var (published, publishedCase) = await moderator.SendAsync(HttpMethod.Post, $"/api/v1/cases/{id}/publish");
        Assert.Equal(HttpStatusCode.OK, published);
        Assert.Equal("Published", publishedCase.Str("status"));
        Assert.Equal(HttpStatusCode.Conflict, (await moderator.SendAsync(HttpMethod.Post, $"/api/v1/cases/{id}/publish")).Status);

        var seen = await supplier.Http.GetJsonAsync($"/api/v1/cases/{id}");
        Assert.Equal(title, seen.Str("title"));
        Assert.Equal(2, seen.GetProperty("indicators").GetArrayLength());
        Assert.Equal("refurbished", seen.GetProperty("indicators")[0].Str("name"));
        Assert.Equal(1002, seen.GetProperty("indicators")[0].GetProperty("realised").GetDouble());
        Assert.Equal("1,002 desks refurbished, −38 t CO2e emissions", seen.Str("headline"));
        Assert.Empty(seen.GetProperty("history").EnumerateArray()); // the review's back-and-forth is the owner's and the moderators'
        var history = (await owner.Http.GetJsonAsync($"/api/v1/cases/{id}")).GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["Draft>Submitted", "Submitted>ChangesRequested", "ChangesRequested>Submitted", "Submitted>Published"],
            history.Select(h => $"{h.Str("from")}>{h.Str("to")}"));
        Assert.Equal("Method added in the lessons.", history[2].Str("comment"));
        Assert.Equal(moderator.DisplayName, history[3].Str("actorName"));

        var found = await supplier.Http.GetJsonAsync($"/api/v1/cases?q={Uri.EscapeDataString("GHG protocol")}");
        Assert.Contains(found.GetProperty("items").EnumerateArray(), c => c.Id() == id);
    }

    [Fact]
    public async Task A_rejected_case_shows_its_reason_to_the_owner_only()
    {
        using var owner = await App.JoinAsAsync(Persona.Facilitator);
        using var other = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var id = await owner.ProposeAsync(Body());
        await owner.SendAsync(HttpMethod.Post, $"/api/v1/cases/{id}/submit");
        var (noReason, problem) = await moderator.SendAsync(HttpMethod.Post, $"/api/v1/cases/{id}/reject", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noReason);
        Assert.Contains("reason", problem.ErrorFields());
        Assert.Equal(HttpStatusCode.OK, (await moderator.SendAsync(HttpMethod.Post, $"/api/v1/cases/{id}/reject", new { reason = "This is a product brochure, not a purchase." })).Status);
        var seen = await owner.Http.GetJsonAsync($"/api/v1/cases/{id}");
        Assert.Equal("Rejected", seen.Str("status"));
        Assert.Equal("This is a product brochure, not a purchase.", seen.Str("reviewComment"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Get, $"/api/v1/cases/{id}")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.SendAsync(HttpMethod.Put, $"/api/v1/cases/{id}", Body())).Status);
    }

    public static TheoryData<string, object?, string> BadValues => new()
    {
        { "a contract value of -5", new { contractValue = new { amount = -5, currency = "EUR" } }, "contractValue.amount" },
        { "an indicator of 1e300", new { indicators = new[] { new { goal = "C", name = "CO2e", unit = "t", baseline = 1e300 } } }, "indicators[0].baseline" },
        { "a percentage of 250", new { indicators = new[] { new { goal = "D", name = "refurbished share", unit = "%", contracted = 250.0 } } }, "indicators[0].contracted" },
        { "realised values without a contract", new { contractValue = (object?)null, indicators = new[] { new { goal = "C", name = "CO2e", unit = "t", realised = 10.0 } } }, "indicators[0].realised" },
        { "an unknown currency", new { contractValue = new { amount = 1000, currency = "XYZ" } }, "contractValue.currency" },
        { "a goal outside A to E", new { goals = new[] { "F" } }, "goals" },
        { "an indicator for a goal not chosen", new { goals = new[] { "A" }, indicators = new[] { new { goal = "C", name = "CO2e", unit = "t" } } }, "indicators[0].goal" },
        { "an unknown contract model", new { contractModel = "Gift" }, "contractModel" },
        { "award weights over 100%", new { criteria = new[] { new { kind = "Award", text = "Price", weight = 70 }, new { kind = "Award", text = "Circularity", weight = 40 } } }, "criteria" },
        { "a weight on a selection criterion", new { criteria = new[] { new { kind = "Selection", text = "ISO 14001", weight = 10 } } }, "criteria[0].weight" },
        { "an empty title", new { title = "   " }, "title" },
        { "a right-to-left override in the title", new { title = "Desks \u202Egnp.exe" }, "title" },
        { "a zero-width space in the lessons", new { lessons = "Start\u200B early" }, "lessons" },
        { "an oversized summary", new { summary = new string('a', 1_001) }, "summary" },
        { "an unknown country", new { country = "XX" }, "country" },
        { "an unknown product group", new { productGroup = "spaceships" }, "productGroup" },
        { "a duration of 0 months", new { durationMonths = 0 }, "durationMonths" },
        { "a | in an indicator name", new { indicators = new[] { new { goal = "C", name = "CO2 | scope 3", unit = "t" } } }, "indicators[0].name" },
        { "a null criterion", new { criteria = new object?[] { null } }, "criteria[0]" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_case_with_bad_values_is_refused_with_the_field_named_and_nothing_stored(string why, object? change, string field)
    {
        using var owner = await App.JoinAsAsync(Persona.Buyer);
        var body = Body();
        foreach (var property in JsonSerializer.SerializeToElement(change).EnumerateObject())
        {
            body[property.Name] = property.Value.ValueKind == JsonValueKind.Null ? null : property.Value;
        }
        var (status, problem) = await owner.SendAsync(HttpMethod.Post, "/api/v1/cases", body);
        Assert.True(status == HttpStatusCode.BadRequest, $"{why}: expected 400, got {(int)status}");
        Assert.Contains(field, problem.ErrorFields());
        var desk = await owner.Http.GetJsonAsync("/api/v1/me/cases");
        Assert.Empty(desk.GetProperty("mine").EnumerateArray());
    }

    [Fact]
    public async Task An_edit_from_an_older_version_is_refused_instead_of_overwriting_a_newer_one()
    {
        using var owner = await App.JoinAsAsync(Persona.Buyer);
        var id = await owner.ProposeAsync(Body());
        var version = (await owner.Http.GetJsonAsync($"/api/v1/cases/{id}")).GetProperty("version").GetInt32();
        var first = Body(lessons: "Tab one.");
        first["version"] = version;
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Put, $"/api/v1/cases/{id}", first)).Status);
        var second = Body(lessons: "Tab two, opened before tab one saved.");
        second["version"] = version;
        Assert.Equal(HttpStatusCode.Conflict, (await owner.SendAsync(HttpMethod.Put, $"/api/v1/cases/{id}", second)).Status);
        Assert.Equal("Tab one.", (await owner.Http.GetJsonAsync($"/api/v1/cases/{id}")).Str("lessons"));
    }

    [Fact]
    public async Task Malformed_and_hostile_requests_get_clear_errors()
    {
        using var owner = await App.JoinAsAsync(Persona.Buyer);
        using var content = new StringContent("{\"title\": \"x\", \"indicators\": \"lots\"}", System.Text.Encoding.UTF8, "application/json");
        using var malformed = await owner.Http.PostAsync("/api/v1/cases", content);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.SendAsync(HttpMethod.Get, "/api/v1/cases?sort=cheapest")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.SendAsync(HttpMethod.Get, "/api/v1/cases?goal=Z")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.SendAsync(HttpMethod.Get, "/api/v1/cases?q=" + new string('x', 201))).Status);
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Get, "/api/v1/cases?q=%22%20OR%20title%3A*%20NEAR(")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.SendAsync(HttpMethod.Get, "/api/v1/cases/999999999")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Anonymous().GetAsync("/api/v1/cases")).StatusCode);
    }
}
