using PracticeCommunity.Features.Search;

namespace PracticeCommunity.Tests.Search;

/// <summary>What members type becomes quoted FTS5 phrases; what SQLite marks becomes encoded HTML with &lt;mark&gt; only.</summary>
public sealed class SearchSyntaxTests
{
    [Theory]
    [InlineData("circular", "\"circular\"*")]
    [InlineData("  circular   furniture ", "\"circular\" \"furniture\"*")]
    [InlineData("re-use", "\"re use\"*")]
    [InlineData("NEAR(a b)", "\"NEAR a\" \"b\"")]
    [InlineData("title:x", "\"title x\"")]
    [InlineData(") OR (", "\"OR\"*")]
    [InlineData("a OR b NOT c", "\"a\" \"OR\" \"b\" \"NOT\" \"c\"")]
    [InlineData("'; DROP TABLE Posts;--", "\"DROP\" \"TABLE\" \"Posts\"*")]
    [InlineData("x\" OR \"y", "\"x\" \"OR\" \"y\"")]
    [InlineData("réemploi", "\"réemploi\"*")]
    [InlineData("2030 co2", "\"2030\" \"co2\"*")]
    [InlineData("ab c", "\"ab\" \"c\"")]
    public void Every_word_group_becomes_a_quoted_phrase_and_the_last_word_a_prefix(string typed, string expected)
        => Assert.Equal(expected, SearchSyntax.ToMatchExpression(typed));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"")]
    [InlineData("* ( ) : ^ - +")]
    [InlineData("🙂 … «»")]
    [InlineData(null)]
    public void Text_without_letters_or_digits_gives_no_query(string? typed) => Assert.Null(SearchSyntax.ToMatchExpression(typed));

    [Fact]
    public void A_decomposed_accent_is_composed_first()
    {
        Assert.Equal("\"réemploi\"*", SearchSyntax.ToMatchExpression("re\u0301emploi"));
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("a \uE000word\uE001 b", "a <mark>word</mark> b")]
    [InlineData("<img src=x onerror=alert(1)> \uE000x\uE001", "&lt;img src=x onerror=alert(1)&gt; <mark>x</mark>")]
    [InlineData("Tom & \"Jerry\"", "Tom &amp; &quot;Jerry&quot;")]
    [InlineData("réemploi", "réemploi")]
    [InlineData("line\n\nbreaks\tand   spaces", "line breaks and spaces")]
    [InlineData("\uE001stray close", "stray close")]
    [InlineData("\uE000\uE000twice open", "<mark>twice open</mark>")]
    [InlineData("\uE000never closed", "<mark>never closed</mark>")]
    [InlineData("", "")]
    public void Snippets_are_encoded_and_only_marks_are_markup(string marked, string html) => Assert.Equal(html, SnippetHtml.ToHtml(marked));
}
