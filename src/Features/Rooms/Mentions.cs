using System.Net;
using System.Text.RegularExpressions;

namespace PracticeCommunity.Features.Rooms;

/// <summary>
/// Mentions are written <c>@[Display Name]</c> (the composer's autocomplete inserts them). They become a
/// highlighted name in the rendered post and a notification for that member, if they may see the room.
/// </summary>
public static partial class Mentions
{
    [GeneratedRegex(@"@\[([^\[\]\r\n<>]{1,100})\]")]
    private static partial Regex Token();

    public static IReadOnlyList<string> Names(string markdown) =>
        Token().Matches(markdown).Select(m => m.Groups[1].Value.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Marks resolved mentions in rendered (already encoded) HTML; unresolved ones stay plain text.</summary>
    public static string Highlight(string html, IReadOnlyDictionary<string, string> memberIdsByName) =>
        Token().Replace(html, m =>
        {
            var name = WebUtility.HtmlDecode(m.Groups[1].Value).Trim();
            return memberIdsByName.TryGetValue(name, out var id)
                ? $"<strong class=\"mention\" data-member-id=\"{WebUtility.HtmlEncode(id)}\">@{WebUtility.HtmlEncode(name)}</strong>"
                : m.Value;
        });
}
