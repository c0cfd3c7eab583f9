using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Sessions;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Email;

public sealed record NotificationChoices(bool Replies, bool Answers, bool Mentions, bool Accepted, bool ActionItems, bool Sessions);

/// <summary>GET /api/v1/me/email: the member's choices, their time zone and when the next digest is due.</summary>
public sealed record EmailSettingsView(DigestFrequency Digest, int DigestHour, DayOfWeek DigestWeekday, NotificationChoices Notifications,
    string TimeZone, DateTimeOffset? NextDigestAt);

/// <summary>PUT /api/v1/me/email. A field left out keeps its value.</summary>
public sealed class EmailSettingsInput
{
    public string? Digest { get; set; }
    public int? DigestHour { get; set; }
    public string? DigestWeekday { get; set; }
    public NotificationChoicesInput? Notifications { get; set; }
}

public sealed class NotificationChoicesInput
{
    public bool? Replies { get; set; }
    public bool? Answers { get; set; }
    public bool? Mentions { get; set; }
    public bool? Accepted { get; set; }
    public bool? ActionItems { get; set; }
    public bool? Sessions { get; set; }
}

/// <summary>What one-click unsubscribe did (for its page).</summary>
public sealed record UnsubscribeOutcome(IReadOnlyList<string> Topics, bool AlreadyOff);

/// <summary>A member's email settings: read, changed from the page or the API, and turned off by an unsubscribe link.</summary>
public sealed class EmailSettingsService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, IStringLocalizer<Strings> L)
{
    /// <summary>The member's settings, or the defaults when they never changed them (not saved).</summary>
    public static async Task<EmailSettings> LoadAsync(AppDbContext db, string memberId, CancellationToken ct) =>
        await db.EmailSettings.AsNoTracking().FirstOrDefaultAsync(s => s.MemberId == memberId, ct) ?? new EmailSettings { MemberId = memberId };

    /// <summary>Settings for each of <paramref name="memberIds"/>, defaults included.</summary>
    public static async Task<IReadOnlyDictionary<string, EmailSettings>> LoadManyAsync(AppDbContext db, IReadOnlyCollection<string> memberIds, CancellationToken ct)
    {
        var ids = memberIds.Distinct().ToList();
        var saved = await db.EmailSettings.AsNoTracking().Where(s => ids.Contains(s.MemberId)).ToDictionaryAsync(s => s.MemberId, ct);
        return ids.ToDictionary(id => id, id => saved.TryGetValue(id, out var s) ? s : new EmailSettings { MemberId = id });
    }

    public async Task<EmailSettingsView?> GetAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } me) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var zone = await db.Users.Where(u => u.Id == me).Select(u => u.TimeZone).FirstOrDefaultAsync(ct);
        return zone is null ? null : View(await LoadAsync(db, me, ct), zone);
    }

    public async Task<ServiceResult<EmailSettingsView>> UpdateAsync(Viewer viewer, EmailSettingsInput input, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } me) return ServiceResult<EmailSettingsView>.NotFound();
        var errors = new FieldErrors();
        DigestFrequency? digest = null;
        if (input.Digest is not null && (digest = EnumNames.Parse<DigestFrequency>(input.Digest)) is null)
            errors.Add("digest", L["Choose Daily, Weekly or Off."]);
        if (input.DigestHour is < 0 or > 23) errors.Add("digestHour", L["Choose an hour from 0 to 23."]);
        DayOfWeek? weekday = null;
        if (input.DigestWeekday is not null && (weekday = EnumNames.Parse<DayOfWeek>(input.DigestWeekday)) is null)
            errors.Add("digestWeekday", L["Choose a day from Monday to Sunday."]);
        if (errors.Any) return errors.ToResult<EmailSettingsView>();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var zone = await db.Users.Where(u => u.Id == me).Select(u => u.TimeZone).FirstOrDefaultAsync(ct);
        if (zone is null) return ServiceResult<EmailSettingsView>.NotFound();
        var settings = await db.EmailSettings.FirstOrDefaultAsync(s => s.MemberId == me, ct);
        if (settings is null)
        {
            settings = new EmailSettings { MemberId = me };
            db.EmailSettings.Add(settings);
        }
        var now = time.GetUtcNow();
        var before = (settings.Digest, settings.DigestHour, settings.DigestWeekday);
        settings.Digest = digest ?? settings.Digest;
        settings.DigestHour = input.DigestHour ?? settings.DigestHour;
        settings.DigestWeekday = weekday ?? settings.DigestWeekday;
        if (input.Notifications is { } n)
        {
            settings.Replies = n.Replies ?? settings.Replies;
            settings.Answers = n.Answers ?? settings.Answers;
            settings.Mentions = n.Mentions ?? settings.Mentions;
            settings.Accepted = n.Accepted ?? settings.Accepted;
            settings.ActionItems = n.ActionItems ?? settings.ActionItems;
            settings.Sessions = n.Sessions ?? settings.Sessions;
        }
        if (before != (settings.Digest, settings.DigestHour, settings.DigestWeekday) && settings.Digest != DigestFrequency.Off)
        {
            // A new schedule starts from now: the slot that has just passed under it is not sent late.
            var passed = DigestSchedule.LastSlot(now, SessionTimes.FindZone(zone) ?? TimeZoneInfo.Utc, settings);
            settings.LastDigestSlot = settings.LastDigestSlot is { } last && last > passed ? last : passed;
            // Back on after a pause: the next digest tells of the last period, not of everything since it was turned off.
            if (before.Digest == DigestFrequency.Off) settings.DigestCoveredUntil = null;
        }
        settings.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return ServiceResult<EmailSettingsView>.Ok(View(settings, zone));
    }

    /// <summary>Turns off what an unsubscribe token names, for the member it names; null when that member is gone.</summary>
    public async Task<UnsubscribeOutcome?> UnsubscribeAsync(UnsubscribeGrant grant, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Users.AnyAsync(u => u.Id == grant.MemberId && u.DeletedAt == null, ct)) return null;
        var settings = await db.EmailSettings.FirstOrDefaultAsync(s => s.MemberId == grant.MemberId, ct);
        if (settings is null)
        {
            settings = new EmailSettings { MemberId = grant.MemberId };
            db.EmailSettings.Add(settings);
        }
        var alreadyOff = grant.Topics.All(t => !EmailTopics.IsOn(settings, t));
        foreach (var topic in grant.Topics) EmailTopics.TurnOff(settings, topic);
        settings.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return new UnsubscribeOutcome(grant.Topics, alreadyOff);
    }

    /// <summary>Whether the member still gets what the token names (for the unsubscribe page before the click).</summary>
    public async Task<bool?> IsSubscribedAsync(UnsubscribeGrant grant, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Users.AnyAsync(u => u.Id == grant.MemberId && u.DeletedAt == null, ct)) return null;
        var settings = await LoadAsync(db, grant.MemberId, ct);
        return grant.Topics.Any(t => EmailTopics.IsOn(settings, t));
    }

    private EmailSettingsView View(EmailSettings s, string zone) => new(s.Digest, s.DigestHour, s.DigestWeekday,
        new NotificationChoices(s.Replies, s.Answers, s.Mentions, s.Accepted, s.ActionItems, s.Sessions), zone,
        DigestSchedule.NextSlot(time.GetUtcNow(), SessionTimes.FindZone(zone) ?? TimeZoneInfo.Utc, s));
}
