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
            return TypedResults.Ok(new NotificationList(await notifications.UnreadCountAsync(viewer, ct), await notifications.ListAsync(viewer, 50, ct)));
        }).WithName("ListNotifications").WithSummary("The caller's newest notifications and the unread count");
        api.MapPost("/read", async Task<NoContent> (Viewer viewer, NotificationService notifications, CancellationToken ct) =>
        {
            await notifications.MarkReadAsync(viewer, null, ct);
            return TypedResults.NoContent();
        }).WithName("MarkNotificationsRead").WithSummary("Mark all the caller's notifications read");
        return app;
    }
}

/// <summary>GET /api/v1/notifications: the bell's count and the list.</summary>
public sealed record NotificationList(int Unread, IReadOnlyList<NotificationView> Items);
