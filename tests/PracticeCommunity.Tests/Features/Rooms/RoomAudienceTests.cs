using Microsoft.Extensions.DependencyInjection;
using System.Net;
using PracticeCommunity.Data.Seed;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Features.Rooms;

/// <summary>Who sees buyers-only rooms in GET /api/v1/rooms, and what GET /api/v1/me says about their status.</summary>
public sealed class RoomAudienceTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private static readonly int OpenAndMarketDialogueRooms = RoomSeed.Rooms.Count(r => r.Audience != PracticeCommunity.Data.RoomAudience.BuyersOnly);

    [Fact]
    public async Task A_buyer_whose_domain_is_not_on_the_list_is_pending_and_sees_no_buyers_only_room()
    {
        using var buyer = await App.MemberWithProfileAsync(Unique.Email("pending"), CommunitySteps.Profile("Buyer", "PublicBuyer"));

        Assert.Equal("Pending", await buyer.RoleStatusAsync());
        var rooms = await buyer.ListRoomsAsync();
        Assert.DoesNotContain(rooms, r => r.Audience == "BuyersOnly");
        Assert.DoesNotContain(SeedQuestions.CapacityShare, rooms.Select(r => r.Title));
        Assert.Contains(SeedQuestions.CapacityTraining, rooms.Select(r => r.Title));
        Assert.Contains(rooms, r => r.Audience == "MarketDialogue");
        Assert.Equal(OpenAndMarketDialogueRooms, rooms.Count);
    }

    [Fact]
    public async Task A_pending_buyer_approved_by_a_moderator_is_granted_and_sees_buyers_only_rooms()
    {
        var email = Unique.Email("approved");
        using var buyer = await App.MemberWithProfileAsync(email, CommunitySteps.Profile("Buyer", "PublicBuyer"));
        Assert.Equal("Pending", await buyer.RoleStatusAsync());

        var moderatorId = await App.CreateConfirmedAccountAsync(Unique.Email("moderator"), staffRoles: StaffRoles.Moderator);
        var moderator = await App.ViewerOfAsync(moderatorId);
        var pending = await App.Services.GetRequiredService<MemberAdministration>().ListPendingBuyersAsync(moderator);
        Assert.Contains(pending, p => p.Email == email);

        await App.ApproveBuyerAsync(moderatorId, email);

        Assert.Equal("Granted", await buyer.RoleStatusAsync());
        var rooms = await buyer.ListRoomsAsync();
        Assert.Contains(SeedQuestions.CapacityShare, rooms.Select(r => r.Title));
        Assert.Equal(RoomSeed.Rooms.Count, rooms.Count);
    }

    [Theory]
    [InlineData("gent.be")]
    [InlineData("stad.gent.be")]
    public async Task A_buyer_with_a_public_body_domain_is_granted_at_once(string domain)
    {
        using var buyer = await App.MemberWithProfileAsync(Unique.Email("civil", domain), CommunitySteps.Profile("Buyer", "PublicBuyer"));

        Assert.Equal("Granted", await buyer.RoleStatusAsync());
        var rooms = await buyer.ListRoomsAsync();
        Assert.Contains(rooms, r => r.Audience == "BuyersOnly");
        Assert.Equal(RoomSeed.Rooms.Count, rooms.Count);
    }

    [Fact]
    public async Task A_domain_that_only_ends_like_a_public_body_domain_is_not_granted()
    {
        using var buyer = await App.MemberWithProfileAsync(Unique.Email("lookalike", "notgent.be"), CommunitySteps.Profile("Buyer", "PublicBuyer"));

        Assert.Equal("Pending", await buyer.RoleStatusAsync());
        Assert.DoesNotContain(await buyer.ListRoomsAsync(), r => r.Audience == "BuyersOnly");
    }

    [Theory]
    [InlineData("example.org")]
    [InlineData("gent.be")]
    public async Task A_supplier_never_sees_buyers_only_rooms(string domain)
    {
        using var supplier = await App.MemberWithProfileAsync(Unique.Email("supplier", domain), CommunitySteps.Profile("Supplier", "Supplier"));

        Assert.Equal("Granted", await supplier.RoleStatusAsync());
        var rooms = await supplier.ListRoomsAsync();
        Assert.DoesNotContain(rooms, r => r.Audience == "BuyersOnly");
        Assert.Contains(rooms, r => r.Audience == "MarketDialogue");
        Assert.Equal(OpenAndMarketDialogueRooms, rooms.Count);
    }

    [Fact]
    public async Task A_member_without_a_profile_sees_open_and_market_dialogue_rooms_only()
    {
        using var member = await App.RegisterConfirmedMemberAsync(Unique.Email("fresh", CommunityAppFactory.PublicBodyDomain));

        var me = await member.GetMeAsync();
        Assert.False(me.GetProperty("profileComplete").GetBoolean());
        var rooms = await member.ListRoomsAsync();
        Assert.DoesNotContain(rooms, r => r.Audience == "BuyersOnly");
        Assert.Equal(OpenAndMarketDialogueRooms, rooms.Count);
    }

    [Fact]
    public async Task Anonymous_callers_get_401()
    {
        using var client = App.Anonymous();
        using var response = await client.GetAsync("/api/v1/rooms");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
