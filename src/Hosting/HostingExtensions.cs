using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace PracticeCommunity.Hosting;

public static class HostingExtensions
{
    /// <summary>Picks the UI language from the cookie or the browser, among the supported ones.</summary>
    public static WebApplication UseCultures(this WebApplication app)
    {
        var cultures = app.Services.GetRequiredService<IOptions<CultureOptions>>().Value.Supported;
        app.UseRequestLocalization(o => o.SetDefaultCulture(cultures[0]).AddSupportedCultures(cultures).AddSupportedUICultures(cultures));
        return app;
    }

    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>What every feature relies on: time, localization, problem details, OpenAPI, JSON, Blazor.</summary>
    public static IHostApplicationBuilder AddHosting(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddLocalization();
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<ApiExceptionHandler>();
        // Unreadable bodies throw in every environment (not only Development), so the handler above answers them.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi(ApiDocument.Configure);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddRazorComponents().AddInteractiveServerComponents();
        // Email links are built from this URL, never from a request's Host header. Development may leave it empty
        // (links then use the address the app listens on); anywhere else an installation must say where it lives.
        var development = builder.Environment.IsDevelopment();
        services.AddOptions<AppOptions>().BindConfiguration(AppOptions.SectionName)
            .Validate(o => string.IsNullOrEmpty(o.PublicBaseUrl) ? development : AppOptions.IsAbsoluteWebUrl(o.PublicBaseUrl),
                "App:PublicBaseUrl must be set to the absolute http(s) URL members use, such as https://community.example.org (it may stay empty only in Development).")
            .ValidateOnStart();
        services.AddSingleton<PublicUrls>();
        services.AddOptions<CultureOptions>().BindConfiguration(CultureOptions.SectionName)
            .Validate(o => o.Supported.Length > 0 && o.Supported.All(CultureOptions.IsKnown), "Cultures:Supported must list culture names such as en, nl, fr.")
            .ValidateOnStart();
        // Posts are at most 20,000 characters; anything far larger is refused on the wire with 413.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        return builder;
    }
}

/// <summary>
/// The languages the UI offers. Adding one is a resource file (src/Localization/Strings.nl.resx) and a
/// setting (Cultures:Supported), no code change.
/// </summary>
public sealed class CultureOptions
{
    public const string SectionName = "Cultures";

    public string[] Supported { get; set; } = ["en"];

    public static bool IsKnown(string name)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(name) && System.Globalization.CultureInfo.GetCultureInfo(name, predefinedOnly: true) is not null;
        }
        catch (System.Globalization.CultureNotFoundException)
        {
            return false;
        }
    }
}

/// <summary>Absolute links for emails: App:PublicBaseUrl, or in Development the address the server listens on.
/// Never the Host header of a request, which anyone can forge.</summary>
public sealed class PublicUrls(IOptions<AppOptions> options, IServer server)
{
    public Uri BaseUri
    {
        get
        {
            var configured = options.Value.PublicBaseUrl;
            if (!string.IsNullOrEmpty(configured)) return new Uri(configured.TrimEnd('/') + "/");
            var first = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
            return new Uri(first.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://[::]", "://localhost").TrimEnd('/') + "/");
        }
    }

    public string For(string relative) => new Uri(BaseUri, relative.TrimStart('/')).ToString();

    /// <summary>The same path and query on the public base: for links a framework built from the request.</summary>
    public string Rebase(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) ? For(uri.PathAndQuery) : For(link);
}
