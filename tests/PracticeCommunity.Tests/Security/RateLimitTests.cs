using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PracticeCommunity.Data;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Live;
using PracticeCommunity.Tests.Rooms;
using PracticeCommunity.Testing;

namespace PracticeCommunity.Tests.Security;

/// <summary>
/// Security probe item 2: floods over the API and the hub. Limits are switched on here with small numbers, so a
/// flood is short; each test proves the 429 (or hub error) and that nothing past the limit was stored.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private CommunityAppFactory _app = null!;

    public static readonly IReadOnlyDictionary<string, string?> SmallLimits = new Dictionary<string, string?>
    {
        ["RateLimits:Enabled"] = "true",
        ["RateLimits:Posts:Permits"] = "5",
        ["RateLimits:Posts:WindowSeconds"] = "60",
        ["RateLimits:FirstDayPosts:Permits"] = "5",
        ["RateLimits:FirstDayPosts:WindowSeconds"] = "60",
        ["RateLimits:Threads:Permits"] = "3",
        ["RateLimits:FirstDayThreads:Permits"] = "3",
        ["RateLimits:Search:Permits"] = "4",
        ["RateLimits:HubCalls:Permits"] = "1000",
        ["RateLimits:Api:Permits"] = "1000",
        ["RateLimits:Registration:Permits"] = "1000",
        ["RateLimits:SignIn:Permits"] = "1000",
        ["RateLimits:SignInFailures:Permits"] = "1000",
    };

    public async Task InitializeAsync()
    {
        _app = new CommunityAppFactory(await MailCatcher.SharedAsync(), new CommunityAppOptions { Settings = SmallLimits });
        _ = _app.Server;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_flood_of_API_replies_gets_429_with_Retry_After_and_stores_only_what_the_limit_allows()
    {
        var poster = await _app.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await poster.StartThreadAsync(RoomsTestKit.OpenRoom);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 30; i++)
        {
            var response = await poster.Http.PostReplyAsync(threadId, $"Flood {i}");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused ??= response; else response.Dispose();
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(25, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.NotNull(refused);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) >= 1);
        var problem = await Problem.ReadAsync(refused);
        Assert.Equal("application/problem+json", problem.ContentType);
        Assert.Contains("Wait", problem.Str("detail"), StringComparison.Ordinal);
        refused.Dispose();
        Assert.Equal(5, await RepliesInAsync(threadId));
    }

    [Fact]
    public async Task The_API_and_the_hub_share_one_posting_limit_and_the_hub_stores_nothing_past_it()
    {
        var poster = await _app.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await poster.StartThreadAsync(RoomsTestKit.OpenRoom);
        for (var i = 0; i < 3; i++) await poster.ReplyAsync(threadId, $"Over HTTP {i}");

        await using var hub = await HubProbe.ConnectAsync(_app, poster.Token);
        await hub.JoinThreadAsync(threadId);
        var errors = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            try { await hub.SendPostAsync(threadId, $"Over the hub {i}"); }
            catch (HubException e) { errors.Add(e.Message); }
        }

        Assert.Equal(18, errors.Count); // 3 over HTTP + 2 over the hub = the limit of 5
        Assert.All(errors, e => Assert.Contains("posting quickly", e, StringComparison.Ordinal));
        Assert.Equal(5, await RepliesInAsync(threadId));
    }

    [Fact]
    public async Task Starting_threads_has_its_own_limit()
    {
        var poster = await _app.JoinAsAsync(Persona.Buyer);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await poster.Http.PostThreadAsync(RoomsTestKit.OpenRoom, new { title = $"Flood thread {i} {Guid.NewGuid():N}", body = "x", kind = "PracticeQuestion", tags = Array.Empty<string>() });
            statuses.Add(response.StatusCode);
        }
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Proposing_sessions_shares_the_thread_limit_and_stores_only_what_it_allows()
    {
        var proposer = await _app.JoinAsAsync(Persona.Buyer);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await proposer.Http.PostAsJsonAsync("/api/v1/session-proposals", new { title = $"Flood proposal {i} {Guid.NewGuid():N}", why = "x" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) Assert.NotNull(response.Headers.RetryAfter);
        }
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var stored = (await proposer.Http.GetJsonAsync("/api/v1/session-proposals")).EnumerateArray().Count(p => p.GetProperty("title").GetString()!.StartsWith("Flood proposal", StringComparison.Ordinal));
        Assert.Equal(3, stored);
    }

    [Fact]
    public async Task Flagging_shares_the_post_limit_and_stores_only_what_it_allows()
    {
        var author = await _app.JoinAsAsync(Persona.Buyer);
        var other = await _app.JoinAsAsync(Persona.Buyer);
        var flagger = await _app.JoinAsAsync(Persona.Buyer);
        var moderator = await _app.JoinAsAsync(Persona.Moderator);
        var (threadId, opening) = await author.StartThreadAsync(RoomsTestKit.OpenRoom);
        var posts = new List<long> { opening };
        for (var i = 0; i < 4; i++) posts.Add((await author.ReplyAsync(threadId, $"Reply {i}")).Id());
        for (var i = 0; i < 2; i++) posts.Add((await other.ReplyAsync(threadId, $"Other reply {i}")).Id());

        var statuses = new List<HttpStatusCode>();
        foreach (var postId in posts)
        {
            using var response = await flagger.Http.PostAsJsonAsync("/api/v1/flags", new { targetType = "Post", targetId = postId, reason = "Spam" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) Assert.NotNull(response.Headers.RetryAfter);
        }
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        var queued = (await moderator.Http.GetJsonAsync("/api/v1/moderation/flags")).EnumerateArray().Count(i => posts.Contains(i.GetProperty("targetId").GetInt64()));
        Assert.Equal(5, queued);
    }

    [Fact]
    public async Task Searching_is_limited_per_member()
    {
        var searcher = await _app.JoinAsAsync(Persona.Supplier);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await searcher.Http.GetAsync($"/api/v1/search?q=reuse{i}");
            statuses.Add(response.StatusCode);
        }
        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    private async Task<int> RepliesInAsync(long threadId)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Posts.CountAsync(p => p.ThreadId == threadId && !p.IsOpening);
    }
}

/// <summary>An app of its own with limits on (the small ones above, changed by <paramref name="settings"/>), started.</summary>
public static class LimitedApp
{
    public static async Task<CommunityAppFactory> StartAsync(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>(RateLimitTests.SmallLimits);
        foreach (var (key, value) in settings) all[key] = value;
        var app = new CommunityAppFactory(await MailCatcher.SharedAsync(), new CommunityAppOptions { Settings = all });
        _ = app.Server;
        return app;
    }
}

/// <summary>Limits that need an app of their own, because they count everything from one address.</summary>
public sealed class AddressLimitTests
{
    private static Task<CommunityAppFactory> AppWithAsync(params (string Key, string Value)[] settings) => LimitedApp.StartAsync(settings);

    [Fact]
    public async Task The_API_in_general_is_limited_per_member_and_the_hub_per_call()
    {
        await using var app = await AppWithAsync(("RateLimits:Api:Permits", "20"), ("RateLimits:HubCalls:Permits", "5"));
        var member = await app.JoinAsAsync(Persona.Buyer); // a few API calls of its own
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 25; i++)
        {
            using var response = await member.Http.GetAsync("/api/v1/rooms");
            statuses.Add(response.StatusCode);
        }
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);

        var other = await app.JoinAsAsync(Persona.Facilitator);
        var (threadId, _) = await other.StartThreadAsync(RoomsTestKit.OpenRoom);
        await using var hub = await HubProbe.ConnectAsync(app, other.Token);
        var errors = 0;
        for (var i = 0; i < 10; i++)
        {
            try { await hub.JoinThreadAsync(threadId); }
            catch (HubException e) when (e.Message.Contains("Too many requests", StringComparison.Ordinal)) { errors++; }
        }
        Assert.Equal(5, errors);
    }

    [Fact]
    public async Task Registrations_from_one_address_are_limited_on_the_API()
    {
        await using var app = await AppWithAsync(("RateLimits:Registration:Permits", "3"));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await app.PostRegisterAsync(Unique.Email("flood"));
            statuses.Add(response.StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_member_in_their_first_day_has_the_stricter_posting_limit()
    {
        await using var app = await AppWithAsync(("RateLimits:FirstDayPosts:Permits", "2"), ("RateLimits:Posts:Permits", "50"));
        var newcomer = await app.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await newcomer.StartThreadAsync(RoomsTestKit.OpenRoom);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await newcomer.Http.PostReplyAsync(threadId, $"First day {i}");
            statuses.Add(response.StatusCode);
        }
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);

        // A member of longer standing gets the normal limit.
        var veteran = await app.JoinAsAsync(Persona.Facilitator);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == veteran.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.CreatedAt, DateTimeOffset.UtcNow.AddDays(-30)));
        }
        await app.Services.GetRequiredService<PracticeCommunity.Features.Live.IEventBus>().PublishAsync(new PracticeCommunity.Features.Live.AccessChanged(veteran.Id));
        for (var i = 0; i < 4; i++) await veteran.ReplyAsync(threadId, $"Veteran {i}");
    }

    [Fact]
    public async Task Limits_switched_off_let_a_load_test_through()
    {
        await using var app = await AppWithAsync(("RateLimits:Enabled", "false"), ("RateLimits:Posts:Permits", "1"), ("RateLimits:FirstDayPosts:Permits", "1"));
        var poster = await app.JoinAsAsync(Persona.Buyer);
        var (threadId, _) = await poster.StartThreadAsync(RoomsTestKit.OpenRoom);
        for (var i = 0; i < 10; i++) await poster.ReplyAsync(threadId, $"Load {i}");
    }
}
