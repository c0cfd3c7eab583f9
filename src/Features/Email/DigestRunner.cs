using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Features.Sessions;
using PracticeCommunity.Hosting;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Email;

/// <summary>A digest as it would go now; <see cref="DigestModel.HasNews"/> false means no email would be sent.</summary>
public sealed record DigestPreview(DigestModel Model, string Subject, RenderedEmail Body, DateTimeOffset? NextDigestAt, DigestFrequency Frequency);

/// <summary>What a digest run did.</summary>
public sealed record DigestRunResult(int Queued, int Empty);

/// <summary>
/// Sends the digests that are due: members are read in batches (memory stays flat), each member's slot is claimed
/// in the same transaction that queues their email under the unique key member + slot. So a restart or two
/// overlapping runs never send two digests for one period, and a crash in the middle loses none: the members not yet
/// handled are still due when the app comes back.
/// </summary>
public sealed partial class DigestRunner(
    IDbContextFactory<AppDbContext> dbFactory,
    DigestComposer composer,
    MemberService members,
    EmailOutbox outbox,
    EmailRenderer renderer,
    UnsubscribeLinks unsubscribe,
    PublicUrls urls,
    IOptions<EmailOptions> options,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    Moderation.AuditLog audit,
    ILogger<DigestRunner> logger)
{
    /// <summary>How late a member's very first digest may still go.</summary>
    private static readonly TimeSpan FirstDigestGrace = TimeSpan.FromHours(2);

    private sealed record Candidate(string Id, string Email, string DisplayName, string TimeZone, DateTimeOffset CreatedAt, List<string> ProductGroups, EmailSettings? Settings);

    public async Task<DigestRunResult> RunDueAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var run = composer.StartRun(now);
        var (queued, empty) = (0, 0);
        var after = "";
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var batch = await db.Users.AsNoTracking()
                .Where(u => u.DeletedAt == null && u.EmailConfirmed && u.Email != null && string.Compare(u.Id, after) > 0)
                .OrderBy(u => u.Id).Take(options.Value.DigestBatchSize)
                .Select(u => new Candidate(u.Id, u.Email!, u.DisplayName, u.TimeZone, u.CreatedAt, u.ProductGroups,
                    db.EmailSettings.FirstOrDefault(s => s.MemberId == u.Id)))
                .ToListAsync(ct);
            if (batch.Count == 0) break;
            after = batch[^1].Id;
            foreach (var candidate in batch)
            {
                var settings = candidate.Settings ?? new EmailSettings { MemberId = candidate.Id };
                var zone = SessionTimes.FindZone(candidate.TimeZone) ?? TimeZoneInfo.Utc;
                if (DigestSchedule.LastSlot(now, zone, settings) is not { } slot) continue;
                var length = DigestSchedule.Length(settings.Digest);
                if (settings.LastDigestSlot is { } last)
                {
                    // Handled already; or a changed schedule whose slot comes too soon after the last digest.
                    if (last >= slot || slot - last < length * 0.75) continue;
                }
                // Never had one: only a slot that has just passed is sent (not last week's, right after an upgrade).
                else if (slot < candidate.CreatedAt || now - slot > FirstDigestGrace) continue;
                if (await members.GetViewerByIdAsync(candidate.Id, ct) is not { IsSuspended: false } viewer) continue;
                var since = settings.DigestCoveredUntil ?? Max(candidate.CreatedAt, slot - length);
                var model = await composer.ComposeAsync(db, run, viewer,
                    new DigestRecipient(candidate.Id, candidate.DisplayName, candidate.TimeZone, candidate.ProductGroups, settings.Digest), since, ct);
                var done = await ClaimAsync(db, candidate, viewer, slot, run.Until, model, ct);
                if (done == true) queued++;
                else if (done == false) empty++;
                db.ChangeTracker.Clear();
            }
            if (queued > 0) outbox.Wake();
        }
        if (queued > 0 || empty > 0) LogRun(queued, empty);
        return new DigestRunResult(queued, empty);
    }

    /// <summary>Claims the member's slot and queues the digest in one transaction: true when queued, false when
    /// there was nothing new, null when another run had claimed it.</summary>
    private async Task<bool?> ClaimAsync(AppDbContext db, Candidate candidate, Viewer viewer, DateTimeOffset slot, DateTimeOffset until, DigestModel model, CancellationToken ct)
    {
        (string Subject, RenderedEmail Body)? email = model.HasNews ? await RenderAsync(model, candidate.Id) : null;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (candidate.Settings is null)
            {
                db.EmailSettings.Add(new EmailSettings { MemberId = candidate.Id, LastDigestSlot = slot, DigestCoveredUntil = until, UpdatedAt = until });
                await db.SaveChangesAsync(ct);
            }
            else if (await db.EmailSettings
                .Where(s => s.MemberId == candidate.Id && s.Digest != DigestFrequency.Off && (s.LastDigestSlot == null || s.LastDigestSlot < slot))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastDigestSlot, slot).SetProperty(s => s.DigestCoveredUntil, until), ct) == 0)
            {
                return null;
            }
            if (email is { } e)
            {
                outbox.Add(db, candidate.Email, OutboxKinds.Digest, e.Subject, e.Body, memberId: candidate.Id, topics: [EmailTopics.Digest],
                    uniqueKey: $"digest:{candidate.Id}:{slot.UtcDateTime:yyyyMMddHHmm}", recipient: viewer);
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
            return email is not null;
        }
        catch (DbUpdateException)
        {
            // Another run claimed this slot (the settings row or the unique key exists): it sends, this one does not.
            await tx.RollbackAsync(ct);
            return null;
        }
    }

    /// <summary>The digest as an email: subject, both parts, footer with the settings and the unsubscribe link.</summary>
    /// <param name="preview">A preview carries no working unsubscribe link: whoever looks at it cannot act for the member.</param>
    public async Task<(string Subject, RenderedEmail Body)> RenderAsync(DigestModel model, string memberId, bool preview = false)
    {
        var subject = model.Frequency == DigestFrequency.Daily ? L["Your daily PracticeCommunity digest"].Value : L["Your weekly PracticeCommunity digest"].Value;
        var body = await renderer.RenderAsync<Templates.DigestEmail>(new Dictionary<string, object?>
        {
            [nameof(Templates.DigestEmail.Heading)] = subject,
            [nameof(Templates.DigestEmail.Model)] = model,
            [nameof(Templates.DigestEmail.HomeUrl)] = urls.For("/"),
            [nameof(Templates.DigestEmail.Footer)] = new EmailFooter(
                model.Frequency == DigestFrequency.Daily
                    ? L["You receive this daily digest because of your email settings on PracticeCommunity."]
                    : L["You receive this weekly digest because of your email settings on PracticeCommunity."],
                urls.For("/me/email"), preview ? urls.For("/me/email") : unsubscribe.UrlFor(memberId, [EmailTopics.Digest])),
        });
        return (subject, body);
    }

    /// <summary>
    /// The member's next digest as it would be sent now, for "preview my next digest". Moderators may preview any
    /// member's: it is composed with that member's rights, so it shows exactly what they would get.
    /// </summary>
    public async Task<ServiceResult<DigestPreview>> PreviewAsync(Viewer viewer, string? memberId, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } me) return ServiceResult<DigestPreview>.NotFound();
        var target = string.IsNullOrWhiteSpace(memberId) ? me : memberId.Trim();
        if (target != me && !Access.AccessGate.CanModerate(viewer)) return ServiceResult<DigestPreview>.Forbidden(L["Only moderators preview another member's digest."]);
        if (target.Length > 64) return ServiceResult<DigestPreview>.NotFound();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.Users.AsNoTracking().Where(u => u.Id == target && u.DeletedAt == null)
            .Select(u => new { u.DisplayName, u.TimeZone, u.CreatedAt, u.ProductGroups }).FirstOrDefaultAsync(ct);
        if (member is null || await members.GetViewerByIdAsync(target, ct) is not { } recipient) return ServiceResult<DigestPreview>.NotFound();
        var settings = await EmailSettingsService.LoadAsync(db, target, ct);
        var now = time.GetUtcNow();
        var frequency = settings.Digest == DigestFrequency.Off ? DigestFrequency.Weekly : settings.Digest;
        var since = settings.DigestCoveredUntil ?? Max(member.CreatedAt, now - DigestSchedule.Length(frequency));
        var model = await composer.ComposeAsync(db, composer.StartRun(now), recipient,
            new DigestRecipient(target, member.DisplayName, member.TimeZone, member.ProductGroups, frequency), since, ct);
        var (subject, body) = await RenderAsync(model, target, preview: true);
        if (target != me) await audit.RecordAsync(viewer, "member.digest-preview", "Member", target, ct: ct);
        var next = DigestSchedule.NextSlot(now, SessionTimes.FindZone(member.TimeZone) ?? TimeZoneInfo.Utc, settings);
        return ServiceResult<DigestPreview>.Ok(new DigestPreview(model, subject, body, next, settings.Digest));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest run: {Queued} queued, {Empty} with nothing new")]
    private partial void LogRun(int queued, int empty);
}
