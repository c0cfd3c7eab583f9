using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace PracticeCommunity.Features.Search;

/// <summary>
/// Makes HTML from FTS5 highlight output. SQLite marks matches with two private-use characters, never with HTML;
/// here the whole text is HTML-encoded first and only then do the markers become &lt;mark&gt; and &lt;/mark&gt;.
/// So the result holds no markup but balanced &lt;mark&gt; elements, whatever the member wrote.
/// </summary>
public static class SnippetHtml
{
    public const char Open = '\uE000';
    public const char Close = '\uE001';

    /// <summary>The markers as SQL literals for snippet() and highlight().</summary>
    public const string OpenSql = "char(57344)";
    public const string CloseSql = "char(57345)";

    // Encodes what HTML needs (< > & " ') and leaves letters such as é readable.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string ToHtml(string? marked)
    {
        if (string.IsNullOrEmpty(marked)) return "";
        var html = new StringBuilder(marked.Length + 32);
        var open = false;
        var start = 0;
        for (var i = 0; i <= marked.Length; i++)
        {
            if (i < marked.Length && marked[i] is not (Open or Close)) continue;
            if (i > start) html.Append(Encoder.Encode(Collapse(marked[start..i])));
            if (i == marked.Length) break;
            // A marker the member typed themselves can at worst move a highlight; it never unbalances the markup.
            if (marked[i] == Open && !open) { html.Append("<mark>"); open = true; }
            else if (marked[i] == Close && open) { html.Append("</mark>"); open = false; }
            start = i + 1;
        }
        if (open) html.Append("</mark>");
        return html.ToString();
    }

    /// <summary>Line breaks and runs of spaces of the Markdown source read as one space in a one-line snippet.</summary>
    private static string Collapse(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (!space) sb.Append(' ');
                space = true;
            }
            else
            {
                sb.Append(c);
                space = false;
            }
        }
        return sb.ToString();
    }
}
