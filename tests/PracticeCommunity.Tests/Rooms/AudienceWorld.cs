using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Rooms;

/// <summary>
/// One app with a member of every persona and, in each seeded audience, a thread a buyer started (with a reply),
/// whose title carries a marker that must never show up in an answer to someone who may not see it.
/// Shared by the tests of a class; they only add posts of their own and find them by id.
/// </summary>
public sealed class AudienceWorld : IAsyncLifetime
{
    public static readonly string[] Audiences = ["Open", "BuyersOnly", "MarketDialogue"];

    public CommunityAppFactory App { get; private set; } = null!;

    public IReadOnlyDictionary<Persona, CommunityMember> Members { get; private set; } = null!;

    /// <summary>Audience → the buyer's thread there.</summary>
    public IReadOnlyDictionary<string, SeededThread> Threads { get; private set; } = null!;

    /// <summary>Room slug → id (as a buyer, who sees them all).</summary>
    public IReadOnlyDictionary<string, int> RoomIds { get; private set; } = null!;

    public CommunityMember this[Persona persona] => Members[persona];

    public async Task InitializeAsync()
    {
        App = new CommunityAppFactory(await MailCatcher.SharedAsync());
        _ = App.Server;
        var members = new Dictionary<Persona, CommunityMember>();
        foreach (var persona in Enum.GetValues<Persona>())
        {
            members[persona] = await App.JoinAsAsync(persona);
        }
        Members = members;
        var buyer = members[Persona.Buyer];
        var threads = new Dictionary<string, SeededThread>();
        foreach (var audience in Audiences)
        {
            var title = $"Marker-{audience}-{Guid.NewGuid():N} what did the last tender cost?";
            var room = RoomsTestKit.RoomOf(audience);
            var (threadId, openingId) = await buyer.StartThreadAsync(room, title, $"Opening post in {audience}.");
            var reply = await buyer.ReplyAsync(threadId, $"A first reply in {audience}.");
            threads[audience] = new SeededThread(audience, room, threadId, openingId, reply.Id(), title);
        }
        Threads = threads;
        RoomIds = await buyer.RoomIdsAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var member in Members?.Values ?? [])
        {
            member.Dispose();
        }
        await App.DisposeAsync();
    }
}

public sealed record SeededThread(string Audience, string Room, long Id, long OpeningPostId, long ReplyId, string Title)
{
    /// <summary>The unguessable part of the title: finding it anywhere in a response is a leak.</summary>
    public string Marker => Title.Split(' ')[0];
}
