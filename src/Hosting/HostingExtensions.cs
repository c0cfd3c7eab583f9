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
        // Unreadable bodies throw in every environment (not only Development), so the handler above answers them.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddOptions<AppOptions>().BindConfiguration(AppOptions.SectionName)
            .Validate(o => string.IsNullOrEmpty(o.PublicBaseUrl) || Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _),
                "App:PublicBaseUrl must be an absolute URL such as https://community.example.org.")
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

/// <summary>Absolute links for emails, which have no request to take a host from.</summary>
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
}
