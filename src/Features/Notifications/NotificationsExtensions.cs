using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PracticeCommunity.Features.Members;

namespace PracticeCommunity.Features.Notifications;

public static class NotificationsExtensions
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NotificationService>();
        return builder;
    }

    public static WebApplication MapNotifications(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/notifications").WithTags("Notifications").RequireAuthorization();
        api.MapGet("/", async (Viewer viewer, NotificationService notifications, CancellationToken ct) =>
        {
            return TypedResults.Ok(new { unread = await notifications.UnreadCountAsync(viewer, ct), items = await notifications.ListAsync(viewer, 50, ct) });
        });
        api.MapPost("/read", async Task<NoContent> (Viewer viewer, NotificationService notifications, CancellationToken ct) =>
        {
            await notifications.MarkReadAsync(viewer, null, ct);
            return TypedResults.NoContent();
        });
        return app;
    }
}
