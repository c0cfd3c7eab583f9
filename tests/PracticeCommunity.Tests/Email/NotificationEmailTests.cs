using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Email;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Tests.Rooms.RoomsTestKit;

namespace PracticeCommunity.Tests.Email;

/// <summary>Issue 11: notification emails after a delay, skipped when seen, batched, capped per day and re-checked against the access gate.</summary>
public sealed class NotificationEmailTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private static FakeTimeProvider In(int minutes) => new(DateTimeOffset.UtcNow.AddMinutes(minutes));

    private async Task<NotificationEmail[]> StatesAsync(string memberId) =>
        await App.InDatabaseAsync(db => db.Notifications.Where(n => n.MemberId == memberId).OrderBy(n => n.Id).Select(n => n.EmailState).ToArrayAsync());

    [Fact]
    public async Task A_reply_is_emailed_after_the_delay_unless_it_was_read_in_the_app_first()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        using var answerer = await App.JoinAsAsync(Persona.Supplier);
        var (question, _) = await asker.StartThreadAsync(OpenRoom, "Reuse of office chairs: what lasts");
        await answerer.ReplyAsync(question, "Chairs with replaceable arm pads last longest.", mentionsOwnOffering: false);

        // Before the delay (10 minutes) nothing goes.
        await App.MailerAt(In(5)).RunDueAsync();
        Assert.Equal([NotificationEmail.Pending], await StatesAsync(asker.Id));

        await App.MailerAt(In(11)).RunDueAsync();
        var email = await App.Mail.WaitForEmailToAsync(asker.Email, "answered your question");
        var (mime, _, text) = await App.SourceAsync(email);
        Assert.Contains("Chairs with replaceable arm pads last longest.", mime.TextBody);
        Assert.Contains($"http://localhost/threads/{question}#post-", mime.HtmlBody);
        Assert.Contains("notification settings", mime.TextBody);
        Assert.Contains("/me/email", mime.TextBody);
        Assert.Equal("auto-generated", mime.Headers["Auto-Submitted"]);
        Assert.NotNull(mime.Headers["List-Unsubscribe"]);
        Assert.Equal([NotificationEmail.Sent], await StatesAsync(asker.Id));

        // A second answer, read in the app before the delay is over: no email.
        await answerer.ReplyAsync(question, "And the fabric can be replaced too.", mentionsOwnOffering: false);
        using (var read = await asker.Http.PostAsync("/api/v1/notifications/read", null)) Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        await App.MailerAt(In(11)).RunDueAsync();
        Assert.Equal([NotificationEmail.Sent, NotificationEmail.Seen], await StatesAsync(asker.Id));
        await App.OutboxDrainedAsync();
        Assert.Single(await App.Mail.EmailsToAsync(asker.Email));
    }

    [Fact]
    public async Task What_is_due_together_goes_as_one_email_and_past_the_daily_cap_one_line_says_how_many_more()
    {
        using var asker = await App.JoinAsAsync(Persona.Buyer);
        var repliers = new List<CommunityMember>();
        for (var i = 0; i < 3; i++) repliers.Add(await App.JoinAsAsync(Persona.Buyer));
        var threads = new List<long>();
        for (var i = 0; i < 5; i++) threads.Add((await asker.StartThreadAsync(OpenRoom, Unique.Name($"Batch question {i}"))).ThreadId);
        foreach (var (thread, i) in threads.Select((t, i) => (t, i))) await repliers[i % 3].ReplyAsync(thread, $"Answer number {i}");

        var capped = new EmailOptions { DailyNotificationCap = 3 };
        await App.MailerAt(In(11), capped).RunDueAsync();
        var email = await App.Mail.WaitForEmailToAsync(asker.Email, "5 new notifications");
        var (mime, _, _) = await App.SourceAsync(email);
        foreach (var i in new[] { 0, 1, 2 }) Assert.Contains($"Answer number {i}", mime.TextBody);
        Assert.DoesNotContain("Answer number 3", mime.TextBody);
        Assert.Contains("and 2 more", mime.TextBody);
        Assert.Equal(3, (await StatesAsync(asker.Id)).Count(s => s == NotificationEmail.Sent));
        Assert.Equal(2, (await StatesAsync(asker.Id)).Count(s => s == NotificationEmail.Capped));

        // More the same day: the cap holds and the "more" line was said already; nothing goes. The next day it does.
        await repliers[0].ReplyAsync(threads[0], "A late answer");
        await App.MailerAt(In(12), capped).RunDueAsync();
        Assert.Equal(NotificationEmail.Capped, (await StatesAsync(asker.Id)).Last());
        await repliers[1].ReplyAsync(threads[1], "The next day's answer");
        await App.MailerAt(In(60 * 25), capped).RunDueAsync();
        await App.Mail.WaitForEmailToAsync(asker.Email, "answered your question");
        await App.OutboxDrainedAsync();
        Assert.Equal(2, (await App.Mail.EmailsToAsync(asker.Email)).Count);
    }

    [Fact]
    public async Task A_member_who_lost_Buyer_status_gets_nothing_from_a_buyers_only_room_and_turned_off_kinds_stay_in_the_app()
    {
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using var colleague = await App.JoinAsAsync(Persona.Buyer);
        var (thread, _) = await buyer.StartThreadAsync(BuyersOnlyRoom, "Budget Platypusline for 2027", kind: "PracticeShare");
        await colleague.ReplyAsync(thread, "Our Platypusline budget doubled.");
        // The buyer becomes a supplier before the email is due.
        using (var put = await buyer.Http.PutProfileAsync(CommunitySteps.Profile("Supplier", "Supplier", displayName: buyer.DisplayName)))
            await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, "becoming a supplier");
        await App.MailerAt(In(11)).RunDueAsync();
        Assert.Equal([NotificationEmail.NotAllowed], await StatesAsync(buyer.Id));

        // Mentions turned off: the mention stays in the app, no email.
        using var other = await App.JoinAsAsync(Persona.Buyer);
        await other.SetEmailAsync(new { notifications = new { mentions = false } });
        var (open, _) = await buyer.StartThreadAsync(OpenRoom, Unique.Name("Mention test"), kind: "PracticeShare", mentionsOwnOffering: false);
        await colleague.ReplyAsync(open, $"@[{other.DisplayName}] what do you think?");
        await App.MailerAt(In(11)).RunDueAsync();
        Assert.Equal([NotificationEmail.Off], await StatesAsync(other.Id));
        await App.OutboxDrainedAsync();
        Assert.Empty(await App.Mail.EmailsToAsync(other.Email));
        Assert.DoesNotContain(await App.Mail.EmailsToAsync(buyer.Email), m => m.Text.Contains("Platypusline") || m.Subject.Contains("Platypusline"));
    }

    [Fact]
    public async Task An_email_waiting_for_a_retry_is_not_sent_once_its_member_lost_access_or_turned_it_off()
    {
        using var buyer = await App.JoinAsAsync(Persona.Buyer);
        using var other = await App.JoinAsAsync(Persona.Buyer);
        var outbox = App.Services.GetRequiredService<EmailOutbox>();
        var later = DateTimeOffset.UtcNow.AddHours(1);
        var ids = await App.InDatabaseAsync(async db =>
        {
            // As if both had failed once and were waiting for their retry.
            var a = outbox.Add(db, buyer.Email, OutboxKinds.Notifications, "Retry Okapiwatch buyers-only", new RenderedEmail("<p>Okapiwatch</p>", "Okapiwatch"),
                memberId: buyer.Id, topics: [EmailTopics.Replies], recipient: await App.ViewerOfAsync(buyer.Id));
            var b = outbox.Add(db, other.Email, OutboxKinds.Digest, "Retry digest Okapiwatch", new RenderedEmail("<p>Digest</p>", "Digest"),
                memberId: other.Id, topics: [EmailTopics.Digest], recipient: await App.ViewerOfAsync(other.Id));
            a.NextAttemptAt = b.NextAttemptAt = later;
            a.Attempts = b.Attempts = 1;
            await db.SaveChangesAsync();
            return (a.Id, b.Id);
        });
        using (var put = await buyer.Http.PutProfileAsync(CommunitySteps.Profile("Supplier", "Supplier", displayName: buyer.DisplayName)))
            await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, "becoming a supplier");
        await other.SetEmailAsync(new { digest = "Off" });

        await App.InDatabaseAsync(db => db.OutboxMessages.Where(m => m.Id == ids.Item1 || m.Id == ids.Item2)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null)));
        outbox.Wake();
        await Eventually.TrueAsync(async () => await App.InDatabaseAsync(db => db.OutboxMessages.CountAsync(m => (m.Id == ids.Item1 || m.Id == ids.Item2) && m.FailedAt != null)) == 2,
            "both withdrawn");
        var rows = await App.InDatabaseAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Id == ids.Item1 || m.Id == ids.Item2).OrderBy(m => m.Id).ToListAsync());
        Assert.Equal("Not sent: the member may no longer see all it was written for.", rows[0].LastError);
        Assert.Equal("Not sent: the member turned these emails off.", rows[1].LastError);
        Assert.All(rows, r => Assert.Null(r.SentAt));
        Assert.All(rows, r => Assert.Equal("", r.HtmlBody));
        Assert.DoesNotContain(await App.Mail.GetAllAsync(), m => m.Subject.Contains("Okapiwatch"));
    }

    [Fact]
    public async Task Line_breaks_in_names_and_titles_never_become_headers()
    {
        using var member = await App.JoinAsAsync(Persona.Buyer);
        var (thread, _) = await member.StartThreadAsync(OpenRoom, Unique.Name("Header test"), kind: "PracticeShare");
        // Written straight to the database: names and titles are validated on the way in, this is the last line of defence.
        await App.InDatabaseAsync(async db =>
        {
            db.Notifications.Add(new Notification
            {
                MemberId = member.Id, Kind = NotificationKind.Mention, ThreadId = thread, ActorName = "Eve\r\nBcc: attacker@example.org",
                ThreadTitle = "Title\r\nX-Injected: yes\nSubject: forged", CreatedAt = DateTimeOffset.UtcNow, EmailState = NotificationEmail.Pending,
            });
            return await db.SaveChangesAsync();
        });
        await App.MailerAt(In(11)).RunDueAsync();
        var email = await App.Mail.WaitForEmailToAsync(member.Email, "mentioned you");
        var (mime, raw, _) = await App.SourceAsync(email);
        Assert.Empty(mime.Bcc);
        Assert.Null(mime.Headers["X-Injected"]);
        Assert.Single(mime.Headers, h => h.Field == "Subject");
        Assert.Contains("Eve Bcc: attacker@example.org mentioned you in", mime.Subject);
        var unix = raw.Replace("\r\n", "\n", StringComparison.Ordinal);
        var headerBlock = unix[..unix.IndexOf("\n\n", StringComparison.Ordinal)];
        Assert.DoesNotContain("\nX-Injected", headerBlock);
        Assert.DoesNotContain("\nBcc:", headerBlock);
        Assert.Equal([member.Email], mime.To.Mailboxes.Select(m => m.Address));
    }
}
