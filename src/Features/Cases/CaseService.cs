using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Notifications;
using PracticeCommunity.Features.Security;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Cases;

/// <summary>
/// A case's life: proposed as a draft (saved at any step), submitted, then published, sent back for changes or
/// rejected by a moderator. Every change of state is recorded with who and when, and the owner is told in the app.
/// Who may do what is asked of the <see cref="AccessGate"/>; a case the caller may not see is reported as missing.
/// </summary>
public sealed partial class CaseService(
    IDbContextFactory<AppDbContext> dbFactory,
    CaseRules rules,
    CaseDetails details,
    AccessGate access,
    NotificationService notifications,
    Moderation.AuditLog audit,
    ActionLimits limits,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    ILogger<CaseService> logger)
{
    public async Task<ServiceResult<CaseDetail>> GetAsync(Viewer viewer, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await FindVisibleAsync(db, viewer, id, ct);
        return found is null ? ServiceResult<CaseDetail>.NotFound() : ServiceResult<CaseDetail>.Ok(await details.BuildAsync(db, viewer, found, ct));
    }

    /// <summary>The input that would recreate the case, for the form's edit mode.</summary>
    public async Task<ServiceResult<(CaseInput Input, CaseDetail Detail)>> GetForEditAsync(Viewer viewer, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await FindVisibleAsync(db, viewer, id, ct);
        if (c is null) return ServiceResult<(CaseInput, CaseDetail)>.NotFound();
        if (!AccessGate.CanEditCase(viewer, c.Status, c.OwnerId)) return ServiceResult<(CaseInput, CaseDetail)>.Forbidden(L["Only the case owner edits a draft, or a case sent back for changes."]);
        var indicators = await db.CaseIndicators.AsNoTracking().Where(i => i.CaseId == id).OrderBy(i => i.Position).ToListAsync(ct);
        var input = CaseDetails.AsInput(c, indicators);
        input.Version = c.Version;
        return ServiceResult<(CaseInput, CaseDetail)>.Ok((input, await details.BuildAsync(db, viewer, c, ct)));
    }

    public async Task<ServiceResult<CreatedCase>> CreateAsync(Viewer viewer, CaseInput input, CancellationToken ct = default)
    {
        if (!viewer.IsSignedIn) return ServiceResult<CreatedCase>.Forbidden(L["Sign in to propose a case."]);
        if (access.ProposeCaseBlockedReason(viewer) is { } why) return ServiceResult<CreatedCase>.Forbidden(why);
        var errors = rules.Validate(input, forReview: false);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await CheckCitedThreadsAsync(db, viewer, input, errors, ct);
        if (errors.Any) return errors.ToResult<CreatedCase>();
        var now = time.GetUtcNow();
        if (limits.TryPost(viewer.MemberId!, viewer.MemberSince, now, newThread: true) is { Allowed: false } tooFast)
            return ServiceResult<CreatedCase>.RateLimited(tooFast.RetryAfter, L["You have started several threads in a short time. Wait {0} seconds and try again; your text is kept.", tooFast.RetryAfterSeconds]);
        var member = await db.Users.AsNoTracking().Include(m => m.Organisation).FirstAsync(m => m.Id == viewer.MemberId, ct);
        var c = new CaseStudy
        {
            OwnerId = member.Id, OrganisationName = member.Organisation?.Name ?? "", OrganisationType = member.Organisation?.Type ?? OrganisationType.PublicBuyer,
            Country = member.Organisation?.Country ?? "", CreatedAt = now, UpdatedAt = now,
        };
        c.CitedThreadIds = (input.CitedThreadIds ?? []).Distinct().ToList();
        await AddAsync(db, c, input, ct);
        await db.SaveChangesAsync(ct);
        LogCreated(c.Id, viewer.MemberId!);
        return ServiceResult<CreatedCase>.Ok(new CreatedCase(c.Id, c.Status));
    }

    /// <summary>Saves a draft (or a case sent back for changes) as it is now; the indicators are replaced.</summary>
    public async Task<ServiceResult<CaseDetail>> UpdateAsync(Viewer viewer, long id, CaseInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (c, refused) = await EditableAsync(db, viewer, id,
            L["Only the case owner edits a draft, or a case sent back for changes."], L["This case is with the moderators or published: it can no longer be edited."], ct);
        if (c is null) return refused!;
        if (input.Version is { } started && started != c.Version)
            return ServiceResult<CaseDetail>.Conflict(L["This case was changed somewhere else since you opened it. Reload it; copy your text first if you need it."]);
        var errors = rules.Validate(input, forReview: false);
        await CheckCitedThreadsAsync(db, viewer, input, errors, ct);
        if (errors.Any) return errors.ToResult<CaseDetail>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        CaseRules.Apply(input, c);
        c.CitedThreadIds = (input.CitedThreadIds ?? []).Distinct().ToList();
        var indicators = CaseRules.Indicators(input.Indicators);
        await db.CaseIndicators.Where(i => i.CaseId == id).ExecuteDeleteAsync(ct);
        foreach (var i in indicators) i.CaseId = id;
        db.CaseIndicators.AddRange(indicators);
        Summarise(c, indicators);
        c.UpdatedAt = time.GetUtcNow();
        c.Version++;
        if (await SaveAsync(db, ct) is { } conflict) return conflict;
        await tx.CommitAsync(ct);
        return ServiceResult<CaseDetail>.Ok(await details.BuildAsync(db, viewer, c, ct));
    }

    /// <summary>Draft (or sent back) → Submitted, once every part a reader needs is there.</summary>
    public async Task<ServiceResult<CaseDetail>> SubmitAsync(Viewer viewer, long id, SubmitCaseInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (c, refused) = await EditableAsync(db, viewer, id, L["Only the case owner sends a case for review."], L["This case has already been sent for review."], ct);
        if (c is null) return refused!;
        var note = input.Note?.Trim();
        if (note is { Length: > Limits.ReviewComment }) return ServiceResult<CaseDetail>.Invalid("note", L["At most {0} characters (this has {1}).", Limits.ReviewComment, note.Length]);
        if (note is not null && CaseRules.HasHiddenCharacters(note))
            return ServiceResult<CaseDetail>.Invalid("note", L["Remove control or invisible formatting characters (such as right-to-left overrides or zero-width spaces)."]);
        var indicators = await db.CaseIndicators.AsNoTracking().Where(i => i.CaseId == id).OrderBy(i => i.Position).ToListAsync(ct);
        var complete = rules.Validate(CaseDetails.AsInput(c, indicators), forReview: true);
        if (complete.Any) return complete.ToResult<CaseDetail>();
        return await MoveAsync(db, viewer, c, CaseStatus.Submitted, string.IsNullOrEmpty(note) ? null : note, notify: null, ct);
    }

    public Task<ServiceResult<CaseDetail>> PublishAsync(Viewer viewer, long id, CancellationToken ct = default) =>
        ReviewAsync(viewer, id, CaseStatus.Published, null, ct);

    public Task<ServiceResult<CaseDetail>> RequestChangesAsync(Viewer viewer, long id, string? comment, CancellationToken ct = default) =>
        ReviewAsync(viewer, id, CaseStatus.ChangesRequested, comment, ct);

    public Task<ServiceResult<CaseDetail>> RejectAsync(Viewer viewer, long id, string? reason, CancellationToken ct = default) =>
        ReviewAsync(viewer, id, CaseStatus.Rejected, reason, ct);

    private async Task<ServiceResult<CaseDetail>> ReviewAsync(Viewer viewer, long id, CaseStatus to, string? comment, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !AccessGate.CanSeeCase(viewer, c.Status, c.OwnerId, c.HiddenAt != null)) return ServiceResult<CaseDetail>.NotFound();
        if (!AccessGate.CanReviewCases(viewer)) return ServiceResult<CaseDetail>.Forbidden(L["Only moderators review cases."]);
        if (c.Status != CaseStatus.Submitted) return ServiceResult<CaseDetail>.Conflict(L["Only a case sent for review can be published, sent back or rejected (this one is {0}).", L["case:" + c.Status]]);
        var text = comment?.Trim() ?? "";
        var field = to == CaseStatus.Rejected ? "reason" : "comment";
        if (to != CaseStatus.Published)
        {
            if (text.Length == 0)
                return ServiceResult<CaseDetail>.Invalid(field, to == CaseStatus.Rejected ? L["Say why the case is not published: the author reads it."] : L["Say what should change: the author reads it."]);
            if (text.Length > Limits.ReviewComment) return ServiceResult<CaseDetail>.Invalid(field, L["At most {0} characters (this has {1}).", Limits.ReviewComment, text.Length]);
            if (CaseRules.HasHiddenCharacters(text))
                return ServiceResult<CaseDetail>.Invalid(field, L["Remove control or invisible formatting characters (such as right-to-left overrides or zero-width spaces)."]);
        }
        var kind = to switch { CaseStatus.Published => NotificationKind.CasePublished, CaseStatus.Rejected => NotificationKind.CaseRejected, _ => NotificationKind.CaseChangesRequested };
        return await MoveAsync(db, viewer, c, to, to == CaseStatus.Published ? null : text, kind, ct);
    }

    private async Task<ServiceResult<CaseDetail>> MoveAsync(AppDbContext db, Viewer viewer, CaseStudy c, CaseStatus to, string? comment, NotificationKind? notify, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        db.CaseReviewEvents.Add(new CaseReviewEvent { CaseId = c.Id, ActorId = viewer.MemberId!, From = c.Status, To = to, Comment = comment, At = now });
        // A moderator's review is a moderation action; the owner sending their own case is not.
        if (notify is not null) audit.Add(db, viewer, "case." + to.ToString().ToLowerInvariant(), "Case", c.Id, comment, new { status = c.Status }, new { status = to });
        if (notify is not null) c.ReviewComment = comment;
        if (to == CaseStatus.Published)
        {
            c.PublishedAt ??= now;
            c.ReviewComment = null;
        }
        c.Status = to;
        c.UpdatedAt = now;
        c.Version++;
        if (await SaveAsync(db, ct) is { } conflict) return conflict;
        LogMoved(c.Id, to, viewer.MemberId!);
        if (notify is { } kind) await notifications.NotifyCaseAsync(viewer, c.Id, c.Title, c.OwnerId, kind, ct);
        return ServiceResult<CaseDetail>.Ok(await details.BuildAsync(db, viewer, c, ct));
    }

    /// <summary>The case, tracked, when this viewer may change it now; else why not (404, 403 or 409).</summary>
    private static async Task<(CaseStudy? Case, ServiceResult<CaseDetail>? Refused)> EditableAsync(
        AppDbContext db, Viewer viewer, long id, string notTheOwner, string notNow, CancellationToken ct)
    {
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !AccessGate.CanSeeCase(viewer, c.Status, c.OwnerId, c.HiddenAt != null)) return (null, ServiceResult<CaseDetail>.NotFound());
        if (AccessGate.CanEditCase(viewer, c.Status, c.OwnerId)) return (c, null);
        return (null, c.OwnerId == viewer.MemberId ? ServiceResult<CaseDetail>.Conflict(notNow) : ServiceResult<CaseDetail>.Forbidden(notTheOwner));
    }

    /// <summary>
    /// Adds a new case made from a valid input, and its indicators (saved once for the case's id; the caller saves the
    /// rest): the one way the form, a published replication and the CSV import write a case.
    /// </summary>
    internal static async Task AddAsync(AppDbContext db, CaseStudy c, CaseInput input, CancellationToken ct)
    {
        CaseRules.Apply(input, c);
        var indicators = CaseRules.Indicators(input.Indicators);
        Summarise(c, indicators);
        db.Cases.Add(c);
        await db.SaveChangesAsync(ct);
        foreach (var i in indicators) i.CaseId = c.Id;
        db.CaseIndicators.AddRange(indicators);
    }

    /// <summary>A case the viewer may see, or null (missing and hidden look the same).</summary>
    internal static async Task<CaseStudy?> FindVisibleAsync(AppDbContext db, Viewer viewer, long id, CancellationToken ct)
    {
        if (!viewer.IsSignedIn) return null;
        var c = await db.Cases.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return c is not null && AccessGate.CanSeeCase(viewer, c.Status, c.OwnerId, c.HiddenAt != null) ? c : null;
    }

    internal static void Summarise(CaseStudy c, IReadOnlyList<CaseIndicator> indicators)
    {
        var headline = CaseRules.Headline(indicators);
        c.Headline = TextRules.Shorten(headline, 300);
        c.HasRealisedResults = indicators.Any(i => i.Realised is not null);
    }

    /// <summary>A case may cite only threads its author can read; a missing one is named as such.</summary>
    private async Task CheckCitedThreadsAsync(AppDbContext db, Viewer viewer, CaseInput input, FieldErrors errors, CancellationToken ct)
    {
        var ids = (input.CitedThreadIds ?? []).Distinct().Take(21).ToList();
        if (ids.Count == 0 || errors.Has("citedThreadIds")) return;
        var audiences = AccessGate.EnterableAudiences(viewer);
        var readable = await db.Threads.Where(t => ids.Contains(t.Id) && t.DeletedAt == null && audiences.Contains(t.Room!.Audience)).Select(t => t.Id).ToListAsync(ct);
        foreach (var missing in ids.Except(readable)) errors.Add("citedThreadIds", L["There is no thread {0} that you can read.", missing]);
    }

    private async Task<ServiceResult<CaseDetail>?> SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return ServiceResult<CaseDetail>.Conflict(L["Someone changed this case at the same moment. Reload it and try again."]);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseId} proposed by {MemberId}")]
    private partial void LogCreated(long caseId, string memberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseId} moved to {Status} by {MemberId}")]
    private partial void LogMoved(long caseId, CaseStatus status, string memberId);
}
