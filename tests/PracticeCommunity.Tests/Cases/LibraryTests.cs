using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Testing.CaseSteps;
using static PracticeCommunity.Tests.Cases.CaseTestKit;

namespace PracticeCommunity.Tests.Cases;

/// <summary>The library: filters and sorts, CSV both ways, cited threads kept to their audience, and asking the case owner.</summary>
public sealed class LibraryTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private static async Task<IReadOnlyList<long>> IdsAsync(CommunityMember member, string query) =>
        (await member.Http.GetJsonAsync("/api/v1/cases?" + query)).GetProperty("items").EnumerateArray().Select(c => c.Id()).ToList();

    [Fact]
    public async Task Filters_and_sorts_narrow_the_library()
    {
        using var owner = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var word = "zq" + Guid.NewGuid().ToString("N")[..8];
        var lease = await owner.PublishedCaseAsync(moderator, Body(contractModel: "Lease", country: "NL", productGroup: "ict", lessons: $"{word} lease laptops", goals: ["C"],
            indicators: [new { goal = "C", name = "laptops in use", unit = "laptops", contracted = 300.0 }]));
        var buyBack = await owner.PublishedCaseAsync(moderator, Body(contractModel: "BuyBack", country: "BE", productGroup: "ict", lessons: $"{word} buy back phones"));
        await owner.ProposeAsync(Body(lessons: $"{word} a draft"));

        Assert.Equal([buyBack, lease], await IdsAsync(owner, $"q={word}&sort=newest"));
        Assert.Equal([lease], await IdsAsync(owner, $"q={word}&contractModel=Lease"));
        Assert.Equal([buyBack], await IdsAsync(owner, $"q={word}&country=be"));
        Assert.Equal([buyBack], await IdsAsync(owner, $"q={word}&goal=d"));
        Assert.Equal([buyBack], await IdsAsync(owner, $"q={word}&hasResults=true"));
        Assert.Equal([lease, buyBack], (await IdsAsync(owner, $"q={word}&frameworkStep=end-of-use&organisationType=PublicBuyer")).Order().ToList());
        Assert.Empty(await IdsAsync(owner, $"q={word}&productGroup=textiles"));
        Assert.Equal([buyBack], await IdsAsync(owner, $"q={word}%20phones"));
        var card = (await owner.Http.GetJsonAsync($"/api/v1/cases?q={word}&contractModel=Lease")).GetProperty("items")[0];
        Assert.Equal("300 laptops laptops in use", card.Str("headline"));
        Assert.False(card.GetProperty("hasRealisedResults").GetBoolean());

        // Most replicated first.
        using var copier = await App.JoinAsAsync(Persona.Buyer);
        await copier.SendAsync(HttpMethod.Post, $"/api/v1/cases/{lease}/replications");
        Assert.Equal([lease, buyBack], await IdsAsync(owner, $"q={word}&sort=replicated"));
    }

    [Fact]
    public async Task The_csv_export_holds_the_filtered_library_with_formula_cells_neutralised_and_imports_back()
    {
        using var owner = await App.JoinAsAsync(Persona.Buyer);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var word = "csv" + Guid.NewGuid().ToString("N")[..8];
        var hostile = await owner.PublishedCaseAsync(moderator, Body(title: "=HYPERLINK(\"http://evil.example\",\"click\")", lessons: $"{word} +cmd|' /C calc'!A0",
            summary: "@SUM(1+1)"));
        await owner.ProposeAsync(Body(title: $"Draft {word}", lessons: word));

        using var response = await supplier.Http.GetAsync($"/api/v1/cases.csv?q={word}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        var lines = csv.TrimStart('\uFEFF').Split('\n');
        Assert.StartsWith("id,title,summary,organisation", lines[0]);
        Assert.Contains("'=HYPERLINK", csv);
        Assert.Contains("'@SUM(1+1)", csv);
        Assert.DoesNotContain(",=HYPERLINK", csv);
        Assert.DoesNotContain($"Draft {word}", csv);
        Assert.Contains($"/cases/{hostile}", csv);

        // The same file imports back (as new cases) once its id and title are made new; formula escapes are undone.
        var reimport = csv.Replace("'=HYPERLINK(", "=HYPERLINK(Copy ");
        var (imported, report) = await ImportAsync(moderator, reimport);
        Assert.Equal(HttpStatusCode.OK, imported);
        Assert.True(report.GetProperty("imported").GetBoolean());
        var newId = report.GetProperty("createdIds")[0].GetInt64();
        var copy = await supplier.Http.GetJsonAsync($"/api/v1/cases/{newId}");
        Assert.StartsWith("=HYPERLINK(Copy", copy.Str("title"));
        Assert.Equal("@SUM(1+1)", copy.Str("summary"));
        Assert.Equal(2, copy.GetProperty("indicators").GetArrayLength());
        Assert.Equal(2, copy.GetProperty("criteria").GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, (await ImportAsync(supplier, reimport)).Status);
    }

    [Fact]
    public async Task A_partly_valid_or_malformed_csv_imports_nothing_and_says_which_rows_are_wrong()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var word = "imp" + Guid.NewGuid().ToString("N")[..8];
        const string Header = "title,summary,organisation,country,productGroup,contractModel,goals,need,approach,lessons,indicators";
        var good = $"Good {word},Fine,Stad Gent,BE,ict,Lease,C,Laptops,Open procedure,{word},\"C | laptops in use | laptops | 0 | 300 |\"";
        var bad = $"Bad {word},Fine,Stad Gent,XX,ict,Gift,F,Laptops,Open procedure,{word},\"C | laptops | % | 0 | 250 |\"";
        var (status, problem) = await ImportAsync(moderator, $"{Header}\n{good}\n{bad}\n");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var rows = problem.GetProperty("report").GetProperty("errors").EnumerateArray().ToList();
        Assert.All(rows, r => Assert.Equal(3, r.GetProperty("row").GetInt32()));
        Assert.Contains(rows, r => r.Str("field") == "country");
        Assert.Contains(rows, r => r.Str("field") == "contractModel");
        Assert.Contains(rows, r => r.Str("field") == "goals");
        Assert.Empty(await IdsAsync(moderator, $"q={word}"));

        var (malformed, _) = await ImportAsync(moderator, $"{Header}\n\"Unclosed {word},x,y\n");
        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        var (missing, missingProblem) = await ImportAsync(moderator, "title,summary\nA,B\n");
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Contains(missingProblem.GetProperty("report").GetProperty("errors").EnumerateArray(), e => e.Str("field") == "indicators");
        Assert.Equal(HttpStatusCode.BadRequest, (await ImportAsync(moderator, "")).Status);
        var latin1 = Encoding.Latin1.GetBytes($"{Header}\n{good.Replace("Stad Gent", "Liège")}\n");
        var (notUtf8, notUtf8Problem) = await ImportAsync(moderator, latin1);
        Assert.Equal(HttpStatusCode.BadRequest, notUtf8);
        Assert.Contains("UTF-8", notUtf8Problem.GetRawText());
        Assert.Empty(await IdsAsync(moderator, $"q={word}"));
    }

    private static Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> ImportAsync(CommunityMember member, string csv) =>
        ImportAsync(member, Encoding.UTF8.GetBytes(csv));

    private static async Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> ImportAsync(CommunityMember member, byte[] csv)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(csv);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "cases.csv");
        using var response = await member.Http.PostAsync("/api/v1/cases/import", form);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? System.Text.Json.JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    [Fact]
    public async Task A_case_citing_a_buyers_only_thread_never_shows_it_to_a_supplier()
    {
        using var owner = await App.JoinAsAsync(Persona.Buyer);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var secret = Unique.Name("Buyers only: our budget for desks");
        var (buyersThread, _) = await owner.StartThreadAsync(RoomsTestKit.BuyersOnlyRoom, title: secret);
        var (openThread, _) = await owner.StartThreadAsync(RoomsTestKit.OpenRoom, title: Unique.Name("Open thread"));
        var id = await owner.PublishedCaseAsync(moderator, Body(citedThreadIds: [buyersThread, openThread]));

        var asBuyer = await owner.Http.GetJsonAsync($"/api/v1/cases/{id}");
        Assert.Equal([buyersThread, openThread], asBuyer.GetProperty("citedThreads").EnumerateArray().Select(t => t.Id()));
        using var raw = await supplier.Http.GetAsync($"/api/v1/cases/{id}");
        var text = await raw.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain($"/threads/{buyersThread}", text);
        var asSupplier = await supplier.Http.GetJsonAsync($"/api/v1/cases/{id}");
        Assert.Equal([openThread], asSupplier.GetProperty("citedThreads").EnumerateArray().Select(t => t.Id()));
        using var csv = await supplier.Http.GetAsync($"/api/v1/cases.csv");
        Assert.DoesNotContain(secret, await csv.Content.ReadAsStringAsync());
        // The server-rendered page, too (the bearer token signs the page request in as the cookie does).
        using var page = await supplier.Http.GetAsync($"/cases/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain(System.Net.WebUtility.HtmlEncode(secret), html);
        Assert.DoesNotContain($"/threads/{buyersThread}\"", html);
        Assert.Contains($"/threads/{openThread}\"", html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(secret), await (await owner.Http.GetAsync($"/cases/{id}")).Content.ReadAsStringAsync());

        // A supplier cannot cite what they cannot read.
        var (status, problem) = await supplier.SendAsync(HttpMethod.Post, "/api/v1/cases", Body(citedThreadIds: [buyersThread]));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("citedThreadIds", problem.ErrorFields());
    }

    [Fact]
    public async Task A_draft_page_exists_only_for_its_author_and_moderators_and_visitors_are_sent_to_sign_in()
    {
        using var owner = await App.JoinAsAsync(Persona.Buyer);
        using var other = await App.JoinAsAsync(Persona.Buyer);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var title = Unique.Name("Draft page desks");
        var id = await owner.ProposeAsync(Body(title));
        foreach (var (member, expected) in new[] { (owner, HttpStatusCode.OK), (moderator, HttpStatusCode.OK), (other, HttpStatusCode.NotFound), (supplier, HttpStatusCode.NotFound) })
        {
            foreach (var path in new[] { $"/cases/{id}", $"/cases/{id}/edit?step=4" })
            {
                using var response = await member.Http.GetAsync(path);
                var html = await response.Content.ReadAsStringAsync();
                // The moderator reviews, the owner edits: the edit form is the owner's alone.
                var want = path.Contains("/edit") && member == moderator ? HttpStatusCode.OK : expected;
                Assert.True(response.StatusCode == want, $"{member} GET {path}: expected {(int)want}, got {(int)response.StatusCode}");
                if (expected == HttpStatusCode.NotFound) Assert.DoesNotContain(title, html);
            }
        }
        using var anonymous = App.Anonymous();
        foreach (var path in new[] { $"/cases/{id}", "/cases/new", "/results", "/cases/lessons/ict", "/replications/1" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"visitor GET {path}: {(int)response.StatusCode}");
            Assert.Contains("/Account/Login", response.Headers.Location?.ToString());
        }
    }

    [Fact]
    public async Task Asking_the_case_owner_opens_one_thread_for_the_case_and_the_owner_is_told()
    {
        using var owner = await App.JoinAsAsync(Persona.Buyer);
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var id = await owner.PublishedCaseAsync(moderator);

        Assert.Equal(HttpStatusCode.BadRequest, (await asker.SendAsync(HttpMethod.Post, $"/api/v1/cases/{id}/questions", new { question = " " })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.SendAsync(HttpMethod.Post, $"/api/v1/cases/{id}/questions", new { question = "Me?" })).Status);
        var (first, asked) = await asker.SendAsync(HttpMethod.Post, $"/api/v1/cases/{id}/questions", new { question = "How did you verify the refurbishment?" });
        Assert.Equal(HttpStatusCode.Created, first);
        Assert.True(asked.GetProperty("startedThread").GetBoolean());
        var threadId = asked.GetProperty("threadId").GetInt64();
        var (second, again) = await supplier.SendAsync(HttpMethod.Post, $"/api/v1/cases/{id}/questions", new { question = "Which spare parts did you ask for?", mentionsOwnOffering = false });
        Assert.Equal(HttpStatusCode.Created, second);
        Assert.Equal(threadId, again.GetProperty("threadId").GetInt64());
        Assert.False(again.GetProperty("startedThread").GetBoolean());

        var thread = await supplier.ThreadAsync(threadId);
        Assert.Equal(2, thread.Posts().Count);
        Assert.Contains($"/cases/{id}", thread.Posts()[0].Str("bodyHtml"));
        var notes = (await owner.NotificationsAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(notes, n => n.Str("kind") == "Mention" && n.GetProperty("threadId").GetInt64() == threadId);
        Assert.Equal(threadId, (await supplier.Http.GetJsonAsync($"/api/v1/cases/{id}")).GetProperty("discussion").Id());
    }

    [Fact]
    public async Task Each_product_group_gathers_the_lessons_of_its_published_cases()
    {
        using var owner = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var lesson = Unique.Name("Weigh the food waste before the tender");
        await owner.PublishedCaseAsync(moderator, Body(productGroup: "food-and-catering", lessons: lesson));
        await owner.ProposeAsync(Body(productGroup: "food-and-catering", lessons: "draft lesson " + lesson));
        var lessons = (await owner.Http.GetJsonAsync("/api/v1/product-groups/food-and-catering/lessons")).EnumerateArray().ToList();
        Assert.Single(lessons, l => l.Str("lessons").Contains(lesson, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.SendAsync(HttpMethod.Get, "/api/v1/product-groups/spaceships/lessons")).Status);
    }
}
