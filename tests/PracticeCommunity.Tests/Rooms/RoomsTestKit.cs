using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Rooms;

/// <summary>The kinds of people the room rules tell apart (domain.md, "People and roles").</summary>
public enum Persona
{
    /// <summary>A public buyer granted at once through a public-body domain (gent.be).</summary>
    Buyer,
    /// <summary>Asked for Buyer status from a domain that is not on the list: waits for a moderator.</summary>
    PendingBuyer,
    Supplier,
    Facilitator,
    /// <summary>Staff: the Moderator role added through Identity, no community profile.</summary>
    Moderator,
}

/// <summary>A signed-in member with an API client; dispose to release the client.</summary>
public sealed record CommunityMember(Persona Persona, string Email, string Id, string DisplayName, string? Organisation, string Token, HttpClient Http) : IDisposable
{
    public void Dispose() => Http.Dispose();

    public override string ToString() => $"{Persona} {DisplayName}";
}

/// <summary>
/// Set-up and reading helpers for the thread tests: members of each persona, threads and posts over the public API.
/// Members are made straight through Identity (fast) and complete their profile over the API, as a script would.
/// </summary>
public static class RoomsTestKit
{
    /// <summary>Seeded rooms (src/Data/Seed/RoomSeed.cs), one per audience.</summary>
    public const string OpenRoom = "capacity-training-needs";
    public const string BuyersOnlyRoom = "capacity-share-across-departments";
    public const string MarketDialogueRoom = "research-local-businesses";

    public static string RoomOf(string audience) => audience switch
    {
        "Open" => OpenRoom,
        "BuyersOnly" => BuyersOnlyRoom,
        "MarketDialogue" => MarketDialogueRoom,
        _ => throw new ArgumentOutOfRangeException(nameof(audience), audience, null),
    };

    public static async Task<CommunityMember> JoinAsAsync(this CommunityAppFactory app, Persona persona, string? displayName = null, string? organisation = null)
    {
        var prefix = persona.ToString().ToLowerInvariant();
        var domain = persona == Persona.Buyer ? CommunityAppFactory.PublicBodyDomain : "example.org";
        var email = Unique.Email(prefix, domain);
        if (persona == Persona.Moderator)
        {
            var moderatorId = await app.CreateConfirmedAccountAsync(email, staffRoles: StaffRoles.Moderator);
            var moderatorToken = await app.LoginAsync(email);
            return new CommunityMember(persona, email, moderatorId, email.Split('@')[0], null, moderatorToken, app.ClientWithToken(moderatorToken));
        }

        var (role, organisationType, defaultName, defaultOrganisation) = persona switch
        {
            Persona.Buyer => ("Buyer", "PublicBuyer", "Bea Buyer", "Stad Gent"),
            Persona.PendingBuyer => ("Buyer", "PublicBuyer", "Pim Pending", "Gemeente Ergens"),
            Persona.Supplier => ("Supplier", "Supplier", "Sam Supplier", "Circular Desks NV"),
            Persona.Facilitator => ("Facilitator", "Facilitator", "Fien Facilitator", "Kennis Partners"),
            _ => throw new ArgumentOutOfRangeException(nameof(persona)),
        };
        var name = displayName ?? Unique.Name(defaultName);
        var organisationName = organisation ?? Unique.Name(defaultOrganisation);
        var id = await app.CreateConfirmedAccountAsync(email);
        var token = await app.LoginAsync(email);
        var http = app.ClientWithToken(token);
        using (var put = await http.PutProfileAsync(CommunitySteps.Profile(role, organisationType, organisationName, displayName: name)))
        {
            await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, $"completing the profile of {email} as {persona}");
        }
        var status = (await http.GetJsonAsync("/api/v1/me")).GetProperty("roleStatus").GetString();
        var expected = persona == Persona.PendingBuyer ? "Pending" : "Granted";
        if (status != expected)
        {
            throw new InvalidOperationException($"{persona} {email} has role status {status}, expected {expected}.");
        }
        return new CommunityMember(persona, email, id, name, organisationName, token, http);
    }

    // ---------- threads and posts over the API ----------

    public static Task<HttpResponseMessage> PostThreadAsync(this HttpClient client, string room, object body) =>
        client.PostAsJsonAsync($"/api/v1/rooms/{room}/threads", body);

    /// <summary>Starts a thread and returns (thread id, opening post id).</summary>
    public static async Task<(long ThreadId, long OpeningPostId)> StartThreadAsync(
        this CommunityMember member, string room, string? title = null, string body = "What worked for you?",
        string kind = "PracticeQuestion", string[]? tags = null, bool? mentionsOwnOffering = null)
    {
        title ??= Unique.Name("Thread");
        using var response = await member.Http.PostThreadAsync(room, new { title, body, kind, tags = tags ?? [], mentionsOwnOffering });
        await CommunitySteps.EnsureAsync(response, HttpStatusCode.Created, $"{member} starting a thread in {room}");
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("id").GetInt64(), created.GetProperty("openingPost").GetProperty("id").GetInt64());
    }

    public static Task<HttpResponseMessage> PostReplyAsync(this HttpClient client, long threadId, string body, bool? mentionsOwnOffering = null) =>
        client.PostAsJsonAsync($"/api/v1/threads/{threadId}/posts", new { body, mentionsOwnOffering });

    /// <summary>Replies and returns the created post (201 body). Suppliers say "no" to the disclosure unless told otherwise.</summary>
    public static async Task<JsonElement> ReplyAsync(this CommunityMember member, long threadId, string body, bool? mentionsOwnOffering = null)
    {
        mentionsOwnOffering ??= member.Persona == Persona.Supplier ? false : null;
        using var response = await member.Http.PostReplyAsync(threadId, body, mentionsOwnOffering);
        await CommunitySteps.EnsureAsync(response, HttpStatusCode.Created, $"{member} replying in thread {threadId}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static Task<JsonElement> ThreadAsync(this CommunityMember member, long threadId, long? afterPostId = null) =>
        member.Http.GetJsonAsync($"/api/v1/threads/{threadId}" + (afterPostId is { } after ? $"?afterPostId={after}" : ""));

    public static IReadOnlyList<JsonElement> Posts(this JsonElement thread) => thread.GetProperty("posts").EnumerateArray().ToList();

    public static JsonElement Post(this JsonElement thread, long postId) =>
        thread.Posts().SingleOrDefault(p => p.GetProperty("id").GetInt64() == postId) is { ValueKind: JsonValueKind.Object } post
            ? post
            : throw new Xunit.Sdk.XunitException($"Post {postId} is not in thread {thread.GetProperty("id")}: {thread}");

    public static long Id(this JsonElement element) => element.GetProperty("id").GetInt64();

    public static string Str(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    public static async Task<JsonElement> NotificationsAsync(this CommunityMember member) => await member.Http.GetJsonAsync("/api/v1/notifications");

    /// <summary>Rooms the member sees, by slug → id.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> RoomIdsAsync(this CommunityMember member) =>
        (await member.Http.GetJsonAsync("/api/v1/rooms")).EnumerateArray()
            .ToDictionary(r => r.GetProperty("slug").GetString()!, r => r.GetProperty("id").GetInt32());

    /// <summary>A body of <paramref name="length"/> characters that Markdown keeps as one paragraph.</summary>
    public static string Text(int length, char fill = 'a') => new(fill, length);
}
