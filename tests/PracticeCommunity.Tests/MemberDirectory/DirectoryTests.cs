using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.MemberDirectory;

/// <summary>Issue 8, the member directory and profiles over the API and as pages: who is here, and never buyers-only words to a supplier.</summary>
public sealed class DirectoryTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private static async Task<JsonElement> ListAsync(CommunityMember member, string query = "") =>
        await member.Http.GetJsonAsync("/api/v1/members" + query);

    [Fact]
    public async Task The_directory_lists_members_by_name_organisation_role_and_group_and_never_an_email_address()
    {
        var tag = Unique.Name("Dir").Replace(" ", "");
        using var buyer = await App.JoinAsAsync(Persona.Buyer, $"Anna {tag}", $"Stad {tag}");
        using var pending = await App.JoinAsAsync(Persona.PendingBuyer, $"Piet {tag}");
        using var supplier = await App.JoinAsAsync(Persona.Supplier, $"Sara {tag}", $"Desks {tag} NV");

        var all = await ListAsync(supplier, $"?q={tag}");
        Assert.Equal(3, all.GetProperty("totalCount").GetInt32());
        var items = all.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([$"Anna {tag}", $"Piet {tag}", $"Sara {tag}"], items.Select(i => i.Str("displayName")));
        Assert.Equal(["Buyer", "PendingBuyer", "Supplier"], items.Select(i => i.Str("roleLabel")));
        Assert.Equal($"Desks {tag} NV", items[2].Str("organisation"));
        var raw = all.GetRawText();
        foreach (var email in new[] { buyer.Email, pending.Email, supplier.Email }) Assert.DoesNotContain(email.Split('@')[0], raw);
        Assert.DoesNotContain("\"email\"", raw, StringComparison.OrdinalIgnoreCase);

        // By organisation, by role (a pending buyer is not yet a Buyer) and by product group.
        Assert.Equal([$"Sara {tag}"], (await ListAsync(buyer, $"?q=desks%20{tag}")).GetProperty("items").EnumerateArray().Select(i => i.Str("displayName")));
        Assert.Equal([$"Anna {tag}"], (await ListAsync(buyer, $"?q={tag}&role=buyer")).GetProperty("items").EnumerateArray().Select(i => i.Str("displayName")));
        Assert.Equal(3, (await ListAsync(buyer, $"?q={tag}&productGroup=ict")).GetProperty("totalCount").GetInt32());
        Assert.Equal(0, (await ListAsync(buyer, $"?q={tag}&productGroup=textiles")).GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task A_profile_shows_a_supplier_only_what_they_may_see_and_a_buyer_everything()
    {
        using var author = await App.JoinAsAsync(Persona.Buyer);
        using var colleague = await App.JoinAsAsync(Persona.Buyer);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var (open, _) = await author.StartThreadAsync(OpenRoom, "Leasing laptops for schools", "Who leased laptops?");
        var (secret, _) = await author.StartThreadAsync(BuyersOnlyRoom, "Our internal budget for laptops", "Budget is 40k.");
        await author.ReplyAsync(secret, "A buyers-only reply about the budget.");
        var hidden = await author.ReplyAsync(open, "An advert that a moderator hides.");
        using (var hide = await moderator.Http.PostAsJsonAsync($"/api/v1/threads/{open}/posts/{hidden.Id()}/hide", new { reason = "An advert." }))
            Assert.Equal(HttpStatusCode.NoContent, hide.StatusCode);

        var toSupplier = await supplier.Http.GetJsonAsync($"/api/v1/members/{author.Id}");
        Assert.Equal(author.DisplayName, toSupplier.GetProperty("member").Str("displayName"));
        Assert.Equal(author.Organisation, toSupplier.GetProperty("member").Str("organisation"));
        Assert.Equal((1, 0), (toSupplier.GetProperty("threadsStarted").GetInt32(), toSupplier.GetProperty("replies").GetInt32()));
        Assert.Equal([open], toSupplier.GetProperty("recentPosts").EnumerateArray().Select(p => p.GetProperty("threadId").GetInt64()));
        Assert.DoesNotContain("budget", toSupplier.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("advert", toSupplier.GetRawText(), StringComparison.OrdinalIgnoreCase);

        var toBuyer = await colleague.Http.GetJsonAsync($"/api/v1/members/{author.Id}");
        Assert.Equal((2, 1), (toBuyer.GetProperty("threadsStarted").GetInt32(), toBuyer.GetProperty("replies").GetInt32()));
        Assert.Equal([secret, secret, open], toBuyer.GetProperty("recentPosts").EnumerateArray().Select(p => p.GetProperty("threadId").GetInt64()));

        // The page says the same: the supplier's copy names no buyers-only thread.
        var page = await (await supplier.Http.GetAsync($"/members/{author.Id}")).Content.ReadAsStringAsync();
        Assert.Contains("Leasing laptops for schools", page);
        Assert.DoesNotContain("internal budget", page);
        Assert.DoesNotContain(author.Email, page);
        var buyersPage = await (await colleague.Http.GetAsync($"/members/{author.Id}")).Content.ReadAsStringAsync();
        Assert.Contains("Our internal budget for laptops", buyersPage);
    }

    [Fact]
    public async Task Unknown_members_and_staff_without_a_profile_are_not_found_and_visitors_must_sign_in()
    {
        using var member = await App.JoinAsAsync(Persona.Supplier);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);

        foreach (var id in new[] { "no-such-member", moderator.Id, new string('x', 500), "..%2F..%2Fapi" })
        {
            using var response = await member.Http.GetAsync($"/api/v1/members/{id}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{id}: {(int)response.StatusCode}");
        }
        using var page = await member.Http.GetAsync("/members/no-such-member");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);

        using var anonymous = App.Anonymous();
        using (var api = await anonymous.GetAsync("/api/v1/members")) Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        using (var profile = await anonymous.GetAsync($"/api/v1/members/{member.Id}")) Assert.Equal(HttpStatusCode.Unauthorized, profile.StatusCode);
        var html = await (await anonymous.GetAsync("/members")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"members-sign-in\"", html);
        Assert.DoesNotContain(member.DisplayName, html);
    }

    [Theory]
    [InlineData("q=" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "q")]
    [InlineData("q=Anna%E2%80%AE", "q")]
    [InlineData("role=Wizard", "role")]
    [InlineData("role=1", "role")]
    [InlineData("productGroup=%3Cscript%3E", "productGroup")]
    [InlineData("page=abc", "page")]
    public async Task Bad_filters_are_a_400_on_their_field(string query, string field)
    {
        using var member = await App.JoinAsAsync(Persona.Buyer);
        using var response = await member.Http.GetAsync("/api/v1/members?" + query);

        var problem = await Problem.ReadAsync(response);
        problem.AssertIsBadRequestProblem();
        Assert.Equal([field], problem.Errors.Keys);
        Assert.DoesNotContain("<script>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_directory_page_lists_cards_linking_to_profiles_and_shows_filter_errors_in_place()
    {
        var tag = Unique.Name("Page").Replace(" ", "");
        using var buyer = await App.JoinAsAsync(Persona.Buyer, $"Bram {tag}");
        using var supplier = await App.JoinAsAsync(Persona.Supplier, $"Saar {tag}");

        var html = await (await supplier.Http.GetAsync($"/members?q={tag}")).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/members/{buyer.Id}\"", html);
        Assert.Contains("2 members", html);
        var bad = await (await supplier.Http.GetAsync("/members?role=Wizard")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"error-role\"", bad);
    }
}
