using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PracticeCommunity.Data.Seed;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Features.Members;

/// <summary>A script registers, confirms through the emailed link, signs in and reads the rooms (issue 2).</summary>
public sealed class NewcomerOverApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Fact]
    public async Task Register_confirm_through_emailed_link_sign_in_and_list_the_seeded_rooms()
    {
        var email = Unique.Email("newcomer", CommunityAppFactory.PublicBodyDomain);

        using (var register = await App.PostRegisterAsync(email))
        {
            Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        }

        // Before confirming, signing in is refused.
        using (var early = await App.PostLoginAsync(email))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, early.StatusCode);
        }

        var mail = await App.WaitForConfirmationEmailAsync(email);
        Assert.Equal([email], mail.To);
        var link = mail.HtmlLink();
        Assert.Equal(link, mail.TextLink());
        Assert.Contains("userId=", link.Query, StringComparison.Ordinal);

        using (var confirmed = await App.FollowAsync(link))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }

        using var login = await App.PostLoginAsync(email);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        var accessToken = tokens.GetProperty("accessToken").GetString();
        Assert.False(string.IsNullOrEmpty(accessToken));
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("refreshToken").GetString()));
        Assert.True(tokens.GetProperty("expiresIn").GetInt32() > 0);

        using var client = App.ClientWithToken(accessToken!);
        using (var profile = await client.PutProfileAsync(CommunitySteps.Profile("Buyer", "PublicBuyer", displayName: "Nora Newcomer")))
        {
            await CommunitySteps.EnsureAsync(profile, HttpStatusCode.OK, "completing the profile");
        }
        Assert.Equal("Granted", await client.RoleStatusAsync());

        var rooms = await client.ListRoomsAsync();
        Assert.Equal(RoomSeed.Rooms.Count, rooms.Count);
        var titles = rooms.Select(r => r.Title).ToList();
        Assert.Contains(SeedQuestions.CapacityShare, titles);
        Assert.All(SeedQuestions.All, q => Assert.Contains(q, titles));
        Assert.Equal(["BuyersOnly", "MarketDialogue", "Open"], rooms.Select(r => r.Audience).Distinct().Order().ToArray());
        Assert.Equal([1, 2, 3, 4], rooms.Select(r => r.Part).Distinct().Order().ToArray());
    }

    [Fact]
    public async Task A_confirmation_link_with_a_tampered_code_does_not_confirm()
    {
        var email = Unique.Email("tamper");
        using (var register = await App.PostRegisterAsync(email))
        {
            Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        }
        var link = (await App.WaitForConfirmationEmailAsync(email)).HtmlLink();
        var tampered = new Uri(link, link.PathAndQuery.Replace("code=", "code=AAAA", StringComparison.Ordinal));

        using (var response = await App.FollowAsync(tampered))
        {
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        }
        using var login = await App.PostLoginAsync(email);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_get_401_from_the_rooms_and_profile_endpoints()
    {
        using var client = App.Anonymous();
        using var rooms = await client.GetAsync("/api/v1/rooms");
        using var me = await client.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, rooms.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        // A script gets a status (or problem details), never the HTML "not found" page of the site.
        Assert.NotEqual("text/html", rooms.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual("text/html", me.Content.Headers.ContentType?.MediaType);
    }
}
