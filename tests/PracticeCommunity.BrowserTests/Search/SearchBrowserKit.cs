using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PracticeCommunity.BrowserTests.Rooms;
using PracticeCommunity.Testing;

namespace PracticeCommunity.BrowserTests.Search;

/// <summary>A thread made over the API for a search test: its id, its opening post's id and its title.</summary>
public sealed record SeededThread(long Id, long OpeningPostId, string Title);

public static class SearchBrowserKit
{
    /// <summary>Open to every member (buyers and suppliers).</summary>
    public const string OpenRoom = RoomsBrowserKit.OpenRoom;
    public const string OpenRoomTitle = "What kind of capacity building activities and training do your colleagues need in order to deliver circular public procurement projects?";

    /// <summary>Buyers only: a supplier may not enter it, nor find anything in it.</summary>
    public const string BuyersOnlyRoom = Rooms.RoomsBrowserKit.BuyersOnlyRoom;
    public const string BuyersOnlyRoomTitle = "How can city departments or colleagues across departments share best practices and learn from each other?";

    /// <summary>A word no other test (nor the seed data) uses, so each test's search finds only its own posts.</summary>
    public static string DistinctiveWord(string stem) => stem + Guid.NewGuid().ToString("N")[..8];

    public static async Task<SeededThread> StartThreadWithIdsAsync(this BrowserMember member, string room, string title, string body)
    {
        using var response = await member.Http.PostAsJsonAsync($"/api/v1/rooms/{room}/threads", new { title, body, kind = "PracticeQuestion", tags = Array.Empty<string>() });
        await CommunitySteps.EnsureAsync(response, HttpStatusCode.Created, $"{member.DisplayName} starting a thread in {room}");
        var thread = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new SeededThread(thread.GetProperty("id").GetInt64(), thread.GetProperty("openingPost").GetProperty("id").GetInt64(), title);
    }

    /// <summary>Replies over the API; returns the new post's id.</summary>
    public static async Task<long> ReplyWithIdAsync(this BrowserMember member, long threadId, string body)
    {
        using var response = await member.Http.PostAsJsonAsync($"/api/v1/threads/{threadId}/posts", new { body });
        await CommunitySteps.EnsureAsync(response, HttpStatusCode.Created, $"{member.DisplayName} replying");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>One thread in the open room and one in the buyers-only room, both with <paramref name="word"/> in the body.</summary>
    public static async Task<(SeededThread Open, SeededThread BuyersOnly)> OpenAndBuyersOnlyThreadsAsync(this BrowserMember buyer, string word)
    {
        var open = await buyer.StartThreadWithIdsAsync(OpenRoom, Unique.Name("Training plans for contract managers"),
            $"Our {word} plan trains every contract manager in two half days.");
        var buyersOnly = await buyer.StartThreadWithIdsAsync(BuyersOnlyRoom, Unique.Name("Budget lines we share between departments"),
            $"The {word} budget is split between the mobility and facilities departments.");
        return (open, buyersOnly);
    }
}
