using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Email;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Rooms;

namespace PracticeCommunity.Tests.Email;

/// <summary>Issue 11: the email runners on a fake clock (the app's own services otherwise), and reading what maildev caught.</summary>
public static partial class EmailTestKit
{
    public static NotificationMailer MailerAt(this CommunityAppFactory app, TimeProvider clock, EmailOptions? options = null) =>
        options is null
            ? ActivatorUtilities.CreateInstance<NotificationMailer>(app.Services, clock)
            : ActivatorUtilities.CreateInstance<NotificationMailer>(app.Services, clock, Options.Create(options));

    public static DigestRunner DigestsAt(this CommunityAppFactory app, TimeProvider clock, EmailOptions? options = null) =>
        options is null
            ? ActivatorUtilities.CreateInstance<DigestRunner>(app.Services, clock)
            : ActivatorUtilities.CreateInstance<DigestRunner>(app.Services, clock, Options.Create(options));

    public static async Task SetEmailAsync(this CommunityMember member, object settings)
    {
        using var put = await member.Http.PutAsJsonAsync("/api/v1/me/email", settings);
        await CommunitySteps.EnsureAsync(put, HttpStatusCode.OK, $"{member} changing email settings");
    }

    /// <summary>The member's next digest slot (from the API), plus a minute: a clock at which it is due.</summary>
    public static async Task<FakeTimeProvider> ClockAtNextDigestAsync(this CommunityMember member)
    {
        var next = (await member.Http.GetJsonAsync("/api/v1/me/email")).GetProperty("nextDigestAt").GetDateTimeOffset();
        return new FakeTimeProvider(next.AddMinutes(1));
    }

    public static async Task<IReadOnlyList<CaughtEmail>> EmailsAsync(this CommunityAppFactory app, string to, string subjectContains) =>
        (await app.Mail.EmailsToAsync(to)).Where(m => m.Subject.Contains(subjectContains, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The email as it crossed SMTP: raw bytes as text, plus its decoded parts and headers.</summary>
    public static async Task<(MimeMessage Mime, string Raw, string Decoded)> SourceAsync(this CommunityAppFactory app, CaughtEmail email)
    {
        var mime = await app.Mail.SourceAsync(email);
        using var buffer = new MemoryStream();
        await mime.WriteToAsync(buffer);
        var raw = Encoding.UTF8.GetString(buffer.ToArray());
        var decoded = string.Join("\n", mime.Headers.Select(h => $"{h.Field}: {h.Value}")) + "\n" + mime.TextBody + "\n" + mime.HtmlBody;
        return (mime, raw, decoded);
    }

    /// <summary>Every link of the HTML part, HTML-decoded.</summary>
    public static IReadOnlyList<Uri> Links(string html) =>
        HrefPattern().Matches(html).Select(m => new Uri(WebUtility.HtmlDecode(m.Groups[1].Value))).Distinct().ToList();

    /// <summary>How many digest messages the outbox holds for a member (each period's key is unique).</summary>
    public static async Task<int> DigestsQueuedForAsync(this CommunityAppFactory app, string memberId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.OutboxMessages.CountAsync(m => m.MemberId == memberId && m.Kind == OutboxKinds.Digest);
    }

    /// <summary>
    /// Buyers of one new organisation, written straight to the database, each with a daily digest due at this hour
    /// (the last one was yesterday's): a digest run now sends each of them one. Returns the hour's slot.
    /// </summary>
    public static async Task<DateTimeOffset> SeedMembersWithDigestDueAsync(this CommunityAppFactory app, IReadOnlyList<string> emails, string organisationName)
    {
        var now = DateTimeOffset.UtcNow;
        var slot = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        await app.InDatabaseAsync(async db =>
        {
            var organisation = new Organisation { Name = organisationName, Type = OrganisationType.PublicBuyer, Country = "BE", CreatedAt = now };
            db.Organisations.Add(organisation);
            foreach (var email in emails)
            {
                var name = email.Split('@')[0];
                var member = new Member
                {
                    UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                    EmailConfirmed = true, DisplayName = name, NormalizedDisplayName = name.ToUpperInvariant(),
                    SecurityStamp = Guid.NewGuid().ToString("N"), TimeZone = "UTC", Organisation = organisation, Role = CommunityRole.Buyer,
                    RoleStatus = RoleStatus.Granted, ProductGroups = ["ict"], CreatedAt = now.AddDays(-3),
                };
                db.Users.Add(member);
                db.EmailSettings.Add(new EmailSettings
                {
                    MemberId = member.Id, Digest = DigestFrequency.Daily, DigestHour = now.Hour, LastDigestSlot = slot.AddDays(-1), UpdatedAt = now,
                });
            }
            return await db.SaveChangesAsync();
        });
        return slot;
    }

    public static async Task<T> InDatabaseAsync<T>(this CommunityAppFactory app, Func<AppDbContext, Task<T>> read)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    /// <summary>Waits until the outbox has sent everything queued (the dispatcher runs on the app's real clock).</summary>
    public static async Task OutboxDrainedAsync(this CommunityAppFactory app, TimeSpan? timeout = null)
    {
        await Eventually.TrueAsync(async () => await app.InDatabaseAsync(db => db.OutboxMessages.AllAsync(m => m.SentAt != null || m.FailedAt != null)),
            "the outbox to be sent", timeout ?? TimeSpan.FromSeconds(30));
    }

    public static JsonElement Json(this string text) => JsonDocument.Parse(text).RootElement;

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex HrefPattern();
}
