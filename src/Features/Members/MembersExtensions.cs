using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using PracticeCommunity.Components.Account;
using PracticeCommunity.Data;

namespace PracticeCommunity.Features.Members;

public static class MembersExtensions
{
    /// <summary>The scheme that picks bearer tokens for scripts and the cookie for browsers.</summary>
    public const string CookieOrBearer = "CookieOrBearer";

    public static IHostApplicationBuilder AddMembers(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MembersOptions>().BindConfiguration(MembersOptions.SectionName).ValidateOnStart();

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieOrBearer;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddPolicyScheme(CookieOrBearer, displayName: null, o => o.ForwardDefaultSelector = context =>
                Security.BearerStampCheck.UsesBearer(context.Request)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromHours(1);
                // Browsers' WebSocket API cannot set headers: the SignalR clients send the token as access_token.
                o.Events = new BearerTokenEvents
                {
                    OnMessageReceived = context =>
                    {
                        if (context.Request.Path.StartsWithSegments("/hubs") && context.Request.Query["access_token"] is { Count: > 0 } token)
                        {
                            context.Token = token;
                        }
                        return Task.CompletedTask;
                    },
                };
            })
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(o =>
            {
                o.LoginPath = "/Account/Login";
                // Scripts get status codes, not a redirect to a login page.
                o.Events.OnRedirectToLogin = context => IsApi(context.Request) ? Status(context.Response, 401) : Redirect(context);
                o.Events.OnRedirectToAccessDenied = context => IsApi(context.Request) ? Status(context.Response, 403) : Redirect(context);
            }));
        services.AddAuthorization();

        services.AddIdentityCore<Member>(options =>
            {
                options.SignIn.RequireConfirmedAccount = true;
                options.SignIn.RequireConfirmedEmail = true;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddUserManager<Accounts.CommunityUserManager>()
            // AddApiEndpoints registers the plain SignInManager; ours comes after it so that it is the one used.
            .AddApiEndpoints()
            .AddSignInManager<Accounts.CommunitySignInManager>()
            .AddDefaultTokenProviders();

        services.AddHostedService<StaffRoleSeeder>();
        services.AddSingleton<MemberService>();
        services.AddSingleton<IViewerSource>(sp => sp.GetRequiredService<MemberService>());
        services.AddSingleton<Profiles>();
        services.AddSingleton<MemberAdministration>();
        services.AddScoped<CurrentViewer>();
        services.AddScoped<Accounts.ExistingAccounts>();
        services.AddSingleton<Accounts.SecurityStamps>();
        return builder;
    }

    public static WebApplication MapMembers(this WebApplication app)
    {
        app.MapGroup("/api/v1/auth").WithTags("Auth")
            .AddEndpointFilter(Accounts.AuthApiGuard.GuardAsync)
            .MapIdentityApi<Member>();
        app.MapMembersApi();
        return app;
    }

    private static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs");

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
