using Ganss.Xss;
using Markdig;

namespace PracticeCommunity.Features.Markdown;

/// <summary>
/// Turns member Markdown into safe HTML, once, before it is stored. Raw HTML in the source is shown as text
/// (Markdig's DisableHtml) and the result passes an allowlist sanitizer, so no script, style, frame,
/// event handler or javascript:/data: URL survives. Links get rel="nofollow ugc noopener"; images load only over https.
/// </summary>
public sealed class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseAutoLinks()
        .UseTaskLists()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    private readonly HtmlSanitizer _sanitizer;

    public MarkdownRenderer()
    {
        _sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
                "a", "img", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "input",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "href", "src", "alt", "title", "type", "checked", "disabled", "start", "class", "rel", "data-member-id",
            },
            AllowedCssProperties = new HashSet<string>(),
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        });
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not AngleSharp.Dom.IElement element) return;
            switch (element.LocalName)
            {
                case "a":
                    element.SetAttribute("rel", "nofollow ugc noopener");
                    break;
                case "img" when !(element.GetAttribute("src") ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase):
                    element.Remove();
                    break;
                case "input" when element.GetAttribute("type") != "checkbox":
                    element.Remove();
                    break;
                case "input":
                    element.SetAttribute("disabled", "disabled");
                    break;
            }
            // Only the classes our own renderer emits (task lists, mentions) are kept.
            if (element.GetAttribute("class") is { } cls && cls is not ("contains-task-list" or "task-list-item" or "task-list-item-checkbox" or "mention"))
            {
                element.RemoveAttribute("class");
            }
        };
    }

    public string ToSafeHtml(string markdown) => Sanitize(Markdig.Markdown.ToHtml(markdown, Pipeline));

    /// <summary>The allowlist alone, for HTML the app itself built around member text.</summary>
    public string Sanitize(string html) => _sanitizer.Sanitize(html);

    /// <summary>Plain text of a post, for search snippets and email previews.</summary>
    public static string ToPlainText(string markdown) => Markdig.Markdown.ToPlainText(markdown, Pipeline).Trim();
}
