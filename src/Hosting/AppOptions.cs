namespace PracticeCommunity.Hosting;

public sealed class AppOptions
{
    public const string SectionName = "App";

    /// <summary>Absolute URL used in email links; required outside Development; empty there means the first URL the server listens on.</summary>
    public string? PublicBaseUrl { get; set; }

    public static bool IsAbsoluteWebUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}
