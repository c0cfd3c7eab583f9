namespace PracticeCommunity.Testing;

/// <summary>
/// Hostile post bodies (Markdown and raw HTML) that members may send. Each must be stored and shown inert:
/// the integration tests check the stored HTML, the browser tests that nothing runs when the thread is open.
/// Payloads that would run script set <c>window.__xss</c> or open a dialog, so the browser can tell.
/// </summary>
public static class XssVectors
{
    public sealed record Vector(string Name, string Body);

    /// <summary>An http (not https) image: must be removed, as a tracking pixel or mixed content would be.</summary>
    public const string InsecureImageHost = "insecure.example";

    /// <summary>An https image: must be kept (the allowlist is not "remove every image").</summary>
    public const string SecureImageUrl = "https://images.example/ok.png";

    public static IReadOnlyList<Vector> All { get; } =
    [
        new("script tag", "<script>window.__xss=1</script>"),
        new("script tag with src, upper case", "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>"),
        new("img onerror", "<img src=x onerror=\"window.__xss=1\">"),
        new("img onerror unquoted", "<img src=x onerror=alert(1)>"),
        new("svg onload", "<svg onload=\"window.__xss=1\">"),
        new("script inside svg", "<svg><script>window.__xss=1</script></svg>"),
        new("markdown javascript link", "[click me](javascript:window.__xss=1)"),
        new("markdown mixed-case javascript link", "[click me](JaVaScRiPt:alert(1))"),
        new("markdown entity-encoded colon", "[click me](javascript&#58;alert(1))"),
        new("markdown fully entity-encoded scheme", "[click me](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))"),
        new("markdown angle-bracket destination", "[click me](<javascript:alert(1)>)"),
        new("markdown data: link", "[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
        new("markdown data: svg link", "[click me](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
        new("markdown vbscript link", "[click me](vbscript:msgbox(1))"),
        new("autolink javascript", "<javascript:alert(1)>"),
        new("autolink breakout", "<https://example.org/\"onmouseover=\"window.__xss=1>"),
        new("raw anchor mixed-case javascript", "<a href=\"jAvAsCrIpT:alert(1)\">x</a>"),
        new("raw anchor entity-encoded javascript", "<a href=\"&#x6A;avascript&#x3A;alert(1)\">x</a>"),
        new("iframe javascript", "<iframe src=\"javascript:alert(1)\"></iframe>"),
        new("iframe srcdoc", "<iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>"),
        new("style tag", "<style>body{background:url(javascript:alert(1))}</style>"),
        new("object", "<object data=\"javascript:alert(1)\"></object>"),
        new("embed", "<embed src=\"javascript:alert(1)\">"),
        new("unclosed img tag", "<img src=x onerror=alert(1)//"),
        new("nested broken script", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
        new("attribute breakout", "\"><script>window.__xss=1</script>"),
        new("markdown link attribute breakout", "[x](https://example.org/\"onmouseover=\"window.__xss=1)"),
        new("markdown link title breakout", "[x](https://example.org \"t\\\" onmouseover=\\\"window.__xss=1\")"),
        new("markdown image attribute breakout", "![x](https://example.org/a.png\"onerror=\"window.__xss=1)"),
        new("math mXSS", "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__xss=1\">"),
        new("form action", "<form action=\"javascript:alert(1)\"><button>go</button></form>"),
        new("markdown javascript image", "![x](javascript:alert(1))"),
        new("markdown data image", "![x](data:image/png;base64,iVBORw0KGgo=)"),
        new("http image", $"![tracker](http://{InsecureImageHost}/img.png)"),
        new("protocol-relative image", $"![tracker](//{InsecureImageHost}/img.png)"),
        new("https image", $"![fine]({SecureImageUrl})"),
        new("https image with handler", "<img src=\"https://images.example/x.png\" onload=\"window.__xss=1\">"),
        new("css expression", "<div style=\"width: expression(alert(1))\">css</div>"),
        new("base href", "<base href=\"javascript:alert(1)//\">"),
        new("meta refresh", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">"),
        new("details ontoggle", "<details open ontoggle=\"window.__xss=1\"><summary>x</summary></details>"),
        new("input autofocus onfocus", "<input autofocus onfocus=\"window.__xss=1\">"),
        new("video source onerror", "<video><source onerror=\"window.__xss=1\"></video>"),
        new("task list with markup", "- [x] done <img src=x onerror=\"window.__xss=1\">\n- [ ] todo"),
        new("table with markup", "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |"),
        new("code span", "`<script>window.__xss=1</script>`"),
        new("template injection", "{{7*7}} and {{constructor.constructor('window.__xss=1')()}}"),
        new("razor-style injection", "@(window.__xss = 1) and @DateTime.Now and @{ throw null; }"),
    ];
}
