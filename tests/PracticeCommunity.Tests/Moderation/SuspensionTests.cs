using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PracticeCommunity.Data;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Cases;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Live;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Moderation;

/// <summary>Issue 12: a suspended member reads their notice and nothing else, on every path; every moderator action is audited.</summary>
public sealed class SuspensionTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private static Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> SuspendAsync(CommunityMember moderator, string memberId, object body) =>
        moderator.SendAsync(HttpMethod.Post, $"/api/v1/moderation/members/{memberId}/suspension", body);

    [Fact]
    public async Task A_suspended_member_reaches_nothing_but_their_notice_until_the_suspension_is_lifted()
    {
        using var member = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var (threadId, _) = await member.StartThreadAsync(OpenRoom);
        var caseId = await CaseSteps.PublishCaseAsync(member.Http, moderator.Http);
        await using var hub = await HubProbe.ConnectAsync(App, member.Token, "suspended member");
        await hub.JoinThreadAsync(threadId);
        var closed = new TaskCompletionSource();
        hub.Connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        var (status, suspension) = await SuspendAsync(moderator, member.Id, new { days = 7, reason = "Repeated sales pitches in buyer threads." });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(suspension.GetProperty("suspended").GetBoolean());

        // The open hub connection is told and closed at once.
        var told = await hub.WaitForAsync("Suspended", _ => true);
        Assert.Contains("Repeated sales pitches", told.Str("reason"));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Every write path answers 403 with the reason; so does reading.
        var refused = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Post, $"/api/v1/rooms/{OpenRoom}/threads", new { title = "Buy my desks", body = "Cheap.", kind = "PracticeQuestion", tags = Array.Empty<string>() }),
            (HttpMethod.Post, $"/api/v1/threads/{threadId}/posts", new { body = "Still here." }),
            (HttpMethod.Post, "/api/v1/cases", CaseSteps.Body()),
            (HttpMethod.Post, $"/api/v1/cases/{caseId}/questions", new { question = "?" }),
            (HttpMethod.Post, "/api/v1/session-proposals", new { title = "A session", why = "Because.", format = "Webinar" }),
            (HttpMethod.Put, $"/api/v1/threads/{threadId}/subscription", new { level = "Following" }),
            (HttpMethod.Put, "/api/v1/me/profile", CommunitySteps.Profile("Buyer", "PublicBuyer", "Stad Gent")),
            (HttpMethod.Get, "/api/v1/rooms", null),
            (HttpMethod.Get, $"/api/v1/threads/{threadId}", null),
            (HttpMethod.Get, "/api/v1/cases", null),
            (HttpMethod.Get, "/api/v1/search?q=desks", null),
            // An address that looks like a file is still community content.
            (HttpMethod.Get, $"/api/v1/rooms/{MarketDialogueRoom}/record.html", null),
        };
        foreach (var (method, path, body) in refused)
        {
            var (code, problem) = await member.SendAsync(method, path, body);
            Assert.True(code == HttpStatusCode.Forbidden, $"{method} {path}: expected 403, got {(int)code}");
            Assert.Contains("Repeated sales pitches", problem.Str("detail"));
        }
        var notice = await member.Http.GetJsonAsync("/api/v1/me/suspension");
        Assert.True(notice.GetProperty("suspended").GetBoolean());
        Assert.Equal("Repeated sales pitches in buyer threads.", notice.Str("reason"));

        // Pages go to the notice; the notice says why and until when.
        using (var page = await member.Http.GetAsync($"/threads/{threadId}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Equal("/suspended", page.Headers.Location?.ToString());
        }
        using (var calendar = await member.Http.GetAsync("/sessions/1/calendar.ics"))
            Assert.Equal(HttpStatusCode.Redirect, calendar.StatusCode);
        // Their own data stays theirs to take.
        using (var export = await member.Http.GetAsync("/api/v1/me/export"))
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var html = await member.Http.GetStringAsync("/suspended");
        Assert.Contains("Repeated sales pitches in buyer threads.", html);
        Assert.Contains("suspended until", html);

        // A new hub connection gets nowhere.
        await using var again = HubProbe.Build(App, member.Token);
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await again.StartAsync();
            await again.InvokeAsync("JoinThread", threadId);
        });
        Assert.True(error is HubException or InvalidOperationException or HttpRequestException, error.ToString());

        // Lifted: the member is back, and both decisions are in the audit log.
        Assert.Equal(HttpStatusCode.OK, (await moderator.SendAsync(HttpMethod.Delete, $"/api/v1/moderation/members/{member.Id}/suspension")).Status);
        await member.ReplyAsync(threadId, "Back, and on topic.");
        var audit = (await moderator.Http.GetJsonAsync($"/api/v1/moderation/audit?actor={moderator.Id}&action=member")).EnumerateArray().ToList();
        Assert.Equal(["member.unsuspend", "member.suspend"], audit.Where(e => e.Str("targetId") == member.Id).Select(e => e.Str("action")));
        var entry = audit.Single(e => e.Str("action") == "member.suspend" && e.Str("targetId") == member.Id);
        Assert.Equal("Repeated sales pitches in buyer threads.", entry.Str("reason"));
        Assert.Contains("\"suspended\":false", entry.Str("before"));
        Assert.Contains("\"suspended\":true", entry.Str("after"));
    }

    [Fact]
    public async Task A_suspended_presenter_is_not_announced_on_a_coming_session()
    {
        using var presenter = await App.JoinAsAsync(Persona.Buyer);
        using var reader = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var day = DateTime.UtcNow.Date.AddDays(20).AddHours(14);
        var (created, session) = await moderator.SendAsync(HttpMethod.Post, "/api/v1/sessions", new
        {
            title = "Peer learning with a presenter", description = "Bring a pilot.", format = "PeerLearning", audience = "Everyone",
            startsAt = day.ToString("yyyy-MM-dd'T'HH:mm:ss"), endsAt = day.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss"), timeZone = "Europe/Brussels",
            onlineUrl = "https://meet.example.org/p", capacity = 10, presenterIds = new[] { presenter.Id },
        });
        Assert.Equal(HttpStatusCode.Created, created);
        var id = session.Id();
        Assert.Single((await reader.Http.GetJsonAsync($"/api/v1/sessions/{id}")).GetProperty("presenters").EnumerateArray());
        await SuspendAsync(moderator, presenter.Id, new { days = 7, reason = "Suspended presenter." });
        Assert.Empty((await reader.Http.GetJsonAsync($"/api/v1/sessions/{id}")).GetProperty("presenters").EnumerateArray());
        Assert.Single((await moderator.Http.GetJsonAsync($"/api/v1/sessions/{id}")).GetProperty("presenters").EnumerateArray());
    }

    [Fact]
    public async Task Suspensions_are_checked_and_only_moderators_give_them()
    {
        using var member = await App.JoinAsAsync(Persona.Supplier);
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var colleague = await App.JoinAsAsync(Persona.Moderator);

        Assert.Equal(HttpStatusCode.Forbidden, (await SuspendAsync(buyer, member.Id, new { days = 1, reason = "I do not like them." })).Status);
        var (badDays, daysProblem) = await SuspendAsync(moderator, member.Id, new { days = 5, reason = "Spam." });
        Assert.Equal(HttpStatusCode.BadRequest, badDays);
        Assert.Contains("days", daysProblem.ErrorFields());
        var (noReason, reasonProblem) = await SuspendAsync(moderator, member.Id, new { days = 1, reason = " \u200B " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason);
        Assert.Contains("reason", reasonProblem.ErrorFields());
        Assert.Equal(HttpStatusCode.BadRequest, (await SuspendAsync(moderator, member.Id, new { days = 1, reason = new string('x', 501) })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SuspendAsync(moderator, colleague.Id, new { days = 1, reason = "Staff are not suspended." })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SuspendAsync(moderator, "no-such-member", new { days = 1, reason = "Ghost." })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.SendAsync(HttpMethod.Get, "/api/v1/moderation/audit")).Status);
        // Nothing refused was recorded as done.
        var audit = (await moderator.Http.GetJsonAsync($"/api/v1/moderation/audit?action=member.suspend")).EnumerateArray();
        Assert.DoesNotContain(audit, e => e.Str("targetId") == member.Id || e.Str("targetId") == colleague.Id);

        // Until lifted: no end date.
        var (ok, indefinite) = await SuspendAsync(moderator, member.Id, new { days = (int?)null, reason = "Threatening messages." });
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, indefinite.GetProperty("until").ValueKind);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.SendAsync(HttpMethod.Get, "/api/v1/rooms")).Status);
    }

    [Fact]
    public async Task Moderator_actions_are_audited_and_the_log_cannot_be_changed()
    {
        using var author = await App.JoinAsAsync(Persona.Buyer);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var (threadId, _) = await author.StartThreadAsync(OpenRoom);
        var reply = await author.ReplyAsync(threadId, "Call me for a great deal.");
        var postId = reply.Id();
        var (hidden, _) = await moderator.SendAsync(HttpMethod.Post, $"/api/v1/threads/{threadId}/posts/{postId}/hide", new { reason = "A sales pitch." });
        Assert.True(hidden is HttpStatusCode.NoContent or HttpStatusCode.OK, $"hide: {(int)hidden}");
        var (restored, _) = await moderator.SendAsync(HttpMethod.Delete, $"/api/v1/threads/{threadId}/posts/{postId}/hide");
        Assert.True(restored is HttpStatusCode.NoContent or HttpStatusCode.OK, $"restore: {(int)restored}");
        var caseId = await CaseSteps.PublishCaseAsync(author.Http, moderator.Http);

        var mine = (await moderator.Http.GetJsonAsync($"/api/v1/moderation/audit?actor={moderator.Id}")).EnumerateArray().ToList();
        Assert.Contains(mine, e => e.Str("action") == "post.hide" && e.Str("targetId") == postId.ToString() && e.Str("reason") == "A sales pitch.");
        Assert.Contains(mine, e => e.Str("action") == "post.restore" && e.Str("targetId") == postId.ToString());
        Assert.Contains(mine, e => e.Str("action") == "case.published" && e.Str("targetId") == caseId.ToString());
        Assert.All(mine, e => Assert.Equal(moderator.DisplayName, e.Str("actorName")));

        // Nobody edits the log: the database refuses it.
        using var scope = App.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEntries.Where(e => e.ActorId == moderator.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.Reason, "nothing happened")));
        await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEntries.Where(e => e.ActorId == moderator.Id).ExecuteDeleteAsync());
        Assert.Equal(mine.Count, await db.AuditEntries.CountAsync(e => e.ActorId == moderator.Id));
    }
}
