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
        if (string.IsNullOrWhiteSpace(text)) return null;
        var phrases = new List<string>();
        foreach (var piece in text.Normalize(NormalizationForm.FormC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var words = Word().Matches(piece).Select(m => m.Value).ToList();
            if (words.Count > 0) phrases.Add(string.Join(' ', words));
        }
        if (phrases.Count == 0) return null;

        var match = new StringBuilder();
        for (var i = 0; i < phrases.Count; i++)
        {
            if (i > 0) match.Append(' ');
            // The words hold no quotes; escaping anyway keeps this safe if the word pattern ever widens.
            match.Append('"').Append(phrases[i].Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        // A one-letter prefix would match a large part of the vocabulary; from two letters on it is cheap (prefix index).
        if (phrases[^1].Split(' ')[^1].Length >= 2) match.Append('*');
        return match.ToString();
    }

    // Letters (with their combining marks), digits and private-use characters: the token characters of unicode61.
    [GeneratedRegex(@"[\p{L}\p{M}\p{N}\p{Co}]+")]
    private static partial Regex Word();
}
