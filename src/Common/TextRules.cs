using System.Text.RegularExpressions;

namespace PracticeCommunity.Common;

/// <summary>Small checks on plain-text fields (names, domains) shared by every form and endpoint.</summary>
public static partial class TextRules
{
    public static bool HasMarkupOrControl(string value) =>
        value.Any(c => c is '<' or '>') || HasInvisibleOrControl(value);

    /// <summary>
    /// Control characters and the characters that change how text looks without being seen: format characters
    /// (category Cf: right-to-left overrides U+202E, isolates U+2066–U+2069, zero-width U+200B–U+200D, U+FEFF)
    /// and line and paragraph separators (Zl U+2028, Zp U+2029). No name or title needs them, and they are how
    /// one name is made to look like another.
    /// </summary>
    public static bool HasInvisibleOrControl(string value) => value.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) is
        System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator);

    /// <summary>
    /// The form of a display name used to tell names apart: compatibility-decomposed (full-width letters become
    /// ASCII), accents removed, case folded, and every kind of space (no-break, thin, ideographic...) one space.
    /// "Anna", "ANNA", "Ánna" and "Anna" with a no-break space are the same name.
    /// </summary>
    public static string NormaliseName(string value)
    {
        var decomposed = value.Normalize(System.Text.NormalizationForm.FormKD);
        var builder = new System.Text.StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            var category = char.GetUnicodeCategory(c);
            if (category is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.EnclosingMark
                or System.Globalization.UnicodeCategory.Format) continue;
            if (char.IsWhiteSpace(c) || category == System.Globalization.UnicodeCategory.SpaceSeparator)
            {
                space = builder.Length > 0;
                continue;
            }
            if (space) builder.Append(' ');
            space = false;
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

    /// <summary>The text cut to at most <paramref name="max"/> characters, ending in "…" when it was longer (for columns and labels).</summary>
    public static string Shorten(string text, int max) => text.Length > max ? text[..(max - 1)] + "…" : text;

    public static bool IsDomain(string value) => value.Length <= 253 && DomainPattern().IsMatch(value);

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex DomainPattern();
}
