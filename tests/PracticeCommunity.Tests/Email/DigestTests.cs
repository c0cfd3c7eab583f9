using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Email;

/// <summary>Issue 11: role-aware weekly digests at the real SMTP catcher, on a fake clock; nothing buyers-only reaches a supplier.</summary>
public sealed class DigestTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private async Task<long> ScheduleAsync(CommunityMember moderator, string title, string audience, bool chathamHouse = false, int inDays = 5)
    {
        var start = DateTime.UtcNow.Date.AddDays(inDays).AddHours(13);
        using var created = await moderator.Http.PostAsJsonAsync("/api/v1/sessions", new
        {
            title, description = "", format = "Webinar", audience, chathamHouse,
            startsAt = start.ToString("yyyy-MM-dd'T'HH:mm:ss"), endsAt = start.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss"),
            timeZone = "UTC", onlineUrl = "https://meet.example.org/digest",
        });
        await CommunitySteps.EnsureAsync(created, HttpStatusCode.Created, $"scheduling {title}");
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).Id();
    }

    [Fact]
    public async Task Buyers_and_suppliers_get_their_own_weekly_digest_with_working_links_and_the_supplier_sees_nothing_buyers_only()
    {
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using var colleague = await App.JoinAsAsync(Persona.Buyer);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        var weekday = DateTime.UtcNow.AddDays(2).DayOfWeek.ToString();
        foreach (var member in new[] { buyer, supplier })
            await member.SetEmailAsync(new { digest = "Weekly", digestHour = 8, digestWeekday = weekday });

        // The week: the buyer's question answered by the supplier; a colleague's open question nobody answered; a busy
        // buyers-only thread; a market-dialogue thread; a published case; three sessions (one buyers only, one under
        // the Chatham House rule).
        var (question, _) = await buyer.StartThreadAsync(OpenRoom, "How do you verify refurbished laptops", tags: ["product:ict"]);
        await supplier.ReplyAsync(question, "We publish a battery health report per laptop.", mentionsOwnOffering: false);
        var (unanswered, _) = await colleague.StartThreadAsync(OpenRoom, "Who leases monitors with take-back", tags: ["product:ict"]);
        var (secret, _) = await colleague.StartThreadAsync(BuyersOnlyRoom, "Zebracorn tender budget", "Our Zebracorn budget is 1.2 million.", kind: "PracticeShare");
        foreach (var i in Enumerable.Range(1, 3)) await colleague.ReplyAsync(secret, $"Zebracorn reply {i}");
        var (market, _) = await colleague.StartThreadAsync(MarketDialogueRoom, "Market consultation on modular servers", kind: "PracticeShare");
        await CaseSteps.PublishCaseAsync(colleague.Http, moderator.Http, CaseSteps.Body(title: "Gent refurbished 400 laptops", productGroup: "ict"));
        await ScheduleAsync(moderator, "Webinar on ICT take-back", "Everyone");
        await ScheduleAsync(moderator, "Buyers circle Quokkadoodle", "BuyersOnly");
        await ScheduleAsync(moderator, "Closed-door Chatham Wombatfest", "Everyone", chathamHouse: true);

        var clock = await buyer.ClockAtNextDigestAsync();
        var result = await App.DigestsAt(clock).RunDueAsync();
        Assert.True(result.Queued >= 2, $"queued {result.Queued}");

        var buyerMail = await App.Mail.WaitForEmailToAsync(buyer.Email, "weekly PracticeCommunity digest");
        var (buyerMime, _, buyerText) = await App.SourceAsync(buyerMail);
        Assert.Contains("New answers to your questions", buyerText);
        Assert.Contains("How do you verify refurbished laptops", buyerText);
        Assert.Contains("New cases in your product groups", buyerText);
        Assert.Contains("Gent refurbished 400 laptops", buyerText);
        Assert.Contains("Zebracorn tender budget", buyerText);
        Assert.Contains("Webinar on ICT take-back", buyerText);
        Assert.Contains("Buyers circle Quokkadoodle", buyerText);
        Assert.DoesNotContain("Wombatfest", buyerText);
        Assert.DoesNotContain("Practice questions waiting for an answer", buyerText);
        // Both parts come from one template; automatic mail says so; one-click unsubscribe is offered.
        Assert.Contains("Zebracorn tender budget", buyerMime.TextBody);
        Assert.Equal("auto-generated", buyerMime.Headers["Auto-Submitted"]);
        Assert.StartsWith("<http://localhost/email/unsubscribe?token=", buyerMime.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", buyerMime.Headers["List-Unsubscribe-Post"]);

        var supplierMail = await App.Mail.WaitForEmailToAsync(supplier.Email, "weekly PracticeCommunity digest");
        var (supplierMime, supplierRaw, supplierText) = await App.SourceAsync(supplierMail);
        Assert.Contains("Practice questions waiting for an answer", supplierText);
        Assert.Contains("Who leases monitors with take-back", supplierText);
        Assert.Contains("Market dialogue", supplierText);
        Assert.Contains("Market consultation on modular servers", supplierText);
        Assert.Contains("Webinar on ICT take-back", supplierText);
        Assert.DoesNotContain("New cases in your product groups", supplierText);
        // Nothing of the buyers-only room or session, in the raw message or in its decoded parts; no Chatham House session.
        foreach (var word in new[] { "Zebracorn", "Quokkadoodle", "Wombatfest", $"/threads/{secret}" })
        {
            Assert.DoesNotContain(word, supplierRaw, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(word, supplierText, StringComparison.OrdinalIgnoreCase);
        }

        // Every link works for its reader.
        foreach (var (member, mime) in new[] { (buyer, buyerMime), (supplier, supplierMime) })
        {
            var links = EmailTestKit.Links(mime.HtmlBody ?? "");
            Assert.Contains(links, l => l.AbsolutePath == "/me/email");
            foreach (var link in links.Where(l => l.AbsolutePath != "/email/unsubscribe"))
            {
                Assert.Equal("http://localhost/", link.GetLeftPart(UriPartial.Authority) + "/");
                using var page = await member.Http.GetAsync(link.PathAndQuery);
                Assert.True(page.StatusCode == HttpStatusCode.OK, $"{member}: {link} answered {(int)page.StatusCode}");
            }
        }
        Assert.Contains(EmailTestKit.Links(supplierMime.HtmlBody ?? ""), l => l.AbsolutePath == $"/threads/{unanswered}");
        Assert.Contains(EmailTestKit.Links(supplierMime.HtmlBody ?? ""), l => l.AbsolutePath == $"/threads/{market}");

        // The same moment again, and a week later with nothing new: no second digest.
        await App.DigestsAt(clock).RunDueAsync();
        var weekLater = new FakeTimeProvider(clock.GetUtcNow().AddDays(7));
        await App.DigestsAt(weekLater).RunDueAsync();
        Assert.Equal(1, await App.DigestsQueuedForAsync(buyer.Id));
        Assert.Equal(1, await App.DigestsQueuedForAsync(supplier.Id));
        await App.OutboxDrainedAsync();
        Assert.Single(await App.EmailsAsync(buyer.Email, "digest"));
        Assert.Single(await App.EmailsAsync(supplier.Email, "digest"));
    }

    [Fact]
    public async Task A_quiet_week_sends_nothing_and_a_digest_that_is_off_never_goes()
    {
        using var quiet = await App.JoinAsAsync(Persona.Facilitator);
        using var off = await App.JoinAsAsync(Persona.Buyer);
        // Product groups nobody else uses, so nothing of the other tests is news to them.
        using (var put = await quiet.Http.PutProfileAsync(CommunitySteps.Profile("Facilitator", "Facilitator", displayName: quiet.DisplayName, productGroups: ["events"])))
            await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, "profile");
        await quiet.SetEmailAsync(new { digest = "Daily", digestHour = 7 });
        await off.SetEmailAsync(new { digest = "Off" });
        var clock = await quiet.ClockAtNextDigestAsync();
        // Whatever the other tests wrote came before these members joined: their periods hold nothing new.
        await App.DigestsAt(clock).RunDueAsync();
        var next = new FakeTimeProvider(clock.GetUtcNow().AddDays(1));
        await App.DigestsAt(next).RunDueAsync();
        Assert.Equal(0, await App.DigestsQueuedForAsync(off.Id));
        Assert.Equal(0, await App.DigestsQueuedForAsync(quiet.Id));
        var view = await off.Http.GetJsonAsync("/api/v1/me/email");
        Assert.Equal(JsonValueKind.Null, view.GetProperty("nextDigestAt").ValueKind);

        // The preview says so too: nothing new, no email.
        using var preview = await quiet.Http.GetAsync("/api/v1/me/digest/preview");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal("text/html", preview.Content.Headers.ContentType?.MediaType);
        Assert.Equal("false", preview.Headers.GetValues("X-Digest-Has-News").Single());
    }
}
