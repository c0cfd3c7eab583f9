using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Features.Rooms;

namespace PracticeCommunity.Features.Live;

/// <summary>
/// /hubs/community: scripts and browsers follow rooms and threads live. Every method goes through the same
/// services as the pages and the API; a room or thread the caller may not see fails and adds nothing.
/// What a connection follows is kept in <see cref="HubConnections"/>, not in SignalR groups: events reach it through
/// <see cref="HubEventForwarder"/> on its own server, so joining works the same with one server or several, and
/// needs no Redis round trip.
/// </summary>
[Authorize]
public sealed class CommunityHub(MemberService members, RoomService rooms, ThreadLookup threads, PostCommands posts, PresenceTracker presence, HubConnections connections,
    Sessions.SessionLive sessions) : Hub
{
    public static string RoomGroup(int roomId) => $"room:{roomId}";
    public static string ThreadGroup(long threadId) => $"thread:{threadId}";
    public static string SessionGroup(long sessionId) => $"session:{sessionId}";

    private const string NotFound = "Not found.";

    public async Task JoinRoom(int roomId)
    {
        var viewer = await ViewerAsync();
        _ = await rooms.FindRoomAsync(viewer, roomId.ToString(), Context.ConnectionAborted) ?? throw new HubException(NotFound);
        connections.Joined(Context.ConnectionId, RoomGroup(roomId));
    }

    /// <summary>
    /// Follows a live session: SessionLiveChanged { sessionId } arrives on every change, and the caller reads
    /// GET /api/v1/sessions/{id}/live. Only those who may take part (a confirmed place, presenters, moderators) may join.
    /// </summary>
    public async Task JoinSession(long sessionId)
    {
        var viewer = await ViewerAsync();
        var live = await sessions.GetAsync(viewer, sessionId, Context.ConnectionAborted);
        if (!live.Succeeded) throw new HubException(live.Status == ResultStatus.Forbidden ? live.Message : NotFound);
        connections.Joined(Context.ConnectionId, SessionGroup(sessionId));
    }

    public void LeaveSession(long sessionId) => connections.Left(Context.ConnectionId, SessionGroup(sessionId));

    public void LeaveRoom(int roomId) => connections.Left(Context.ConnectionId, RoomGroup(roomId));

    public async Task JoinThread(long threadId)
    {
        var viewer = await ViewerAsync();
        var room = await threads.RoomOfVisibleThreadAsync(viewer, threadId, Context.ConnectionAborted) ?? throw new HubException(NotFound);
        connections.Joined(Context.ConnectionId, ThreadGroup(threadId));
        await presence.JoinAsync(threadId, Context.ConnectionId, viewer.DisplayName, room.Audience);
    }

    public async Task LeaveThread(long threadId)
    {
        connections.Left(Context.ConnectionId, ThreadGroup(threadId));
        await presence.LeaveAsync(threadId, Context.ConnectionId);
    }

    /// <summary>Same rules and result as POST /api/v1/threads/{threadId}/posts.</summary>
    public Task<CreatedPost> SendPost(long threadId, string body) => SendPostWithDisclosure(threadId, body, null);

    /// <summary>For suppliers, who must say whether the post mentions their own product or service.</summary>
    public async Task<CreatedPost> SendPostWithDisclosure(long threadId, string body, bool? mentionsOwnOffering)
    {
        var viewer = await ViewerAsync();
        var result = await posts.CreatePostAsync(viewer, threadId, new NewPostInput { Body = body, MentionsOwnOffering = mentionsOwnOffering }, Context.ConnectionAborted);
        return result.Status switch
        {
            ResultStatus.Ok => result.Value!,
            ResultStatus.NotFound => throw new HubException(NotFound),
            _ => throw new HubException(result.Message),
        };
    }

    public async Task Typing(long threadId)
    {
        // Only someone who joined the thread (and so passed the audience check) can say they type in it.
        if (!presence.IsIn(threadId, Context.ConnectionId)) throw new HubException(NotFound);
        var viewer = await ViewerAsync();
        var room = await threads.RoomOfVisibleThreadAsync(viewer, threadId) ?? throw new HubException(NotFound);
        await presence.TypingAsync(threadId, viewer.DisplayName, room.Audience);
    }

    public override async Task OnConnectedAsync()
    {
        if (Context.UserIdentifier is { } memberId) connections.Connected(Context.ConnectionId, memberId, Context.Abort);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Disconnected(Context.ConnectionId);
        foreach (var threadId in presence.ThreadsOf(Context.ConnectionId))
        {
            await presence.LeaveAsync(threadId, Context.ConnectionId);
        }
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>The caller's current rights on every call: the member service forgets a viewer as soon as their access changes.</summary>
    private async Task<Viewer> ViewerAsync()
    {
        var viewer = await members.GetViewerAsync(Context.User, Context.ConnectionAborted);
        if (!viewer.IsSignedIn) throw new HubException("Sign in first.");
        return viewer;
    }
}
