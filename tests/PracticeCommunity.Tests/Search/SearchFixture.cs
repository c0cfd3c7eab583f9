using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Search;

/// <summary>
/// One app and the cast of a search test class, made once over the public API: a granted buyer (public-body
/// domain), a supplier, a pending buyer and a moderator, plus a buyers-only room and an open room.
/// Tests keep apart by searching for words that only they use (<see cref="SearchSteps.Word"/>).
/// </summary>
public sealed class SearchFixture : IAsyncLifetime
{
    private readonly AppFixture _app = new();

    public CommunityAppFactory App => _app.App;
    public HttpClient Buyer { get; private set; } = null!;
    public HttpClient Supplier { get; private set; } = null!;
    public HttpClient PendingBuyer { get; private set; } = null!;
    public HttpClient Moderator { get; private set; } = null!;
    public ListedRoom BuyersOnlyRoom { get; private set; } = null!;
    public ListedRoom OpenRoom { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        var buyer = App.MemberWithProfileAsync(Unique.Email("buyer", CommunityAppFactory.PublicBodyDomain),
            CommunitySteps.Profile("Buyer", "PublicBuyer", displayName: "Bea Buyer"));
        var supplier = App.MemberWithProfileAsync(Unique.Email("supplier"),
            CommunitySteps.Profile("Supplier", "Supplier", displayName: "Sam Supplier"));
        var pending = App.MemberWithProfileAsync(Unique.Email("pending"),
            CommunitySteps.Profile("Buyer", "PublicBuyer", displayName: "Pat Pending"));
        var moderatorEmail = Unique.Email("moderator");
        await App.CreateConfirmedAccountAsync(moderatorEmail, staffRoles: StaffRoles.Moderator);
        Moderator = await App.SignedInClientAsync(moderatorEmail);
        (Buyer, Supplier, PendingBuyer) = (await buyer, await supplier, await pending);

        Assert.Equal("Granted", await Buyer.RoleStatusAsync());
        Assert.Equal("Pending", await PendingBuyer.RoleStatusAsync());
        var rooms = await Buyer.ListRoomsAsync();
        BuyersOnlyRoom = rooms.First(r => r.Audience == "BuyersOnly");
        OpenRoom = rooms.First(r => r.Audience == "Open");
    }

    public async Task DisposeAsync()
    {
        foreach (var client in new[] { Buyer, Supplier, PendingBuyer, Moderator })
        {
            client?.Dispose();
        }
        await _app.DisposeAsync();
    }
}

public sealed record StartedThread(long ThreadId, long OpeningPostId);

/// <summary>What the search tests do over the API.</summary>
public static class SearchSteps
{
    /// <summary>A word no other test uses (letters and digits, one token for FTS5).</summary>
    public static string Word(string prefix = "w") => prefix + Guid.NewGuid().ToString("N")[..12];

    public static async Task<StartedThread> StartThreadAsync(this HttpClient client, ListedRoom room, string title, string body, params string[] tags)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/rooms/{room.Id}/threads",
            new { title, body, kind = "PracticeQuestion", tags });
        await CommunitySteps.EnsureAsync(response, HttpStatusCode.Created, $"starting a thread in {room.Slug}");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new StartedThread(json.GetProperty("id").GetInt64(), json.GetProperty("openingPost").GetProperty("id").GetInt64());
    }

    public static async Task<long> ReplyAsync(this HttpClient client, long threadId, string body)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/threads/{threadId}/posts", new { body });
        await CommunitySteps.EnsureAsync(response, HttpStatusCode.Created, $"replying in thread {threadId}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public static Task<HttpResponseMessage> GetSearchAsync(this HttpClient client, string q, string? roomId = null, string? tag = null, int? page = null, long? threadId = null)
    {
        var url = "/api/v1/search?q=" + Uri.EscapeDataString(q);
        if (roomId is not null) url += "&roomId=" + Uri.EscapeDataString(roomId);
        if (tag is not null) url += "&tag=" + Uri.EscapeDataString(tag);
        if (page is not null) url += "&page=" + page;
        if (threadId is not null) url += "&threadId=" + threadId;
        return client.GetAsync(url);
    }

    public static async Task<SearchPageJson> SearchAsync(this HttpClient client, string q, string? roomId = null, string? tag = null, int? page = null, long? threadId = null)
    {
        using var response = await client.GetSearchAsync(q, roomId, tag, page, threadId);
        await CommunitySteps.EnsureAsync(response, HttpStatusCode.OK, $"searching for '{q}'");
        return SearchPageJson.From(await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}

/// <summary>GET /api/v1/search as a script reads it.</summary>
public sealed record SearchPageJson(string Query, int Page, int PageSize, int TotalCount, IReadOnlyList<SearchHitJson> Items)
{
    public static SearchPageJson From(JsonElement json) => new(
        json.GetProperty("query").GetString()!,
        json.GetProperty("page").GetInt32(),
        json.GetProperty("pageSize").GetInt32(),
        json.GetProperty("totalCount").GetInt32(),
        json.GetProperty("items").EnumerateArray().Select(SearchHitJson.From).ToList());

    public IEnumerable<string> ThreadTitles => Items.Select(i => i.ThreadTitle);
}

public sealed record SearchHitJson(long ThreadId, long PostId, int RoomId, string RoomTitle, string ThreadTitle, string Snippet, string AuthorDisplayName, DateTimeOffset CreatedAt, double Rank, int MoreInThread)
{
    public static SearchHitJson From(JsonElement json) => new(
        json.GetProperty("threadId").GetInt64(),
        json.GetProperty("postId").GetInt64(),
        json.GetProperty("roomId").GetInt32(),
        json.GetProperty("roomTitle").GetString()!,
        json.GetProperty("threadTitle").GetString()!,
        json.GetProperty("snippet").GetString()!,
        json.GetProperty("authorDisplayName").GetString()!,
        json.GetProperty("createdAt").GetDateTimeOffset(),
        json.GetProperty("rank").GetDouble(),
        json.GetProperty("moreInThread").GetInt32());
}
