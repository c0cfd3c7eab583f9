using AngleSharp.Html.Parser;

namespace PracticeCommunity.Tests.Rooms;

/// <summary>
/// Checks stored post HTML the way a browser would read it (AngleSharp is an HTML5-conformant parser):
/// only harmless elements, no event handlers, no script-capable URLs, links marked as user content.
/// </summary>
public static class InertHtml
{
    private static readonly HashSet<string> AllowedElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "img",
        "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "input",
    };

    private static readonly string[] UrlAttributes = ["href", "src", "action", "formaction", "data", "xlink:href", "background", "poster", "srcset"];

    private static readonly string[] DangerousSchemes = ["javascript:", "data:", "vbscript:"];

    public static IReadOnlyList<string> Problems(string html)
    {
        var problems = new List<string>();
        if (html.Contains("<script", StringComparison.OrdinalIgnoreCase)) problems.Add("contains \"<script\"");
        var document = new HtmlParser().ParseDocument("<!DOCTYPE html><html><body>" + html + "</body></html>");
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            var tag = element.LocalName;
            if (!AllowedElements.Contains(tag)) problems.Add($"<{tag}> element");
            foreach (var attribute in element.Attributes)
            {
                var name = attribute.Name.ToLowerInvariant();
                if (name.StartsWith("on", StringComparison.Ordinal)) problems.Add($"<{tag} {name}=…> event handler");
                if (name is "style" or "srcdoc") problems.Add($"<{tag} {name}=…>");
                if (UrlAttributes.Contains(name))
                {
                    // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
                    var url = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray()).ToLowerInvariant();
                    if (DangerousSchemes.Any(url.StartsWith)) problems.Add($"<{tag} {name}=\"{attribute.Value}\">");
                }
            }
            switch (tag)
            {
                case "a" when element.GetAttribute("rel") != "nofollow ugc noopener":
                    problems.Add($"<a> without rel=\"nofollow ugc noopener\": {element.OuterHtml}");
                    break;
                case "img" when !(element.GetAttribute("src") ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase):
                    problems.Add($"<img> not loaded over https: {element.OuterHtml}");
                    break;
                case "input" when element.GetAttribute("type") != "checkbox" || !element.HasAttribute("disabled"):
                    problems.Add($"<input> that is not a disabled checkbox: {element.OuterHtml}");
                    break;
            }
        }
        return problems;
    }

    public static void AssertInert(string html, string what)
    {
        var problems = Problems(html);
        Assert.True(problems.Count == 0, $"{what} is not inert: {string.Join("; ", problems)}\nHTML: {html}");
    }
}
