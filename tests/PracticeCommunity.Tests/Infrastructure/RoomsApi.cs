using System.Text.Json;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Infrastructure;

public sealed record ListedRoom(int Id, string Slug, string Title, int Part, string Audience);

public static class RoomsApiClient
{
    public static async Task<IReadOnlyList<ListedRoom>> ListRoomsAsync(this HttpClient client)
    {
        var json = await client.GetJsonAsync("/api/v1/rooms");
        return json.EnumerateArray().Select(r => new ListedRoom(
            r.GetProperty("id").GetInt32(),
            r.GetProperty("slug").GetString()!,
            r.GetProperty("title").GetString()!,
            r.GetProperty("part").GetInt32(),
            r.GetProperty("audience").GetString()!)).ToList();
    }

    public static async Task<JsonElement> GetMeAsync(this HttpClient client) => await client.GetJsonAsync("/api/v1/me");

    public static async Task<string> RoleStatusAsync(this HttpClient client) =>
        (await client.GetMeAsync()).GetProperty("roleStatus").GetString()!;
}
