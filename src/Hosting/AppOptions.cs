namespace PracticeCommunity.Hosting;

public sealed class AppOptions
{
    public const string SectionName = "App";

    /// <summary>Absolute URL used in email links; empty means the first URL the server listens on.</summary>
    [System.ComponentModel.DataAnnotations.Url]
    public string? PublicBaseUrl { get; set; }
}
