using System.Net;
using System.Net.Http.Json;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Search;

/// <summary>GET /api/v1/search: who finds what, and that the index follows every create, edit, delete and hide.</summary>
public sealed class SearchApiTests(SearchFixture cast) : IClassFixture<SearchFixture>
{
    [Fact]
    public async Task A_supplier_and_a_pending_buyer_never_find_buyers_only_threads_and_a_buyer_finds_both()
    {
        var word = SearchSteps.Word();
        var secret = $"Buyers-only budget talk {word}";
        var open = $"Open question on leasing {word}";
        await cast.Buyer.StartThreadAsync(cast.BuyersOnlyRoom, secret, $"Our internal budget for {word} is tight.");
        await cast.Buyer.StartThreadAsync(cast.OpenRoom, open, $"Who leases {word} furniture?");

        var asBuyer = await cast.Buyer.SearchAsync(word);
        Assert.Equal(2, asBuyer.TotalCount);
        Assert.Equal([secret, open], asBuyer.ThreadTitles.Order(StringComparer.Ordinal));
        Assert.Contains(asBuyer.Items, i => i.RoomTitle == cast.BuyersOnlyRoom.Title);

        foreach (var outsider in new[] { cast.Supplier, cast.PendingBuyer })
        {
            var seen = await outsider.SearchAsync(word);
            Assert.Equal(1, seen.TotalCount);
            Assert.Equal([open], seen.ThreadTitles);
            Assert.DoesNotContain(seen.Items, i => i.RoomId == cast.BuyersOnlyRoom.Id);

            // Words that only the buyers-only thread holds give nothing, not even a count.
            var onlySecret = await outsider.SearchAsync($"budget {word}");
            Assert.Equal(0, onlySecret.TotalCount);
            Assert.Empty(onlySecret.Items);

            // Naming the room does not open it: it is as missing as a room that does not exist.
            using var byRoom = await outsider.GetSearchAsync(word, roomId: cast.BuyersOnlyRoom.Slug);
            Assert.Equal(HttpStatusCode.NotFound, byRoom.StatusCode);
            var body = await byRoom.Content.ReadAsStringAsync();
            Assert.DoesNotContain(word, body);
            Assert.DoesNotContain(cast.BuyersOnlyRoom.Title, body);
        }
    }

    [Fact]
    public async Task Anonymous_callers_get_401()
    {
        using var anonymous = cast.App.Anonymous();
        using var response = await anonymous.GetSearchAsync("circular");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_hit_names_its_thread_post_room_and_author_and_marks_the_words_found()
    {
        var word = SearchSteps.Word();
        var thread = await cast.Buyer.StartThreadAsync(cast.OpenRoom, "Refurbished laptops for schools", $"We want to buy refurbished laptops {word} with a take-back clause.");
        var reply = await cast.Buyer.ReplyAsync(thread.ThreadId, $"Update: the {word} tender is out.");

        var found = await cast.Supplier.SearchAsync(word, threadId: thread.ThreadId);

        Assert.Equal(2, found.TotalCount);
        var hit = Assert.Single(found.Items, i => i.PostId == reply);
        Assert.Equal(thread.ThreadId, hit.ThreadId);
        Assert.Equal(cast.OpenRoom.Id, hit.RoomId);
        Assert.Equal(cast.OpenRoom.Title, hit.RoomTitle);
        Assert.Equal("Refurbished laptops for schools", hit.ThreadTitle);
        Assert.Equal("Bea Buyer", hit.AuthorDisplayName);
        Assert.Contains($"<mark>{word}</mark>", hit.Snippet);
        Assert.True(hit.CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Contains(found.Items, i => i.PostId == thread.OpeningPostId);
        Assert.True(found.Items[0].Rank <= found.Items[1].Rank, "hits come best first (lowest bm25)");
        Assert.All(found.Items, i => Assert.Equal(0, i.MoreInThread));
    }

    [Fact]
    public async Task Hits_are_grouped_by_thread_with_the_best_post_and_how_many_more_match_there()
    {
        var word = SearchSteps.Word();
        var busy = await cast.Buyer.StartThreadAsync(cast.OpenRoom, "Reuse of office furniture", $"Who has reused {word} chairs?");
        await cast.Buyer.ReplyAsync(busy.ThreadId, $"We did, {word} once.");
        var best = await cast.Buyer.ReplyAsync(busy.ThreadId, $"{word} {word} {word}: refurbished {word} chairs, {word} desks.");
        await cast.Buyer.ReplyAsync(busy.ThreadId, "A reply without the word.");
        var quiet = await cast.Buyer.StartThreadAsync(cast.OpenRoom, "Textile take-back", $"One mention of {word} in a long sentence about textiles and uniforms and take-back schemes.");

        var found = await cast.Supplier.SearchAsync(word);

        Assert.Equal(2, found.TotalCount);
        Assert.Equal([busy.ThreadId, quiet.ThreadId], found.Items.Select(i => i.ThreadId));
        Assert.Equal((best, 2), (found.Items[0].PostId, found.Items[0].MoreInThread));
        Assert.Equal((quiet.OpeningPostId, 0), (found.Items[1].PostId, found.Items[1].MoreInThread));

        // "3 matches in this thread" lists them all, best first, and nothing from other threads.
        var inside = await cast.Supplier.SearchAsync(word, threadId: busy.ThreadId);
        Assert.Equal(3, inside.TotalCount);
        Assert.Equal(best, inside.Items[0].PostId);
        Assert.All(inside.Items, i => Assert.Equal(busy.ThreadId, i.ThreadId));
    }

    [Fact]
    public async Task Searching_inside_a_buyers_only_thread_finds_nothing_for_a_supplier()
    {
        var word = SearchSteps.Word();
        var secret = await cast.Buyer.StartThreadAsync(cast.BuyersOnlyRoom, $"Budget {word}", $"Internal {word} figures.");

        Assert.Equal(1, (await cast.Buyer.SearchAsync(word, threadId: secret.ThreadId)).TotalCount);
        var seen = await cast.Supplier.SearchAsync(word, threadId: secret.ThreadId);
        Assert.Equal(0, seen.TotalCount);
        Assert.Empty(seen.Items);
    }

    [Fact]
    public async Task Thread_titles_are_searched_and_found_once_through_the_opening_post()
    {
        var word = SearchSteps.Word();
        var thread = await cast.Buyer.StartThreadAsync(cast.OpenRoom, $"Take-back clauses {word}", "Which clauses worked for you?");
        await cast.Buyer.ReplyAsync(thread.ThreadId, "We used a buy-back price fixed in the contract.");

        var found = await cast.Buyer.SearchAsync(word);

        var hit = Assert.Single(found.Items);
        Assert.Equal(thread.OpeningPostId, hit.PostId);
    }

    [Fact]
    public async Task An_edited_post_is_found_by_its_new_words_and_no_longer_by_its_old_ones()
    {
        var (before, after) = (SearchSteps.Word("old"), SearchSteps.Word("new"));
        var thread = await cast.Buyer.StartThreadAsync(cast.OpenRoom, "Edit me", $"First draft mentions {before}.");
        Assert.Equal(1, (await cast.Buyer.SearchAsync(before)).TotalCount);

        using var edit = await cast.Buyer.PutAsJsonAsync($"/api/v1/threads/{thread.ThreadId}/posts/{thread.OpeningPostId}", new { body = $"Second draft mentions {after}." });
        await CommunitySteps.EnsureAsync(edit, HttpStatusCode.OK, "editing the post");

        Assert.Equal(0, (await cast.Buyer.SearchAsync(before)).TotalCount);
        var found = await cast.Buyer.SearchAsync(after);
        Assert.Equal(thread.OpeningPostId, Assert.Single(found.Items).PostId);
    }

    [Fact]
    public async Task A_post_deleted_by_its_author_disappears_from_search()
    {
        var word = SearchSteps.Word();
        var thread = await cast.Buyer.StartThreadAsync(cast.OpenRoom, "Deleting a reply", "Opening words.");
        var reply = await cast.Buyer.ReplyAsync(thread.ThreadId, $"A reply with {word} that I regret.");
        Assert.Equal(1, (await cast.Supplier.SearchAsync(word)).TotalCount);

        using var delete = await cast.Buyer.DeleteAsync($"/api/v1/threads/{thread.ThreadId}/posts/{reply}");
        await CommunitySteps.EnsureAsync(delete, HttpStatusCode.NoContent, "deleting the reply");

        Assert.Equal(0, (await cast.Supplier.SearchAsync(word)).TotalCount);
        Assert.Equal(0, (await cast.Buyer.SearchAsync(word)).TotalCount);
    }

    [Fact]
    public async Task A_post_hidden_by_a_moderator_disappears_from_search_for_everyone()
    {
        var word = SearchSteps.Word();
        var thread = await cast.Buyer.StartThreadAsync(cast.OpenRoom, "Hiding a reply", "Opening words.");
        var reply = await cast.Buyer.ReplyAsync(thread.ThreadId, $"Off-topic advert {word}.");
        Assert.Equal(1, (await cast.Buyer.SearchAsync(word)).TotalCount);

        using var hide = await cast.Moderator.PostAsJsonAsync($"/api/v1/threads/{thread.ThreadId}/posts/{reply}/hide", new { reason = "An advert." });
        await CommunitySteps.EnsureAsync(hide, HttpStatusCode.NoContent, "hiding the reply");

        Assert.Equal(0, (await cast.Buyer.SearchAsync(word)).TotalCount);
        Assert.Equal(0, (await cast.Moderator.SearchAsync(word)).TotalCount);
    }

    [Theory]
    [InlineData("reemploi")]
    [InlineData("REEMPLOI")]
    [InlineData("réemploi")]
    [InlineData("Réemp")]
    public async Task Diacritics_do_not_matter(string typed)
    {
        var word = SearchSteps.Word();
        await cast.Buyer.StartThreadAsync(cast.OpenRoom, "Meubles", $"Le réemploi des meubles {word} à Gent.");

        var found = await cast.Buyer.SearchAsync($"{word} {typed}");

        Assert.Equal(1, found.TotalCount);
        Assert.Contains("<mark>réemploi</mark>", Assert.Single(found.Items).Snippet);
    }

    [Fact]
    public async Task The_last_word_also_matches_as_a_prefix()
    {
        var word = SearchSteps.Word();
        await cast.Buyer.StartThreadAsync(cast.OpenRoom, "Prefixes", $"Talking about {word}.");

        Assert.Equal(1, (await cast.Buyer.SearchAsync(word[..8])).TotalCount);
        Assert.Equal(0, (await cast.Buyer.SearchAsync($"{word[..8]} nothingelse")).TotalCount);
    }

    [Fact]
    public async Task Raw_html_in_a_post_comes_back_encoded_in_the_snippet()
    {
        var word = SearchSteps.Word();
        var title = $"<script>alert('t')</script> {word}";
        await cast.Buyer.StartThreadAsync(cast.OpenRoom, title, $"Look: <img src=x onerror=alert(1)> {word} & <b>bold</b> \"quoted\"");

        var found = await cast.Buyer.SearchAsync($"img onerror {word}");

        var hit = Assert.Single(found.Items);
        Assert.Contains("<mark>", hit.Snippet);
        Assert.Contains("&lt;<mark>img</mark> src=x <mark>onerror</mark>=alert(1)&gt;", hit.Snippet);
        Assert.DoesNotContain("<img", hit.Snippet);
        Assert.DoesNotContain("<b>", hit.Snippet);
        // The only tags left are the highlights.
        var withoutMarks = hit.Snippet.Replace("<mark>", "").Replace("</mark>", "");
        Assert.DoesNotContain("<", withoutMarks);
        Assert.DoesNotContain(">", withoutMarks);
        Assert.Equal(title, hit.ThreadTitle); // plain text, for clients that encode it themselves
    }

    public static TheoryData<string> HostileQueries => new()
    {
        "\"", "\"\"", "*", "**", "a*", "NEAR(a b)", "NEAR(", "title:x", "body:x", "{title}:x", ") OR (", "(", ")", "AND", "OR", "NOT",
        "a OR b", "a NOT b", "a AND", "^a", "-a", "+a", "'; DROP TABLE Posts;--", "%", "_", "\\", "\u0000", "\uE000x\uE001",
        "rowid:1", "PostSearch:x", "x\" OR \"y", "col:\"", "NEAR(\"a\" \"b\", 2)", "🙂", "<script>alert(1)</script>",
        "   ", "", "\t\n", new string('x', 10_000), new string('a', 200), new string('a', 201), string.Join(' ', Enumerable.Repeat("ab", 66)),
    };

    [Theory]
    [MemberData(nameof(HostileQueries), DisableDiscoveryEnumeration = true)]
    public async Task Hostile_queries_give_results_or_a_clean_400_never_an_error(string q)
    {
        using var response = await cast.Buyer.GetSearchAsync(q);

        if (response.StatusCode == HttpStatusCode.OK)
        {
            var page = SearchPageJson.From(await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>());
            Assert.Equal(1, page.Page);
            Assert.True(page.TotalCount >= 0);
        }
        else
        {
            var problem = await Problem.ReadAsync(response);
            problem.AssertIsBadRequestProblem();
            Assert.True(problem.Errors.ContainsKey("q"), $"a 400 names the field: {problem.Body}");
        }
        // The index is still there and still answers.
        var word = SearchSteps.Word();
        Assert.Equal(0, (await cast.Buyer.SearchAsync(word)).TotalCount);
    }

    [Theory]
    [InlineData("page=abc", HttpStatusCode.BadRequest)]
    [InlineData("page=99999999999", HttpStatusCode.BadRequest)]
    [InlineData("page=0", HttpStatusCode.OK)]
    [InlineData("page=-5", HttpStatusCode.OK)]
    [InlineData("page=2147483647", HttpStatusCode.OK)]
    [InlineData("roomId=%00", HttpStatusCode.NotFound)]
    [InlineData("tag=%22%3B--", HttpStatusCode.BadRequest)]
    [InlineData("threadId=abc", HttpStatusCode.BadRequest)]
    [InlineData("threadId=99999999999999999999", HttpStatusCode.BadRequest)]
    [InlineData("threadId=-1", HttpStatusCode.OK)]
    public async Task Odd_parameters_give_a_page_or_a_clean_problem(string parameters, HttpStatusCode expected)
    {
        using var response = await cast.Buyer.GetAsync($"/api/v1/search?q=circular&{parameters}");

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
        {
            var problem = await Problem.ReadAsync(response);
            Assert.Equal("application/problem+json", problem.ContentType);
            if (expected == HttpStatusCode.BadRequest) Assert.Equal(parameters.Split('=')[0], Assert.Single(problem.Errors.Keys));
        }
    }

    [Theory]
    [InlineData("", "Type a word to search for.")]
    [InlineData("   ", "Type a word to search for.")]
    [InlineData("\" * ( )", "Search for at least one word or number.")]
    public async Task A_query_without_words_is_a_400_on_q(string q, string message)
    {
        using var response = await cast.Buyer.GetSearchAsync(q);

        var problem = await Problem.ReadAsync(response);
        problem.AssertIsBadRequestProblem();
        Assert.Equal([message], problem.Errors["q"]);
    }

    [Fact]
    public async Task A_query_over_200_characters_is_a_400_that_says_so()
    {
        using var response = await cast.Buyer.GetSearchAsync(new string('a', 201));

        var problem = await Problem.ReadAsync(response);
        problem.AssertIsBadRequestProblem();
        Assert.Equal(["A search can be at most 200 characters (this one has 201)."], problem.Errors["q"]);
    }

    [Fact]
    public async Task Results_come_20_to_a_page_with_the_total()
    {
        var word = SearchSteps.Word();
        var thread = await cast.Buyer.StartThreadAsync(cast.OpenRoom, "Many replies", $"Opening {word}.");
        for (var i = 0; i < 24; i++)
        {
            await cast.Buyer.ReplyAsync(thread.ThreadId, $"Reply {i} about {word}.");
        }

        // One thread is one hit; inside it, the 25 matching posts page 20 at a time.
        var grouped = await cast.Supplier.SearchAsync(word);
        Assert.Equal((1, 24), (grouped.TotalCount, Assert.Single(grouped.Items).MoreInThread));
        var first = await cast.Supplier.SearchAsync(word, threadId: thread.ThreadId);
        var second = await cast.Supplier.SearchAsync(word, page: 2, threadId: thread.ThreadId);
        var third = await cast.Supplier.SearchAsync(word, page: 3, threadId: thread.ThreadId);

        Assert.Equal((25, 20, 1), (first.TotalCount, first.Items.Count, first.Page));
        Assert.Equal((25, 5, 2, 20), (second.TotalCount, second.Items.Count, second.Page, second.PageSize));
        Assert.Empty(third.Items);
        Assert.Equal(25, first.Items.Concat(second.Items).Select(i => i.PostId).Distinct().Count());
    }

    [Fact]
    public async Task Results_can_be_narrowed_to_a_room_by_id_or_slug_and_to_a_tag()
    {
        var word = SearchSteps.Word();
        var otherRoom = (await cast.Buyer.ListRoomsAsync()).First(r => r.Audience == "Open" && r.Id != cast.OpenRoom.Id);
        await cast.Buyer.StartThreadAsync(cast.OpenRoom, $"ICT {word}", "Laptops.", "product:ict");
        await cast.Buyer.StartThreadAsync(cast.OpenRoom, $"Textiles {word}", "Uniforms.", "product:textiles", "country:BE");
        await cast.Buyer.StartThreadAsync(otherRoom, $"Elsewhere {word}", "Chairs.", "product:ict");

        Assert.Equal(3, (await cast.Supplier.SearchAsync(word)).TotalCount);
        Assert.Equal(2, (await cast.Supplier.SearchAsync(word, roomId: cast.OpenRoom.Id.ToString())).TotalCount);
        Assert.Equal(2, (await cast.Supplier.SearchAsync(word, roomId: cast.OpenRoom.Slug)).TotalCount);
        Assert.Equal([$"ICT {word}"], (await cast.Supplier.SearchAsync(word, roomId: cast.OpenRoom.Slug, tag: "product:ict")).ThreadTitles);
        Assert.Equal(2, (await cast.Supplier.SearchAsync(word, tag: "PRODUCT:ICT")).TotalCount);
        Assert.Equal([$"Textiles {word}"], (await cast.Supplier.SearchAsync(word, tag: "country:be")).ThreadTitles);

        using var unknownTag = await cast.Supplier.GetSearchAsync(word, tag: "colour:green");
        var problem = await Problem.ReadAsync(unknownTag);
        problem.AssertIsBadRequestProblem();
        Assert.True(problem.Errors.ContainsKey("tag"));
        using var unknownRoom = await cast.Supplier.GetSearchAsync(word, roomId: "no-such-room");
        Assert.Equal(HttpStatusCode.NotFound, unknownRoom.StatusCode);
    }

    [Fact]
    public async Task The_search_endpoint_is_in_the_OpenAPI_document_under_Search()
    {
        using var anonymous = cast.App.Anonymous();
        var doc = await anonymous.GetJsonAsync("/openapi/v1.json");

        var get = doc.GetProperty("paths").EnumerateObject().Single(p => p.Name.TrimEnd('/') == "/api/v1/search").Value.GetProperty("get");
        Assert.Equal("Search", get.GetProperty("tags")[0].GetString());
        var parameters = get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["q", "roomId", "tag", "page", "threadId"], parameters);
        Assert.True(get.GetProperty("responses").TryGetProperty("400", out _));
    }
}
