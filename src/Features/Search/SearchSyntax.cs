using System.Text;
using System.Text.RegularExpressions;

namespace PracticeCommunity.Features.Search;

/// <summary>
/// Turns what a member typed into an FTS5 query that cannot fail: every word group becomes a quoted string
/// literal, so FTS5 operators (<c>AND</c>, <c>OR</c>, <c>NOT</c>, <c>NEAR(</c>, <c>col:</c>, <c>*</c>, <c>^</c>,
/// parentheses, quotes) are only ever searched for as text, never obeyed.
/// </summary>
public static partial class SearchSyntax
{
    /// <summary>
    /// The FTS5 MATCH expression for <paramref name="text"/>, or null when it holds no word to search for.
    /// Each whitespace-separated piece keeps only its letters and digits (what the unicode61 tokenizer indexes) and
    /// becomes a phrase, so "re-use" is the phrase "re use"; all phrases must match; the last one is also matched
    /// as a prefix, so results come while a word is still being typed.
    /// </summary>
    public static string? ToMatchExpression(string? text)
    {
        if (Parse(text) is not { } query) return null;
        var match = new StringBuilder();
        for (var i = 0; i < query.Phrases.Count; i++)
        {
            if (i > 0) match.Append(' ');
            // The words hold no quotes; escaping anyway keeps this safe if the word pattern ever widens.
            match.Append('"').Append(string.Join(' ', query.Phrases[i]).Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        if (query.LastIsPrefix) match.Append('*');
        return match.ToString();
    }

    /// <summary>
    /// The same query for PostgreSQL: the phrases for <c>websearch_to_tsquery</c> (quoted, so its operators are text),
    /// and the last phrase as a <c>to_tsquery</c> prefix expression (<c>'re' &lt;-&gt; 'circ':*</c>), which websearch
    /// syntax cannot say. Either may be null; not both.
    /// </summary>
    public static (string? Phrases, string? Prefix)? ToTsQuery(string? text)
    {
        if (Parse(text) is not { } query) return null;
        var phrases = query.LastIsPrefix ? query.Phrases.Take(query.Phrases.Count - 1) : query.Phrases;
        var web = string.Join(' ', phrases.Select(p => '"' + string.Join(' ', p) + '"'));
        var prefix = query.LastIsPrefix
            ? string.Join(" <-> ", query.Phrases[^1].Select(w => "'" + w.Replace("'", "''", StringComparison.Ordinal) + "'")) + ":*"
            : null;
        return (web.Length > 0 ? web : null, prefix);
    }

    private sealed record ParsedQuery(IReadOnlyList<IReadOnlyList<string>> Phrases, bool LastIsPrefix);

    /// <summary>
    /// Each whitespace-separated piece keeps only its letters and digits and becomes a phrase; the last word is also a
    /// prefix from two letters on (a one-letter prefix would match a large part of the vocabulary).
    /// </summary>
    private static ParsedQuery? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var phrases = new List<IReadOnlyList<string>>();
        foreach (var piece in text.Normalize(NormalizationForm.FormC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var words = Word().Matches(piece).Select(m => m.Value).ToList();
            if (words.Count > 0) phrases.Add(words);
        }
        if (phrases.Count == 0) return null;
        return new ParsedQuery(phrases, phrases[^1][^1].Length >= 2);
    }

    // Letters (with their combining marks), digits and private-use characters: the token characters of unicode61.
    [GeneratedRegex(@"[\p{L}\p{M}\p{N}\p{Co}]+")]
    private static partial Regex Word();
}
