using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace PracticeCommunity.Features.Rooms;

/// <summary>
/// Mentions are written <c>@Anna Peeters</c> (what the composer's popup inserts) or <c>@[Any Name]</c> for names a
/// plain mention cannot spell. A plain mention takes the longest run of up to five words after the @ that names a
/// member who may see the room. Resolved mentions become a highlighted name in the rendered post and a notification;
/// anything else stays plain text. Names inside code, links and images are never touched.
/// </summary>
public static partial class Mentions
{
    /// <summary>The most words a plain mention can take: "@Anna Maria de la Cruz".</summary>
    public const int MaxWords = 5;

    /// <summary>How many possible names one post is checked for.</summary>
    public const int MaxCandidates = 200;

    // @[Display Name]
    [GeneratedRegex(@"@\[([^\[\]\r\n<>]{1,100})\]")]
    private static partial Regex Bracketed();

    // @ at the start or after a space or punctuation (not inside an address like a@b.be), then up to five words.
    [GeneratedRegex(@"(?<![\p{L}\p{N}_@.])@(\p{L}[\p{L}\p{M}\p{N}'’.\-]*(?:[ \u00A0][\p{L}\p{N}][\p{L}\p{M}\p{N}'’.\-]*){0,4})")]
    private static partial Regex Plain();

    // An HTML tag, or the text between tags.
    [GeneratedRegex(@"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>|[^<]+|<")]
    private static partial Regex TagOrText();

    /// <summary>Whether a name can be written as a plain mention (else the composer writes @[Name]).</summary>
    public static bool IsPlainName(string name) => Plain().Match("@" + name) is { Success: true } m && m.Groups[1].Value == name;

    /// <summary>Every name a post could mean: bracketed names, and each run of 1 to 5 words after a plain @.</summary>
    public static IReadOnlyList<string> Candidates(string markdown)
    {
        var names = new List<string>();
        foreach (Match m in Bracketed().Matches(markdown)) names.Add(m.Groups[1].Value.Trim());
        foreach (Match m in Plain().Matches(markdown))
        {
            var words = Words(m.Groups[1].Value);
            for (var n = 1; n <= words.Count; n++) names.Add(string.Join(' ', words.Take(n)));
        }
        // A post full of @ signs asks about a bounded number of names.
        return names.Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxCandidates).ToList();
    }

    /// <summary>The names a post mentions, of those that are <paramref name="known"/>: bracketed ones, and per plain @ the longest known run.</summary>
    public static IReadOnlyList<string> Resolve(string markdown, IReadOnlySet<string> known)
    {
        var chosen = new List<string>();
        foreach (Match m in Bracketed().Matches(markdown))
        {
            if (known.Contains(m.Groups[1].Value.Trim())) chosen.Add(m.Groups[1].Value.Trim());
        }
        foreach (Match m in Plain().Matches(markdown))
        {
            if (Longest(m.Groups[1].Value, known) is { } name) chosen.Add(name);
        }
        return chosen.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Marks resolved mentions in rendered (already encoded) HTML, in text outside code, links and images.</summary>
    public static string Highlight(string html, IReadOnlyDictionary<string, string> memberIdsByName)
    {
        if (memberIdsByName.Count == 0) return html;
        var known = memberIdsByName.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var result = new StringBuilder(html.Length + 64);
        var inert = 0;
        foreach (Match part in TagOrText().Matches(html))
        {
            if (part.Groups[2].Success)
            {
                if (part.Groups[2].Value.ToLowerInvariant() is "code" or "pre" or "a")
                {
                    inert = Math.Max(0, inert + (part.Groups[1].Value == "/" ? -1 : 1));
                }
                result.Append(part.Value);
            }
            else
            {
                result.Append(inert > 0 ? part.Value : HighlightText(WebUtility.HtmlDecode(part.Value), known, memberIdsByName));
            }
        }
        return result.ToString();
    }

    private static string HighlightText(string text, IReadOnlySet<string> known, IReadOnlyDictionary<string, string> ids)
    {
        var output = new StringBuilder();
        var at = 0;
        while (at < text.Length)
        {
            var bracket = Bracketed().Match(text, at);
            var plain = Plain().Match(text, at);
            var next = new[] { bracket, plain }.Where(m => m.Success).OrderBy(m => m.Index).FirstOrDefault();
            if (next is null) break;
            string? name = null;
            var length = next.Length;
            if (next == bracket)
            {
                var bracketed = bracket.Groups[1].Value.Trim();
                if (known.Contains(bracketed)) name = bracketed;
            }
            else if (Longest(plain.Groups[1].Value, known) is { } longest)
            {
                // Words are one separator apart, so the name as typed is as long as the known name it matched.
                name = longest;
                length = 1 + longest.Length;
            }
            if (name is null)
            {
                output.Append(WebUtility.HtmlEncode(text[at..(next.Index + next.Length)]));
                at = next.Index + next.Length;
                continue;
            }
            output.Append(WebUtility.HtmlEncode(text[at..next.Index]));
            var id = ids.First(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            output.Append($"<strong class=\"mention\" data-member-id=\"{WebUtility.HtmlEncode(id)}\">@{WebUtility.HtmlEncode(name)}</strong>");
            at = next.Index + length;
        }
        output.Append(WebUtility.HtmlEncode(text[at..]));
        return output.ToString();
    }

    private static string? Longest(string run, IReadOnlySet<string> known)
    {
        var words = Words(run);
        for (var n = words.Count; n >= 1; n--)
        {
            var name = string.Join(' ', words.Take(n));
            if (known.Contains(name)) return name;
            // "Anna," and "Anna." at the end of a sentence still mention Anna.
            var trimmed = name.TrimEnd('.', '\'', '’', '-');
            if (trimmed.Length > 0 && known.Contains(trimmed)) return trimmed;
        }
        return null;
    }

    private static List<string> Words(string run) =>
        run.Split([' ', '\u00A0'], StringSplitOptions.RemoveEmptyEntries).Take(MaxWords).ToList();
}
