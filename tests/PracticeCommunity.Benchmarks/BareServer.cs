using System.Net;
using Microsoft.AspNetCore.SignalR;

namespace PracticeCommunity.Benchmarks;

/// <summary>
/// The yardstick: a SignalR hub that only relays. Same path, hub methods, HTTP endpoint and event shape as the
/// app (contract.md), but no database, no rules and no Markdown, so the live figures can be read as ratios.
/// </summary>
internal static class BareServer
{
    public const string HubPath = "/hubs/community";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args[1..]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<Relay>();

        var app = builder.Build();
        app.MapGet("/health/live", () => TypedResults.Ok());
        app.MapHub<BareHub>(HubPath);
        app.MapPost("/api/v1/threads/{threadId:long}/posts", async (long threadId, PostInput input, Relay relay) =>
        {
            if (string.IsNullOrWhiteSpace(input.Body)) return Results.BadRequest();
            var created = await relay.PostAsync(threadId, input.Body);
            return Results.Created($"/api/v1/threads/{threadId}/posts/{created.PostId}",
                new { id = created.PostId, created.ThreadId, created.BodyHtml, created.CreatedAt, created.Author });
        });
        await app.RunAsync();
        return 0;
    }

    internal sealed record PostInput(string? Body);
}

internal sealed record BareAuthor(string Id, string DisplayName, string? Organisation, string? Role);

internal sealed record BarePostCreated(long ThreadId, int RoomId, long PostId, string BodyHtml, BareAuthor Author, DateTimeOffset CreatedAt);

/// <summary>Makes the event and sends it to the thread's group, as the app's hub does for each post.</summary>
internal sealed class Relay(IHubContext<BareHub> hub)
{
    private static readonly BareAuthor Author = new("bare-author", "Bare Author", "Bare Organisation", "Buyer");
    private long _lastPostId;

    public async Task<BarePostCreated> PostAsync(long threadId, string body)
    {
        var created = new BarePostCreated(threadId, 1, Interlocked.Increment(ref _lastPostId),
            "<p>" + WebUtility.HtmlEncode(body) + "</p>", Author, DateTimeOffset.UtcNow);
        await hub.Clients.Group(BareHub.ThreadGroup(threadId)).SendAsync("PostCreated", created);
        return created;
    }
}

internal sealed class BareHub(Relay relay) : Hub
{
    public static string ThreadGroup(long threadId) => $"thread:{threadId}";

    public Task JoinThread(long threadId) => Groups.AddToGroupAsync(Context.ConnectionId, ThreadGroup(threadId));

    public Task LeaveThread(long threadId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, ThreadGroup(threadId));

    public async Task<long> SendPost(long threadId, string body) => (await relay.PostAsync(threadId, body)).PostId;
}
