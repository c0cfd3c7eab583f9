using System.Net;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Security;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Rooms;

/// <summary>Issue 8: a room page offers each member only the actions they may take, with a hint why not.</summary>
public sealed class RoomActionsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private async Task<string> RoomPageAsync(CommunityMember member, string room)
    {
        using var browser = App.Anonymous();
        await SsrForm.SignInAsync(browser, member.Email);
        using var response = await browser.GetAsync($"/rooms/{room}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_supplier_in_market_dialogue_gets_a_hint_instead_of_a_start_button_they_cannot_use()
    {
        using var supplier = await App.JoinAsAsync(Persona.Supplier);

        var dialogue = await RoomPageAsync(supplier, MarketDialogueRoom);
        Assert.DoesNotContain("data-testid=\"start-thread\"", dialogue);
        Assert.Contains("data-testid=\"start-thread-hint\"", dialogue);
        Assert.Contains("buyers ask and suppliers answer", System.Net.WebUtility.HtmlDecode(dialogue));

        // In an open room a supplier may share a practice: the button is there.
        Assert.Contains("data-testid=\"start-thread\"", await RoomPageAsync(supplier, OpenRoom));
    }

    [Fact]
    public async Task A_buyer_may_start_a_thread_in_market_dialogue()
    {
        using var buyer = await App.JoinAsAsync(Persona.Buyer);

        var dialogue = await RoomPageAsync(buyer, MarketDialogueRoom);
        Assert.Contains("data-testid=\"start-thread\"", dialogue);
        Assert.DoesNotContain("data-testid=\"start-thread-hint\"", dialogue);
    }
}
