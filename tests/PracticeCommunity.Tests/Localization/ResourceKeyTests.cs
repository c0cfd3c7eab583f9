using System.Text.RegularExpressions;
using System.Xml.Linq;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Localization;

/// <summary>
/// Every UI string goes through IStringLocalizer with the English text as key (issue 2). A key used in code but
/// missing from Strings.resx still shows (as its key), but a translator never sees it: this test finds those.
/// </summary>
public sealed partial class ResourceKeyTests
{
    private static readonly string SourceRoot = RepositoryRoot.Combine("src");
    private static readonly string ResourceFile = RepositoryRoot.Combine("src", "Localization", "Strings.resx");

    [Fact]
    public void Every_localizer_key_used_in_src_is_in_Strings_resx()
    {
        Assert.True(File.Exists(ResourceFile), $"{ResourceFile} is missing: the UI strings have no resource file.");
        var defined = ResourceKeys(ResourceFile);

        var used = UsedKeys().ToList();
        Assert.NotEmpty(used); // the scan itself must find something, or it proves nothing

        var missing = used.Where(u => !defined.Contains(u.Key))
            .GroupBy(u => u.Key)
            .Select(g => $"\"{g.Key}\" (used in {string.Join(", ", g.Select(u => u.Where).Distinct())})")
            .ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} localizer key(s) missing from src/Localization/Strings.resx:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void No_two_keys_differ_only_in_case()
    {
        // The resource build keeps one of them and warns (MSB3568): the other text silently never shows.
        var clashes = ResourceKeys(ResourceFile).GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(clashes.Count == 0, "Keys that differ only in case: " + string.Join(", ", clashes));
    }

    [Fact]
    public void The_key_scanner_reads_plain_and_formatted_keys()
    {
        var keys = KeysIn("""<h1>@L["My profile"]</h1> @L["Part {0}", n] x.L["no"] Add(L["Say \"hi\"."]) L[$"interpolated {x}"] [Required(ErrorMessage = "Enter it.")]""").ToList();
        Assert.Equal(["My profile", "Part {0}", "Say \"hi\".", "Enter it."], keys);
    }

    private static HashSet<string> ResourceKeys(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .Select(d => (string?)d.Attribute("name"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<(string Key, string Where)> UsedKeys() =>
        Directory.EnumerateFiles(SourceRoot, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => KeysIn(File.ReadAllText(f)).Select(k => (k, Path.GetRelativePath(RepositoryRoot.Path, f))));

    private static IEnumerable<string> KeysIn(string source) =>
        LocalizerKey().Matches(source).Concat(ValidationMessage().Matches(source)).Select(m => Regex.Unescape(m.Groups[1].Value));

    // L["text"] or L["text {0}", arg]: a regular string literal right after L[; not x.L[...] nor L[$"..."].
    [GeneratedRegex(@"(?<![\w.])L\[\s*""((?:[^""\\\r\n]|\\.)*)""")]
    private static partial Regex LocalizerKey();

    // [Required(ErrorMessage = "text")]: form messages shown through FieldMessage and FormMessages, which localize them.
    [GeneratedRegex(@"ErrorMessage\s*=\s*""((?:[^""\\\r\n]|\\.)*)""")]
    private static partial Regex ValidationMessage();
}
