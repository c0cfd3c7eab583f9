using System.Net;

namespace PracticeCommunity.Features.Email;

/// <summary>The one look of every email: a heading, short paragraphs and one button. Inputs are plain text.</summary>
public static class EmailLayout
{
    public static (string Html, string Text) Render(string heading, IEnumerable<string> paragraphs, string? actionText, string? actionUrl, string footer)
    {
        var paras = paragraphs.ToList();
        var e = (string s) => WebUtility.HtmlEncode(s);
        var html = $$"""
            <!DOCTYPE html>
            <html><body style="margin:0;background:#f4f6f3;font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#1d2b24">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
            <table role="presentation" width="560" cellpadding="0" cellspacing="0" style="background:#ffffff;border-radius:8px;padding:32px">
            <tr><td style="font-size:14px;color:#2f6f4e;font-weight:600;letter-spacing:.04em">PracticeCommunity</td></tr>
            <tr><td><h1 style="font-size:22px;margin:12px 0 16px">{{e(heading)}}</h1></td></tr>
            {{string.Concat(paras.Select(p => $"<tr><td style=\"font-size:16px;line-height:1.5;padding-bottom:12px\">{e(p)}</td></tr>"))}}
            {{(actionUrl is null ? "" : $"<tr><td style=\"padding:12px 0 20px\"><a href=\"{e(actionUrl)}\" style=\"background:#2f6f4e;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600;display:inline-block\">{e(actionText ?? actionUrl)}</a></td></tr><tr><td style=\"font-size:13px;color:#5b6b63;word-break:break-all\">{e(actionUrl)}</td></tr>")}}
            <tr><td style="font-size:12px;color:#5b6b63;padding-top:24px;border-top:1px solid #e3e8e4">{{e(footer)}}</td></tr>
            </table></td></tr></table></body></html>
            """;
        var text = string.Join("\n\n", new[] { heading }.Concat(paras).Concat(actionUrl is null ? [] : [$"{actionText}: {actionUrl}"]).Append(footer));
        return (html, text);
    }
}
