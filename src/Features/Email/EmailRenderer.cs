using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Options;
using PracticeCommunity.Hosting;

namespace PracticeCommunity.Features.Email;

/// <summary>An email's two parts, rendered from one Razor template.</summary>
public sealed record RenderedEmail(string Html, string Text)
{
    public static implicit operator (string Html, string Text)(RenderedEmail email) => (email.Html, email.Text);
}

/// <summary>
/// Renders the email templates (Razor components in Templates/) with Blazor's <see cref="HtmlRenderer"/>: the HTML
/// part as rendered, the plain-text part read from that same HTML. Nothing is string-built, and everything a
/// member wrote is encoded by Razor.
/// </summary>
public sealed class EmailRenderer : IAsyncDisposable
{
    private readonly IServiceScope _scope;
    private readonly ILoggerFactory _loggers;
    private readonly CultureInfo _culture;

    public EmailRenderer(IServiceScopeFactory scopes, ILoggerFactory loggers, IOptions<CultureOptions> cultures)
    {
        // The renderer asks for scoped services of its own; one scope lives as long as this singleton.
        _scope = scopes.CreateScope();
        _loggers = loggers;
        _culture = CultureInfo.GetCultureInfo(cultures.Value.Supported[0]);
    }

    /// <summary>One renderer per email, disposed after: a long-lived one keeps every component it ever rendered.</summary>
    public async Task<RenderedEmail> RenderAsync<TTemplate>(IDictionary<string, object?> parameters) where TTemplate : IComponent
    {
        await using var renderer = new HtmlRenderer(_scope.ServiceProvider, _loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            // Emails go out from background work: they are written in the installation's language, not a request's.
            var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = _culture;
            try
            {
                var output = await renderer.RenderComponentAsync<TTemplate>(ParameterView.FromDictionary(parameters));
                var html = "<!DOCTYPE html>\n" + output.ToHtmlString();
                return new RenderedEmail(html, EmailText.FromHtml(html));
            }
            finally
            {
                (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
            }
        });
    }

    /// <summary>The everyday email: a heading, short paragraphs and at most one button.</summary>
    public Task<RenderedEmail> MessageAsync(string heading, IEnumerable<string> paragraphs, string? actionText, string? actionUrl, EmailFooter footer) =>
        RenderAsync<Templates.MessageEmail>(new Dictionary<string, object?>
        {
            [nameof(Templates.MessageEmail.Heading)] = heading,
            [nameof(Templates.MessageEmail.Paragraphs)] = paragraphs.ToList(),
            [nameof(Templates.MessageEmail.ActionText)] = actionText,
            [nameof(Templates.MessageEmail.ActionUrl)] = actionUrl,
            [nameof(Templates.MessageEmail.Footer)] = footer,
        });

    public ValueTask DisposeAsync()
    {
        _scope.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Every email's footer: why the member gets it, and (for member email) where to change that.</summary>
public sealed record EmailFooter(string Why, string? SettingsUrl = null, string? UnsubscribeUrl = null);

/// <summary>
/// The plain-text part, read from the HTML part's DOM: headings underlined, paragraphs apart, list items dashed,
/// buttons as "label: address", links with their address. Elements marked data-text="skip" are left out.
/// </summary>
public static class EmailText
{
    private static readonly HtmlParser Parser = new();

    public static string FromHtml(string html)
    {
        var document = Parser.ParseDocument(html);
        var text = new StringBuilder();
        if (document.Body is { } body) Walk(body, text);
        var lines = text.ToString().Split('\n').Select(l => l.TrimEnd()).ToList();
        var result = new StringBuilder();
        var blank = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0) { if (++blank > 1 || result.Length == 0) continue; }
            else blank = 0;
            result.Append(line).Append('\n');
        }
        return result.ToString().Trim() + "\n";
    }

    private static void Walk(INode node, StringBuilder text)
    {
        switch (node)
        {
            case IText t:
                var content = Collapse(t.Data);
                if (content.Length == 0) return;
                if (content[0] == ' ' && (text.Length == 0 || text[^1] is ' ' or '\n')) content = content.TrimStart();
                text.Append(content);
                return;
            case IElement e:
                if (e.GetAttribute("data-text") == "skip" || e.LocalName is "head" or "style" or "script") return;
                switch (e.LocalName)
                {
                    case "br":
                        text.Append('\n');
                        return;
                    case "h1" or "h2" or "h3":
                        var heading = Collapse(e.TextContent).Trim();
                        Block(text);
                        text.Append(heading).Append('\n').Append(new string(e.LocalName == "h1" ? '=' : '-', Math.Min(heading.Length, 72))).Append("\n\n");
                        return;
                    case "a":
                        var href = e.GetAttribute("href") ?? "";
                        var label = Collapse(e.TextContent).Trim();
                        if (e.GetAttribute("data-text") == "button")
                        {
                            Block(text);
                            text.Append(label).Append(": ").Append(href).Append("\n\n");
                        }
                        else text.Append(label.Length == 0 || label == href ? href : $"{label} ({href})");
                        return;
                    case "li":
                        Line(text);
                        text.Append("- ");
                        foreach (var child in e.ChildNodes) Walk(child, text);
                        text.Append('\n');
                        return;
                    case "p" or "div" or "table" or "tr" or "ul" or "ol" or "section" or "header" or "footer":
                        Block(text);
                        foreach (var child in e.ChildNodes) Walk(child, text);
                        Block(text);
                        return;
                }
                foreach (var child in e.ChildNodes) Walk(child, text);
                return;
        }
    }

    private static void Line(StringBuilder text)
    {
        if (text.Length > 0 && text[^1] != '\n') text.Append('\n');
    }

    private static void Block(StringBuilder text)
    {
        Line(text);
        if (text.Length > 1 && text[^2] != '\n') text.Append('\n');
    }

    private static string Collapse(string s)
    {
        var b = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c)) { space = true; continue; }
            if (space) b.Append(' ');
            space = false;
            b.Append(c);
        }
        if (space) b.Append(' ');
        return b.ToString();
    }
}
