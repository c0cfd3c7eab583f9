using PracticeCommunity.Features.Rooms;

namespace PracticeCommunity.Tests.Rooms;

/// <summary>Plain @Full Name mentions: the longest known name wins, and nothing in code, links or addresses is touched.</summary>
public sealed class MentionsTests
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Anna"] = "id-anna",
        ["Anna Peeters"] = "id-anna-peeters",
        ["Jo O'Brien"] = "id-jo",
        ["Odd (Name)"] = "id-odd",
    };

    private static IReadOnlySet<string> Names => Known.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);

    [Theory]
    [InlineData("Thanks @Anna Peeters for the tip", new[] { "Anna Peeters" })]
    [InlineData("Thanks @Anna, and @anna peeters.", new[] { "Anna", "anna peeters" })]
    [InlineData("@Jo O'Brien ran it", new[] { "Jo O'Brien" })]
    [InlineData("@[Odd (Name)] has the slides", new[] { "Odd (Name)" })]
    [InlineData("mail anna@Anna.be or @Nobody Here", new string[0])]
    public void The_longest_known_name_after_an_at_sign_is_mentioned(string text, string[] expected) =>
        Assert.Equal(expected, Mentions.Resolve(text, Names));

    [Fact]
    public void Highlighting_marks_text_and_leaves_code_links_and_attributes_alone()
    {
        const string html = "<p>Ask @Anna Peeters or @Anna. <code>@Anna</code> <a href=\"https://x.be/@Anna\">@Anna</a> <img alt=\"@Anna\" src=\"a.png\"> a &amp; @[Odd (Name)]</p>";

        var marked = Mentions.Highlight(html, Known);

        Assert.Equal("<p>Ask <strong class=\"mention\" data-member-id=\"id-anna-peeters\">@Anna Peeters</strong> or "
            + "<strong class=\"mention\" data-member-id=\"id-anna\">@Anna</strong>. <code>@Anna</code> <a href=\"https://x.be/@Anna\">@Anna</a> "
            + "<img alt=\"@Anna\" src=\"a.png\"> a &amp; <strong class=\"mention\" data-member-id=\"id-odd\">@Odd (Name)</strong></p>", marked);
    }

    [Fact]
    public void Encoded_text_stays_encoded()
    {
        var marked = Mentions.Highlight("<p>&lt;script&gt; @Anna &lt;/script&gt;</p>", Known);
        Assert.Equal("<p>&lt;script&gt; <strong class=\"mention\" data-member-id=\"id-anna\">@Anna</strong> &lt;/script&gt;</p>", marked);
    }

    [Fact]
    public void A_post_full_of_at_signs_asks_about_a_bounded_number_of_names()
    {
        var text = string.Join(' ', Enumerable.Range(0, 5_000).Select(i => $"@n{i} w x y z"));
        Assert.Equal(Mentions.MaxCandidates, Mentions.Candidates(text).Count);
    }

    [Theory]
    [InlineData("Anna Peeters", true)]
    [InlineData("Jo O'Brien", true)]
    [InlineData("Odd (Name)", false)]
    [InlineData("Ann  Double", false)]
    public void Names_that_a_plain_mention_can_spell(string name, bool plain) => Assert.Equal(plain, Mentions.IsPlainName(name));
}
