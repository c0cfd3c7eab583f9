using PracticeCommunity.Components;
using PracticeCommunity.Components.Account;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.MemberDirectory;
using PracticeCommunity.Features.Email;
using PracticeCommunity.Features.Follows;
using PracticeCommunity.Features.Home;
using PracticeCommunity.Features.Live;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Features.Notifications;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Features.Search;
using PracticeCommunity.Features.Security;
using PracticeCommunity.Features.Sessions;
using PracticeCommunity.Features.Cases;
using PracticeCommunity.Features.Moderation;
using PracticeCommunity.Features.DataRights;
using PracticeCommunity.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddHosting();
builder.AddSecurity();
builder.AddData();
builder.AddEmail();
builder.AddMembers();
builder.AddAccess();
builder.AddRooms();
builder.AddNotifications();
builder.AddHome();
builder.AddFollows();
builder.AddDirectory();
builder.AddSessions();
builder.AddCases();
builder.AddModeration();
builder.AddDataRights();
builder.AddLive();
builder.AddSearch();

var app = builder.Build();

if (SqliteBackup.IsRequested(args))
{
    // Beside a running app (backup) or instead of it (restore): no web server, no start-up tasks.
    return await SqliteBackup.RunAsync(app.Services, args);
}

if (CreateAdminCommand.IsRequested(args))
{
    // Run only the start-up tasks that prepare the database: no web server, so it works beside a running app.
    foreach (var task in app.Services.GetServices<IHostedService>().Where(s => s is DatabaseInitializer or StaffRoleSeeder))
    {
        await task.StartAsync(CancellationToken.None);
    }
    var code = await CreateAdminCommand.RunAsync(app.Services, args);
    return code;
}

app.UseTransportSecurity();
app.UseExceptionHandler("/Error", createScopeForErrors: true);
app.UseCultures();
// Pages get the "not found" page; scripts on /api and /hubs get problem details, never an HTML page.
app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api") && !c.Request.Path.StartsWithSegments("/hubs"),
    pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
// Routing after the status code pages, so that a re-executed request (an unknown address) finds the /not-found page.
app.UseRouting();
app.UseAuthentication();
app.UseRequestSecurity();
app.UseModeration();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapOpenApi();
app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });

app.MapMembers();
app.MapRooms();
app.MapNotifications();
app.MapHome();
app.MapFollows();
app.MapDirectory();
app.MapSessions();
app.MapCases();
app.MapModeration();
app.MapDataRights();
app.MapEmail();
app.MapLive();
app.MapSearch();
// Our Content-Security-Policy (Features/Security) already forbids framing; no second header from Blazor.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
app.MapAccountEndpoints();

await app.RunAsync();
return 0;

public partial class Program;
