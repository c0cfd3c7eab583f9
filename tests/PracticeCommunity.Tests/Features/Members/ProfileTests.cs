using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Features.Members;

/// <summary>PUT /api/v1/me/profile: a complete profile is stored; bad input gets a clear message per field and stores nothing.</summary>
public sealed class ProfileTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Fact]
    public async Task A_complete_profile_is_stored_and_shown_by_GET_me()
    {
        var email = Unique.Email("complete");
        using var member = await App.RegisterConfirmedMemberAsync(email);
        var organisation = Unique.Name("Stad Leuven");

        using var put = await member.PutProfileAsync(CommunitySteps.Profile("Buyer", "PublicBuyer", organisation,
            displayName: "Lena Léonard", timeZone: "Europe/Brussels", country: "be", productGroups: ["ict", "textiles"]));
        await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, "PUT profile");

        var me = await member.GetMeAsync();
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal("Lena Léonard", me.GetProperty("displayName").GetString());
        Assert.Equal("Europe/Brussels", me.GetProperty("timeZone").GetString());
        Assert.Equal("Buyer", me.GetProperty("role").GetString());
        Assert.Equal("Pending", me.GetProperty("roleStatus").GetString());
        Assert.Equal(["ict", "textiles"], me.GetProperty("productGroups").EnumerateArray().Select(g => g.GetString()!).Order().ToArray());
        Assert.True(me.GetProperty("profileComplete").GetBoolean());
        var org = me.GetProperty("organisation");
        Assert.Equal(organisation, org.GetProperty("name").GetString());
        Assert.Equal("PublicBuyer", org.GetProperty("type").GetString());
        Assert.Equal("BE", org.GetProperty("country").GetString());
    }

    [Fact]
    public async Task A_second_member_joins_an_existing_organisation_by_id()
    {
        var organisation = Unique.Name("Circular Chairs");
        using var first = await App.MemberWithProfileAsync(Unique.Email("first"), CommunitySteps.Profile("Supplier", "Supplier", organisation));
        var orgId = (await first.GetMeAsync()).GetProperty("organisation").GetProperty("id").GetInt32();

        using var second = await App.RegisterConfirmedMemberAsync(Unique.Email("second"));
        using var put = await second.PutProfileAsync(new
        {
            displayName = "Second Supplier",
            timeZone = "Europe/Paris",
            organisation = new { id = orgId },
            role = "Supplier",
            productGroups = Array.Empty<string>(),
        });
        await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, "joining an existing organisation");

        Assert.Equal(orgId, (await second.GetMeAsync()).GetProperty("organisation").GetProperty("id").GetInt32());
        Assert.Single(await FindOrganisationsAsync(second, organisation));
    }

    public static TheoryData<string> BadProfiles => new()
    {
        "10,000-character display name",
        "markup in the organisation name",
        "unknown role",
        "unknown time zone",
        "supplier in a public-buyer organisation",
        "buyer in a supplier organisation",
        "unknown organisation type",
        "unknown country",
        "unknown product group",
        "missing organisation",
    };

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public async Task Bad_input_gets_400_naming_the_field_and_stores_nothing(string @case)
    {
        var (member, before) = await MemberWithValidProfileAsync();
        using var _ = member;
        var badOrganisation = Unique.Name("Half Stored");
        var (body, field, message) = @case switch
        {
            "10,000-character display name" => (Body(displayName: new string('x', 10_000), organisation: badOrganisation), "displayName", "at most 100"),
            "markup in the organisation name" => (Body(organisation: badOrganisation + " <script>alert(1)</script>"), "organisation.name", "markup"),
            "unknown role" => (Body(role: "Overlord", organisation: badOrganisation), "role", "Buyer, Supplier or Facilitator"),
            "unknown time zone" => (Body(timeZone: "Mars/Olympus_Mons", organisation: badOrganisation), "timeZone", "time zone"),
            "supplier in a public-buyer organisation" => (Body(role: "Supplier", organisationType: "PublicBuyer", organisation: badOrganisation), "role", "supplier organisation"),
            "buyer in a supplier organisation" => (Body(role: "Buyer", organisationType: "Supplier", organisation: badOrganisation), "role", "public-buyer organisation"),
            "unknown organisation type" => (Body(organisationType: "Cartel", organisation: badOrganisation), "organisation.type", "organisation type"),
            "unknown country" => (Body(country: "XX", organisation: badOrganisation), "organisation.country", "country"),
            "unknown product group" => (Body(productGroups: ["ict", "weapons"], organisation: badOrganisation), "productGroups", "product group"),
            "missing organisation" => (new { displayName = "No Org", timeZone = "Europe/Brussels", role = "Buyer", productGroups = new[] { "ict" } }, "organisation", "organisation"),
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };

        using var response = await member.PutProfileAsync(body);

        var problem = await Problem.ReadAsync(response);
        problem.AssertIsBadRequestProblem();
        Assert.True(problem.Errors.ContainsKey(field), $"errors should name '{field}': {problem.Body}");
        Assert.Contains(message, string.Join(" ", problem.Errors[field]), StringComparison.OrdinalIgnoreCase);
        await AssertNothingStoredAsync(member, before, badOrganisation);
    }

    [Theory]
    [InlineData("{\"displayName\": \"Broken\", \"timeZone\": ")]
    [InlineData("{\"displayName\": 42, \"role\": \"Buyer\"}")]
    [InlineData("not json at all")]
    public async Task Malformed_JSON_gets_a_400_problem_and_stores_nothing(string json)
    {
        var (member, before) = await MemberWithValidProfileAsync();
        using var _ = member;

        using var response = await member.PutAsync("/api/v1/me/profile", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await Problem.ReadAsync(response);
        problem.AssertIsBadRequestProblem();
        Assert.Contains("JSON", problem.AllMessages, StringComparison.Ordinal);
        Assert.DoesNotContain("Broken", problem.Body.ToString(), StringComparison.Ordinal); // the request is not echoed back
        await AssertNothingStoredAsync(member, before, "Broken");
    }

    [Fact]
    public async Task A_field_of_the_wrong_JSON_type_is_named_in_errors()
    {
        var (member, before) = await MemberWithValidProfileAsync();
        using var _ = member;

        using var response = await member.PutAsync("/api/v1/me/profile",
            new StringContent("{\"displayName\": 42, \"timeZone\": \"Europe/Brussels\", \"role\": \"Buyer\"}", Encoding.UTF8, "application/json"));

        var problem = await Problem.ReadAsync(response);
        problem.AssertIsBadRequestProblem();
        // Contract: 400 is problem details with `errors` per field; the field may be given as a JSON path ($.displayName).
        Assert.True(problem.Errors.Keys.Any(k => k.Contains("displayName", StringComparison.OrdinalIgnoreCase)),
            $"errors should name displayName: {problem.Body}");
        await AssertNothingStoredAsync(member, before, "Broken");
    }

    [Fact]
    public async Task A_profile_with_several_errors_names_each_field_and_stores_nothing()
    {
        var (member, before) = await MemberWithValidProfileAsync();
        using var _ = member;
        var badOrganisation = Unique.Name("Many Errors");

        using var response = await member.PutProfileAsync(Body(displayName: "", timeZone: "Nowhere/Town", role: "King", organisation: badOrganisation, country: "ZZ"));

        var problem = await Problem.ReadAsync(response);
        problem.AssertIsBadRequestProblem();
        Assert.Superset(new HashSet<string> { "displayName", "timeZone", "role", "organisation.country" }, problem.Errors.Keys.ToHashSet());
        await AssertNothingStoredAsync(member, before, badOrganisation);
    }

    private static object Body(
        string? displayName = null,
        string timeZone = "Europe/Brussels",
        string role = "Buyer",
        string organisation = "Org",
        string organisationType = "PublicBuyer",
        string country = "BE",
        string[]? productGroups = null) =>
        CommunitySteps.Profile(role, organisationType, organisation, displayName, timeZone, country, productGroups);

    private async Task<(HttpClient Member, string MeBefore)> MemberWithValidProfileAsync()
    {
        var email = Unique.Email("editor");
        await App.CreateConfirmedAccountAsync(email);
        var member = await App.SignedInClientAsync(email);
        using var put = await member.PutProfileAsync(CommunitySteps.Profile("Buyer", "PublicBuyer", Unique.Name("Valid Org"), Unique.Name("Before Edit")));
        await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, "storing the valid profile");
        return (member, (await member.GetMeAsync()).GetRawText());
    }

    private static async Task AssertNothingStoredAsync(HttpClient member, string meBefore, string badOrganisationName)
    {
        Assert.Equal(meBefore, (await member.GetMeAsync()).GetRawText());
        Assert.Empty(await FindOrganisationsAsync(member, badOrganisationName));
    }

    private static async Task<IReadOnlyList<JsonElement>> FindOrganisationsAsync(HttpClient client, string name) =>
        (await client.GetJsonAsync($"/api/v1/organisations?q={Uri.EscapeDataString(name)}")).EnumerateArray().ToList();
}
