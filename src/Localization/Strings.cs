namespace PracticeCommunity.Localization;

/// <summary>
/// Marker for the shared UI strings in Strings.resx (English) and, later, Strings.nl.resx and Strings.fr.resx.
/// Keys are the English text, so a missing translation falls back to readable English.
/// </summary>
public sealed class Strings;
