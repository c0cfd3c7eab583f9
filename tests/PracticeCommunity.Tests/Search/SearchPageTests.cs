using System.Net;
using System.Text.RegularExpressions;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Search;

/// <summary>The /search page as the server first renders it (what a member sees before the circuit connects).</summary>
public sealed partial class SearchPageTests(SearchFixture cast) : IClassFixture<SearchFixture>
{
    [Fact]
    public async Task A_visitor_is_asked_to_sign_in_and_sees_no_results()
    {
        var word = SearchSteps.Word();
        await cast.Buyer.StartThreadAsync(cast.OpenRoom, $"Visible to members {word}", "Body.");
        using var anonymous = cast.App.Anonymous();

        var html = await PageAsync(anonymous, $"/search?q={word}");

        Assert.Contains("data-testid=\"search-sign-in\"", html);
        Assert.Contains("/Account/Login?ReturnUrl=", html);
        Assert.DoesNotContain("data-testid=\"search-form\"", html);
        Assert.DoesNotContain("data-testid=\"search-hit\"", html);
        Assert.DoesNotContain("Visible to members", html);
    }

    [Fact]
    public async Task A_member_sees_highlighted_hits_linking_to_the_post_with_the_query_in_the_box()
    {
        var word = SearchSteps.Word();
        var thread = await cast.Buyer.StartThreadAsync(cast.OpenRoom, $"Circular chairs {word}", $"Refurbished chairs {word} <img src=x onerror=alert(1)>");

        var html = await PageAsync(cast.Supplier, $"/search?q={word}");

        Assert.Matches($"<input[^>]*id=\"search-q\"[^>]*value=\"{word}\"", html);
        Assert.Contains("1 result for “" + word + "”", WebUtility.HtmlDecode(html));
        Assert.Contains($"href=\"/threads/{thread.ThreadId}#post-{thread.OpeningPostId}\"", html);
        Assert.Contains($"Circular chairs <mark>{word}</mark>", html);
        Assert.Contains($"Refurbished chairs <mark>{word}</mark> &lt;img src=x onerror=alert(1)&gt;", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains(WebUtility.HtmlEncode(cast.OpenRoom.Title), html);
    }

    [Fact]
    public async Task A_supplier_gets_the_empty_state_for_buyers_only_words_and_no_buyers_only_room_to_choose()
    {
        var word = SearchSteps.Word();
        var secret = $"Budget talk {word}";
        await cast.Buyer.StartThreadAsync(cast.BuyersOnlyRoom, secret, "Internal.");

        var html = await PageAsync(cast.Supplier, $"/search?q={word}");

        Assert.Contains("data-testid=\"search-empty\"", html);
        Assert.DoesNotContain("Budget talk", html);
        Assert.DoesNotContain(WebUtility.HtmlEncode(cast.BuyersOnlyRoom.Title), RoomOptions(html));
        Assert.Contains(WebUtility.HtmlEncode(cast.OpenRoom.Title), RoomOptions(html));

        var buyersPage = await PageAsync(cast.Buyer, $"/search?q={word}");
        Assert.Contains($"Budget talk <mark>{word}</mark>", buyersPage);
        Assert.Contains(WebUtility.HtmlEncode(cast.BuyersOnlyRoom.Title), RoomOptions(buyersPage));
    }

    [Fact]
    public async Task Many_results_are_paged_with_links_that_keep_the_query()
    {
        var word = SearchSteps.Word();
        var thread = await cast.Buyer.StartThreadAsync(cast.OpenRoom, "Paging", $"Opening {word}.");
        for (var i = 0; i < 21; i++)
        {
            await cast.Buyer.ReplyAsync(thread.ThreadId, $"Reply {i} {word}.");
        }

        var grouped = await PageAsync(cast.Buyer, $"/search?q={word}&roomId={cast.OpenRoom.Id}");
        Assert.Equal(1, Hits(grouped));
        Assert.Contains($"href=\"/search?q={word}&amp;roomId={cast.OpenRoom.Slug}&amp;threadId={thread.ThreadId}\"", grouped);
        Assert.Contains("21 more matches in this thread", grouped);

        var first = await PageAsync(cast.Buyer, $"/search?q={word}&roomId={cast.OpenRoom.Id}&threadId={thread.ThreadId}");
        var second = await PageAsync(cast.Buyer, $"/search?q={word}&roomId={cast.OpenRoom.Id}&threadId={thread.ThreadId}&page=2");

        Assert.Equal(20, Hits(first));
        Assert.Contains($"href=\"/search?q={word}&amp;roomId={cast.OpenRoom.Slug}&amp;threadId={thread.ThreadId}&amp;page=2\"", first);
        Assert.Equal(2, Hits(second));
        Assert.Contains($"href=\"/search?q={word}&amp;roomId={cast.OpenRoom.Slug}&amp;threadId={thread.ThreadId}\"", second);
        Assert.Contains($"href=\"/search?q={word}&amp;roomId={cast.OpenRoom.Slug}\"", second);
    }

    [Fact]
    public async Task A_query_without_words_shows_the_message_next_to_the_box()
    {
        var html = await PageAsync(cast.Buyer, "/search?q=%22*%22");

        Assert.Contains("data-testid=\"error-q\"", html);
        Assert.Contains("Search for at least one word or number.", html);
    }

    [Theory]
    [InlineData("/search")]
    [InlineData("/search?q=")]
    [InlineData("/search?q=x&page=abc")]
    [InlineData("/search?q=x&page=-3")]
    [InlineData("/search?q=x&roomId=no-such-room")]
    [InlineData("/search?q=x&tag=colour:green")]
    [InlineData("/search?q=x&threadId=abc")]
    [InlineData("/search?q=x&threadId=-1")]
    [InlineData("/search?q=%22%29%20OR%20%28NEAR(")]
    public async Task Odd_addresses_still_show_the_page(string path)
    {
        var html = await PageAsync(cast.Buyer, path);

        Assert.Contains("data-testid=\"search-form\"", html);
    }

    private static async Task<string> PageAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        await CommunitySteps.EnsureAsync(response, HttpStatusCode.OK, $"GET {path}");
        return await response.Content.ReadAsStringAsync();
    }

    private static int Hits(string html) => Regex.Matches(html, "data-testid=\"search-hit\"").Count;

    private static string RoomOptions(string html) => RoomSelect().Match(html).Value;

    [GeneratedRegex("<select[^>]*id=\"search-room\".*?</select>", RegexOptions.Singleline)]
    private static partial Regex RoomSelect();
}
