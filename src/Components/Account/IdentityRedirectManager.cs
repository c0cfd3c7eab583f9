using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using PracticeCommunity.Data;

namespace PracticeCommunity.Components.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    public void RedirectTo(string? uri)
    {
        navigationManager.NavigateTo(SafeLocal(uri));
    }

    /// <summary>
    /// Only a path on this site: anything else (another host, "//host", "/\host", a scheme, control characters)
    /// becomes the home page. Absolute URLs on this site's own base are kept as their relative path.
    /// </summary>
    public string SafeLocal(string? uri)
    {
        uri ??= "";
        if (Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            && navigationManager.BaseUri is var baseUri && uri.StartsWith(baseUri, StringComparison.OrdinalIgnoreCase))
        {
            uri = uri[baseUri.Length..];
        }
        var local = uri.Length == 0
            || (!uri.StartsWith("//", StringComparison.Ordinal) && !uri.StartsWith("/\\", StringComparison.Ordinal)
                && !uri.Contains('\\') && !uri.Any(char.IsControl) && !uri.Contains(':')
                && Uri.IsWellFormedUriString(uri, UriKind.Relative));
        return local ? uri : "";
    }

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
        => RedirectToWithStatus(CurrentPath, message, context);

    public void RedirectToInvalidUser(UserManager<Member> userManager, HttpContext context)
        => RedirectToWithStatus("Account/InvalidUser", "Error: We could not find your account. Sign in again.", context);
}
