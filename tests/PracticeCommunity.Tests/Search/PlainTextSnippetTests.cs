using System.Net.Http.Json;

namespace PracticeCommunity.Tests.Search;

/// <summary>Search reads the words of a post, not its Markdown: snippets read as text, and syntax never matches.</summary>
public sealed class PlainTextSnippetTests(SearchFixture cast) : IClassFixture<SearchFixture>
{
    [Fact]
    public async Task Snippets_show_the_words_without_Markdown_syntax()
    {
        var word = SearchSteps.Word();
        var thread = await cast.Buyer.StartThreadAsync(cast.OpenRoom, "Plain snippets",
            $"We reuse **{word}** chairs, see [the tender](https://example.org/tender) and `desk-42`.");

        var hit = Assert.Single((await cast.Supplier.SearchAsync(word)).Items);

        Assert.Equal(thread.OpeningPostId, hit.PostId);
        Assert.Contains($"<mark>{word}</mark>", hit.Snippet);
        Assert.DoesNotContain("**", hit.Snippet);
        Assert.DoesNotContain("](", hit.Snippet);
        Assert.DoesNotContain("example.org", hit.Snippet);
        Assert.Contains("the tender", hit.Snippet);
    }

    [Fact]
    public async Task An_edit_is_indexed_as_plain_text_too()
    {
        var (before, after) = (SearchSteps.Word(), SearchSteps.Word());
        var thread = await cast.Buyer.StartThreadAsync(cast.OpenRoom, "Edited plain", "Opening.");
        var reply = await cast.Buyer.ReplyAsync(thread.ThreadId, $"_{before}_ first");
        using (var edit = await cast.Buyer.PutAsJsonAsync($"/api/v1/threads/{thread.ThreadId}/posts/{reply}", new { body = $"*{after}* then" }))
        {
            edit.EnsureSuccessStatusCode();
        }

        Assert.Equal(0, (await cast.Buyer.SearchAsync(before)).TotalCount);
        var hit = Assert.Single((await cast.Buyer.SearchAsync(after)).Items);
        Assert.DoesNotContain("*", hit.Snippet);
    }
}
