using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PracticeCommunity.Features.Email;
using PracticeCommunity.Hosting;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Email;

/// <summary>Issue 11: /me/email over the API with bad input, one-click unsubscribe (RFC 8058) and the digest preview's access rule.</summary>
public sealed class EmailSettingsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    [Fact]
    public async Task Settings_start_weekly_on_Monday_at_eight_change_over_the_API_and_bad_values_are_refused_field_by_field()
    {
        using var member = await App.JoinAsAsync(Persona.Buyer);
        var view = await member.Http.GetJsonAsync("/api/v1/me/email");
        Assert.Equal("Weekly", view.Str("digest"));
        Assert.Equal(8, view.GetProperty("digestHour").GetInt32());
        Assert.Equal("Monday", view.Str("digestWeekday"));
        Assert.Equal("Europe/Brussels", view.Str("timeZone"));
        Assert.True(view.GetProperty("notifications").GetProperty("replies").GetBoolean());
        var next = view.GetProperty("nextDigestAt").GetDateTimeOffset();
        var local = TimeZoneInfo.ConvertTime(next, TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels"));
        Assert.Equal((DayOfWeek.Monday, 8, 0), (local.DayOfWeek, local.Hour, local.Minute));

        await member.SetEmailAsync(new { digest = "daily", digestHour = 18, notifications = new { replies = false, sessions = false } });
        view = await member.Http.GetJsonAsync("/api/v1/me/email");
        Assert.Equal("Daily", view.Str("digest"));
        Assert.Equal(18, view.GetProperty("digestHour").GetInt32());
        Assert.False(view.GetProperty("notifications").GetProperty("replies").GetBoolean());
        Assert.False(view.GetProperty("notifications").GetProperty("sessions").GetBoolean());
        Assert.True(view.GetProperty("notifications").GetProperty("mentions").GetBoolean());

        var bad = new (object Body, string Field)[]
        {
            (new { digest = "Hourly" }, "digest"),
            (new { digest = "" }, "digest"),
            (new { digest = "1" }, "digest"),
            (new { digest = new string('W', 5000) }, "digest"),
            (new { digest = "Weekly\u200B" }, "digest"),
            (new { digestHour = 24 }, "digestHour"),
            (new { digestHour = -1 }, "digestHour"),
            (new { digestWeekday = "Funday" }, "digestWeekday"),
            (new { digestWeekday = "<script>alert(1)</script>" }, "digestWeekday"),
        };
        foreach (var (body, field) in bad)
        {
            using var response = await member.Http.PutAsJsonAsync("/api/v1/me/email", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{JsonSerializer.Serialize(body)}: {problem}");
        }
        foreach (var raw in new[] { "", "{", "[]", "{\"digestHour\":\"eight\"}", "{\"notifications\":{\"replies\":\"yes\"}}" })
        {
            using var content = new StringContent(raw, Encoding.UTF8, "application/json");
            using var response = await member.Http.PutAsync("/api/v1/me/email", content);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        // Nothing was lost on the way.
        view = await member.Http.GetJsonAsync("/api/v1/me/email");
        Assert.Equal(("Daily", 18), (view.Str("digest"), view.GetProperty("digestHour").GetInt32()));

        using var anonymous = App.Anonymous();
        using var refused = await anonymous.GetAsync("/api/v1/me/email");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private UnsubscribeLinks LinksAt(TimeProvider clock) => ActivatorUtilities.CreateInstance<UnsubscribeLinks>(App.Services, clock);

    [Fact]
    public async Task One_click_unsubscribe_works_without_a_cookie_turns_off_that_kind_only_and_refuses_tampered_or_expired_tokens()
    {
        using var member = await App.JoinAsAsync(Persona.Buyer);
        var links = App.Services.GetRequiredService<UnsubscribeLinks>();
        var url = new Uri(links.UrlFor(member.Id, [EmailTopics.Digest]));
        using var anonymous = App.Anonymous();

        // Opening the link (a link checker, a person) changes nothing and asks first.
        var page = await anonymous.GetStringAsync(url.PathAndQuery);
        Assert.Contains("Stop receiving the digest?", page);
        Assert.Equal("Weekly", (await member.Http.GetJsonAsync("/api/v1/me/email")).Str("digest"));

        // The mail program's one-click POST, as RFC 8058 writes it: no cookie, no sign-in.
        using (var post = await anonymous.PostAsync(url.PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var view = await member.Http.GetJsonAsync("/api/v1/me/email");
        Assert.Equal("Off", view.Str("digest"));
        Assert.True(view.GetProperty("notifications").GetProperty("replies").GetBoolean());
        Assert.True(view.GetProperty("notifications").GetProperty("mentions").GetBoolean());
        Assert.Contains("You are unsubscribed", await anonymous.GetStringAsync(url.PathAndQuery));

        // A token names its topics and its member: one for replies turns off replies, nothing else.
        var replies = new Uri(links.UrlFor(member.Id, [EmailTopics.Replies]));
        using (var post = await anonymous.PostAsync(replies.PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        view = await member.Http.GetJsonAsync("/api/v1/me/email");
        Assert.False(view.GetProperty("notifications").GetProperty("replies").GetBoolean());
        Assert.True(view.GetProperty("notifications").GetProperty("answers").GetBoolean());

        // Tampered, made with another key, empty, oversized, expired: refused with a clear page, nothing changes.
        await member.SetEmailAsync(new { digest = "Weekly" });
        var token = Uri.UnescapeDataString(url.Query.Split("token=")[1]);
        var tampered = token[..^3] + (token[^3] == 'A' ? "B" : "A") + token[^2..];
        var foreign = new EphemeralDataProtectionProvider().CreateProtector("PracticeCommunity.Email.Unsubscribe.v1").Protect($"{member.Id}\ndigest\n9999999999");
        var expired = LinksAt(new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-200))).TokenFor(member.Id, [EmailTopics.Digest]);
        foreach (var bad in new[] { tampered, foreign, expired, "", new string('x', 5000), "not-a-token", "%00%0d%0a" })
        {
            using var post = await anonymous.PostAsync($"/email/unsubscribe?token={Uri.EscapeDataString(bad)}", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
            Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
            Assert.Contains("not valid or has expired", await post.Content.ReadAsStringAsync());
            var shown = await anonymous.GetStringAsync($"/email/unsubscribe?token={Uri.EscapeDataString(bad)}");
            Assert.Contains("This unsubscribe link is not valid or has expired. Nothing was changed.", shown);
        }
        Assert.Equal("Weekly", (await member.Http.GetJsonAsync("/api/v1/me/email")).Str("digest"));
    }

    [Fact]
    public async Task Only_moderators_preview_another_members_digest_and_it_is_composed_with_that_members_rights()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        var (secret, _) = await buyer.StartThreadAsync(BuyersOnlyRoom, "Preview Narwhalquest budget", kind: "PracticeShare");
        await buyer.ReplyAsync(secret, "Narwhalquest detail");

        using (var own = await supplier.Http.GetAsync("/api/v1/me/digest/preview"))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            var html = await own.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Narwhalquest", html);
            var policy = own.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("default-src 'none'", policy);
            Assert.Contains("frame-ancestors 'none'", policy);
            Assert.Contains("sandbox", policy);
            // A preview carries no working unsubscribe link.
            Assert.DoesNotContain("/email/unsubscribe?token=", html);
        }
        using (var other = await supplier.Http.GetAsync($"/api/v1/me/digest/preview?memberId={buyer.Id}"))
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        using (var forSupplier = await moderator.Http.GetAsync($"/api/v1/me/digest/preview?memberId={supplier.Id}"))
        {
            Assert.Equal(HttpStatusCode.OK, forSupplier.StatusCode);
            Assert.DoesNotContain("Narwhalquest", await forSupplier.Content.ReadAsStringAsync());
        }
        using (var missing = await moderator.Http.GetAsync($"/api/v1/me/digest/preview?memberId={Uri.EscapeDataString("nobody' OR 1=1")}"))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        // The outbox is for moderators only.
        using (var outbox = await supplier.Http.GetAsync("/api/v1/moderation/outbox"))
            Assert.Equal(HttpStatusCode.Forbidden, outbox.StatusCode);
        using (var state = await moderator.Http.GetAsync("/api/v1/moderation/outbox?state=Lost"))
            Assert.Equal(HttpStatusCode.BadRequest, state.StatusCode);
    }
}
