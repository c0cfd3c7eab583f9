using System.Net;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Testing.CaseSteps;
using static PracticeCommunity.Tests.Cases.CaseTestKit;

namespace PracticeCommunity.Tests.Cases;

/// <summary>A practice spreading: replications pre-filled from the case, tracked, published back, and summed in the results.</summary>
public sealed class ReplicationTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Fact]
    public async Task A_buyer_replicates_a_case_finishes_it_publishes_it_and_the_original_shows_the_lineage_and_both_results()
    {
        using var owner = await App.JoinAsAsync(Persona.Buyer, organisation: Unique.Name("Stad Gent"));
        using var copier = await App.JoinAsAsync(Persona.Buyer, organisation: Unique.Name("Stad Leuven"));
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var original = await owner.PublishedCaseAsync(moderator);

        // Suppliers do not replicate; the owner cannot replicate their own case; a buyer does, once.
        Assert.Equal(HttpStatusCode.Forbidden, (await supplier.SendAsync(HttpMethod.Post, $"/api/v1/cases/{original}/replications")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.SendAsync(HttpMethod.Post, $"/api/v1/cases/{original}/replications")).Status);
        var (status, replication) = await copier.SendAsync(HttpMethod.Post, $"/api/v1/cases/{original}/replications");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("Interested", replication.Str("status"));
        Assert.Equal(["C", "D"], replication.GetProperty("goals").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(["refurbished", "emissions"], replication.GetProperty("indicators").EnumerateArray().Select(i => i.Str("name")));
        Assert.All(replication.GetProperty("indicators").EnumerateArray(), i => Assert.Equal(System.Text.Json.JsonValueKind.Null, i.GetProperty("realised").ValueKind));
        Assert.Equal(2, replication.GetProperty("criteria").GetArrayLength());
        Assert.Equal(HttpStatusCode.Conflict, (await copier.SendAsync(HttpMethod.Post, $"/api/v1/cases/{original}/replications")).Status);
        var replicationId = replication.Id();
        var ownerNotes = await owner.NotificationsAsync();
        Assert.Contains(ownerNotes.GetProperty("items").EnumerateArray(), n => n.Str("kind") == "CaseReplicated");

        // Realised values come once the contract runs; only its buyer updates it; unknown statuses are refused.
        object Values(string state, double? realised) => new
        {
            status = state, notes = "We bought 400 refurbished desks.",
            indicators = new object[]
            {
                new { goal = "D", name = "refurbished", unit = "desks", baseline = 0, contracted = 350, realised },
                new { goal = "C", name = "emissions", unit = "t CO2e", baseline = 50, contracted = 40, realised = realised is null ? (double?)null : 31 },
            },
        };
        var (early, earlyProblem) = await copier.SendAsync(HttpMethod.Put, $"/api/v1/replications/{replicationId}", Values("Planning", 400));
        Assert.Equal(HttpStatusCode.BadRequest, early);
        Assert.Contains("indicators", earlyProblem.ErrorFields());
        Assert.Equal(HttpStatusCode.BadRequest, (await copier.SendAsync(HttpMethod.Put, $"/api/v1/replications/{replicationId}", Values("Finished", null))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.SendAsync(HttpMethod.Put, $"/api/v1/replications/{replicationId}", Values("Planning", null))).Status);
        Assert.Equal(HttpStatusCode.OK, (await copier.SendAsync(HttpMethod.Put, $"/api/v1/replications/{replicationId}", Values("Tendering", null))).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await copier.SendAsync(HttpMethod.Post, $"/api/v1/replications/{replicationId}/publish", new { })).Status);
        var (done, doneBody) = await copier.SendAsync(HttpMethod.Put, $"/api/v1/replications/{replicationId}", Values("Done", 400));
        Assert.Equal(HttpStatusCode.OK, done);
        Assert.Equal("Done", doneBody.Str("status"));

        // The buyer's working notes stay theirs; the lineage and the numbers are everyone's.
        Assert.Equal("", (await supplier.Http.GetJsonAsync($"/api/v1/replications/{replicationId}")).Str("notes"));
        Assert.Equal("We bought 400 refurbished desks.", (await copier.Http.GetJsonAsync($"/api/v1/replications/{replicationId}")).Str("notes"));

        // The original shows the lineage to everyone, with both sets of results.
        var seen = await supplier.Http.GetJsonAsync($"/api/v1/cases/{original}");
        var lineage = Assert.Single(seen.GetProperty("replications").EnumerateArray());
        Assert.Equal(copier.Organisation, lineage.Str("organisation"));
        Assert.Equal("Done", lineage.Str("status"));
        Assert.Equal(400, lineage.GetProperty("indicators")[0].GetProperty("realised").GetDouble());
        Assert.Equal(1002, seen.GetProperty("indicators")[0].GetProperty("realised").GetDouble());
        Assert.Equal(1, (await supplier.Http.GetJsonAsync($"/api/v1/cases?q={Uri.EscapeDataString(seen.Str("title"))}&sort=replicated"))
            .GetProperty("items")[0].GetProperty("replicationCount").GetInt32());

        // Published back: a new case for review that links to the original; it needs a contract for its realised values.
        var (noContract, noContractProblem) = await copier.SendAsync(HttpMethod.Post, $"/api/v1/replications/{replicationId}/publish", new { lessons = "Ask for spare parts." });
        Assert.Equal(HttpStatusCode.BadRequest, noContract);
        Assert.Contains(noContractProblem.ErrorFields(), f => f.StartsWith("indicators", StringComparison.Ordinal));
        var (created, newCase) = await copier.SendAsync(HttpMethod.Post, $"/api/v1/replications/{replicationId}/publish",
            new { lessons = "Ask for spare parts.", contractValue = new { amount = 120000, currency = "EUR" } });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("Submitted", newCase.Str("status"));
        var newId = newCase.Id();
        // Until the moderators publish it, others do not learn that the new case exists.
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await supplier.Http.GetJsonAsync($"/api/v1/cases/{original}")).GetProperty("replications")[0].GetProperty("publishedCaseId").ValueKind);
        Assert.Equal(HttpStatusCode.Conflict, (await copier.SendAsync(HttpMethod.Post, $"/api/v1/replications/{replicationId}/publish", new { })).Status);
        Assert.Equal(HttpStatusCode.OK, (await moderator.SendAsync(HttpMethod.Post, $"/api/v1/cases/{newId}/publish")).Status);
        var child = await supplier.Http.GetJsonAsync($"/api/v1/cases/{newId}");
        Assert.Equal(original, child.GetProperty("replicatedFrom").Id());
        Assert.Equal(copier.Organisation, child.Str("organisation"));
        Assert.Equal(newId, (await supplier.Http.GetJsonAsync($"/api/v1/cases/{original}")).GetProperty("replications")[0].GetProperty("publishedCaseId").GetInt64());
    }

    [Fact]
    public async Task Network_results_add_up_realised_figures_of_published_cases_and_finished_replications_with_the_pilots_behind_them()
    {
        using var owner = await App.JoinAsAsync(Persona.Buyer);
        using var copier = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var name = Unique.Name("kg textiles reused").ToLowerInvariant();
        object[] Indicators(double realised) => [new { goal = "B", name, unit = "kg", baseline = 0, contracted = 100, realised }];
        var first = await owner.PublishedCaseAsync(moderator, Body(productGroup: "textiles", goals: ["B"], indicators: Indicators(300)));
        await owner.PublishedCaseAsync(moderator, Body(productGroup: "textiles", goals: ["B"], indicators: Indicators(200)));
        // A draft counts for nothing.
        await owner.ProposeAsync(Body(productGroup: "textiles", goals: ["B"], indicators: Indicators(5000)));
        var (_, replication) = await copier.SendAsync(HttpMethod.Post, $"/api/v1/cases/{first}/replications");
        await copier.SendAsync(HttpMethod.Put, $"/api/v1/replications/{replication.Id()}",
            new { status = "Done", indicators = new[] { new { goal = "B", name, unit = "kg", baseline = 0.0, contracted = 50.0, realised = 70.5 } } });

        var results = await owner.Http.GetJsonAsync("/api/v1/results?productGroup=textiles&goal=B");
        var figure = Assert.Single(results.GetProperty("figures").EnumerateArray(), f => f.Str("name") == name);
        Assert.Equal(570.5, figure.GetProperty("realised").GetDouble());
        Assert.Equal(3, figure.GetProperty("pilots").GetInt32());
        Assert.Equal("kg", figure.Str("unit"));
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.SendAsync(HttpMethod.Get, "/api/v1/results?goal=Q")).Status);
        var other = await owner.Http.GetJsonAsync("/api/v1/results?productGroup=ict");
        Assert.DoesNotContain(other.GetProperty("figures").EnumerateArray(), f => f.Str("name") == name);
    }
}
