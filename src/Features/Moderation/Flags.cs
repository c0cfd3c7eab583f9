using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Cases;
using PracticeCommunity.Features.Live;
using PracticeCommunity.Features.Notifications;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Moderation;

public sealed class ModerationOptions
{
    public const string SectionName = "Moderation";

    /// <summary>Content flagged by this many different members is hidden until a moderator reviews it.</summary>
    [Range(1, 100)]
    public int FlagsToHide { get; set; } = 3;
}

/// <summary>POST /api/v1/flags.</summary>
public sealed record FlagInput(string? TargetType, long TargetId, string? Reason, string? Text);

public sealed record FlagCreated(long Id, FlagTarget TargetType, long TargetId, bool TargetHidden);

/// <summary>POST /api/v1/moderation/flags/{id}/agree: the reason the author reads.</summary>
public sealed record AgreeInput(string? Reason);

/// <summary>One flagged target in the review queue, with every open flag on it.</summary>
public sealed record FlaggedItem(long FlagId, FlagTarget TargetType, long TargetId, string Title, string Excerpt, string Link, int Reporters,
    bool Hidden, DateTimeOffset NewestAt, IReadOnlyList<FlagReasonView> Reasons);

public sealed record FlagReasonView(FlagReason Reason, string? Text, string Reporter, DateTimeOffset At);

/// <summary>Published when the review queue changes, for moderators' open pages.</summary>
public sealed record FlagsChanged : CommunityEvent;

/// <summary>
/// Members flag a post, thread or case that breaks the house rules; moderators review the queue. Content flagged by
/// <see cref="ModerationOptions.FlagsToHide"/> different members is hidden until reviewed. Agreeing hides it with a
/// reason its author reads; disagreeing restores it. Each decision is audited.
/// </summary>
public sealed partial class Flags(
    IDbContextFactory<AppDbContext> dbFactory,
    ThreadLookup lookup,
    PostCommands posts,
    NotificationService notifications,
    AccessGate access,
    AuditLog audit,
    Security.ActionLimits limits,
    IEventBus bus,
    IOptions<ModerationOptions> options,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    ILogger<Flags> logger)
{
    /// <summary>Who hides content when enough members flagged it: the community itself, shown as such.</summary>
    private static readonly Viewer Community = new("system", "PracticeCommunity", null, RoleStatus.None, true, false, null);

    public async Task<ServiceResult<FlagCreated>> FlagAsync(Viewer viewer, FlagInput input, CancellationToken ct = default)
    {
        if (access.WriteBlockedReason(viewer) is { } why) return ServiceResult<FlagCreated>.Forbidden(why);
        var errors = new FieldErrors();
        var type = EnumNames.Parse<FlagTarget>(input.TargetType);
        if (type is null) errors.Add("targetType", L["Flag a Post, a Thread or a Case."]);
        var reason = EnumNames.Parse<FlagReason>(input.Reason);
        if (reason is null) errors.Add("reason", L["Choose a reason: Spam, OffTopic, SalesPitch, Disrespect, ConfidentialTenderInformation or Other."]);
        var text = input.Text?.Trim();
        if (string.IsNullOrEmpty(text)) text = null;
        if (reason == FlagReason.Other && text is null) errors.Add("text", L["Say what is wrong."]);
        else if (text is { Length: > Limits.HideReason }) errors.Add("text", L["At most {0} characters (this has {1}).", Limits.HideReason, text.Length]);
        else if (text is not null && TextRules.HasInvisibleOrControl(text)) errors.Add("text", L["Remove control or invisible formatting characters (such as right-to-left overrides or zero-width spaces)."]);
        if (errors.Any) return errors.ToResult<FlagCreated>();

        var target = await FindAsync(viewer, type!.Value, input.TargetId, ct);
        if (target is null) return ServiceResult<FlagCreated>.NotFound();
        if (target.AuthorId == viewer.MemberId) return ServiceResult<FlagCreated>.Conflict(L["This is your own; edit or delete it instead."]);
        if (reason == FlagReason.SalesPitch && target.Audience == RoomAudience.MarketDialogue)
            return ServiceResult<FlagCreated>.Invalid("reason", L["Suppliers present their offers in market-dialogue rooms: a sales pitch is allowed there."]);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Flags.AnyAsync(f => f.TargetType == type && f.TargetId == input.TargetId && f.ReporterId == viewer.MemberId, ct))
            return ServiceResult<FlagCreated>.Conflict(L["You have already flagged this."]);
        // A flag is a write like a post, on every path (the page's button as well as the API): the same limit.
        if (limits.TryPost(viewer.MemberId!, viewer.MemberSince, time.GetUtcNow(), newThread: false) is { Allowed: false } tooFast)
            return ServiceResult<FlagCreated>.RateLimited(tooFast.RetryAfter, L["You have sent many flags in a short time. Wait {0} seconds and try again.", tooFast.RetryAfterSeconds]);
        var flag = new Flag
        {
            TargetType = type.Value, TargetId = input.TargetId, ReporterId = viewer.MemberId!, Reason = reason!.Value, Text = text, CreatedAt = time.GetUtcNow(),
            TargetTitle = TextRules.Shorten(target.Title, Limits.ThreadTitle), TargetExcerpt = TextRules.Shorten(target.Excerpt, 300), TargetAuthorId = target.AuthorId, TargetLink = target.Link,
        };
        db.Flags.Add(flag);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return ServiceResult<FlagCreated>.Conflict(L["You have already flagged this."]);
        }
        LogFlagged(flag.Id, type.Value, input.TargetId, viewer.MemberId!);

        var reporters = await db.Flags.Where(f => f.TargetType == type && f.TargetId == input.TargetId && f.State == FlagState.Open)
            .Select(f => f.ReporterId).Distinct().CountAsync(ct);
        var hidden = target.Hidden;
        if (!hidden && reporters >= options.Value.FlagsToHide)
        {
            hidden = await HideAsync(Community, target, L["Hidden because several members flagged it; a moderator will review it."], ct);
            LogAutoHidden(type.Value, input.TargetId, reporters);
        }
        await bus.PublishAsync(new FlagsChanged(), ct);
        return ServiceResult<FlagCreated>.Ok(new FlagCreated(flag.Id, type.Value, input.TargetId, hidden));
    }

    /// <summary>The review queue: flagged targets with open flags, most-flagged first, then newest.</summary>
    public async Task<ServiceResult<IReadOnlyList<FlaggedItem>>> QueueAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (!AccessGate.CanModerate(viewer)) return ServiceResult<IReadOnlyList<FlaggedItem>>.Forbidden(L["Only moderators review flags."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var open = await db.Flags.AsNoTracking().Where(f => f.State == FlagState.Open).OrderByDescending(f => f.Id).Take(2_000)
            .Select(f => new { f.Id, f.TargetType, f.TargetId, f.TargetTitle, f.TargetExcerpt, f.TargetLink, f.Reason, f.Text, f.CreatedAt, f.ReporterId,
                Reporter = db.Users.Where(u => u.Id == f.ReporterId).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct);
        var items = new List<FlaggedItem>();
        foreach (var group in open.GroupBy(f => (f.TargetType, f.TargetId)))
        {
            var newest = group.First();
            var target = await FindAsync(viewer, group.Key.TargetType, group.Key.TargetId, ct);
            items.Add(new FlaggedItem(newest.Id, group.Key.TargetType, group.Key.TargetId, newest.TargetTitle, newest.TargetExcerpt, newest.TargetLink,
                group.Select(f => f.ReporterId).Distinct().Count(), target?.Hidden ?? true, newest.CreatedAt,
                group.Select(f => new FlagReasonView(f.Reason, f.Text, f.Reporter ?? "", f.CreatedAt)).ToList()));
        }
        return ServiceResult<IReadOnlyList<FlaggedItem>>.Ok(items.OrderByDescending(i => i.Reporters).ThenByDescending(i => i.NewestAt).ToList());
    }

    /// <summary>The moderator agrees: the target is hidden with their reason, which its author reads; its open flags close.</summary>
    public async Task<ServiceResult<bool>> AgreeAsync(Viewer viewer, long flagId, AgreeInput input, CancellationToken ct = default)
    {
        if (!AccessGate.CanModerate(viewer)) return ServiceResult<bool>.Forbidden(L["Only moderators review flags."]);
        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length == 0) return ServiceResult<bool>.Invalid("reason", L["Say why it is hidden: its author reads it."]);
        if (reason.Length > Limits.HideReason) return ServiceResult<bool>.Invalid("reason", L["A reason can be at most {0} characters (this one has {1}).", Limits.HideReason, reason.Length]);
        if (TextRules.HasInvisibleOrControl(reason)) return ServiceResult<bool>.Invalid("reason", L["The reason cannot contain control or invisible formatting characters."]);
        return await DecideAsync(viewer, flagId, agree: true, reason, ct);
    }

    /// <summary>The moderator disagrees: the target stays (or comes back, if the flags had hidden it); its open flags close.</summary>
    public async Task<ServiceResult<bool>> DisagreeAsync(Viewer viewer, long flagId, CancellationToken ct = default)
    {
        if (!AccessGate.CanModerate(viewer)) return ServiceResult<bool>.Forbidden(L["Only moderators review flags."]);
        return await DecideAsync(viewer, flagId, agree: false, null, ct);
    }

    private async Task<ServiceResult<bool>> DecideAsync(Viewer viewer, long flagId, bool agree, string? reason, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var flag = await db.Flags.AsNoTracking().FirstOrDefaultAsync(f => f.Id == flagId, ct);
        if (flag is null) return ServiceResult<bool>.NotFound();
        // Closed first, in one statement: of two moderators deciding at once, one acts and the other hears 409.
        var now = time.GetUtcNow();
        var closed = await db.Flags.Where(f => f.TargetType == flag.TargetType && f.TargetId == flag.TargetId && f.State == FlagState.Open)
            .ExecuteUpdateAsync(u => u.SetProperty(f => f.State, agree ? FlagState.Agreed : FlagState.Disagreed)
                .SetProperty(f => f.ResolvedById, viewer.MemberId).SetProperty(f => f.ResolvedAt, now), ct);
        if (closed == 0) return ServiceResult<bool>.Conflict(L["This flag has already been reviewed."]);
        var target = await FindAsync(viewer, flag.TargetType, flag.TargetId, ct);
        var before = new { hidden = target?.Hidden };
        if (target is not null)
        {
            if (agree) await HideAsync(viewer, target, reason!, ct);
            // Disagreeing undoes what the flags did, never a moderator's own hide.
            else if (target.Hidden && target.HiddenByFlags) await RestoreAsync(viewer, target, ct);
        }
        audit.Add(db, viewer, agree ? "flag.agree" : "flag.disagree", flag.TargetType.ToString(), flag.TargetId, reason, before, new { hidden = agree || target is null });
        await db.SaveChangesAsync(ct);
        await bus.PublishAsync(new FlagsChanged(), ct);
        return ServiceResult<bool>.Ok(true);
    }

    // ---------- the flagged content ----------

    private sealed record Target(FlagTarget Type, long Id, string Title, string Excerpt, string? AuthorId, string Link, bool Hidden, RoomAudience? Audience,
        DiscussionThread? Thread = null, RoomSummary? Room = null, Post? Post = null, bool HiddenByFlags = true);

    /// <summary>The target as this viewer may see it (moderators see hidden posts; hidden threads and cases too), or null.</summary>
    private async Task<Target?> FindAsync(Viewer viewer, FlagTarget type, long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        switch (type)
        {
            case FlagTarget.Post:
                var threadId = await db.Posts.Where(p => p.Id == id && p.DeletedAt == null).Select(p => (long?)p.ThreadId).FirstOrDefaultAsync(ct);
                if (threadId is null) return null;
                var (post, thread, room) = await lookup.FindVisiblePostAsync(viewer, threadId.Value, id, ct);
                if (post is null || (post.HiddenAt is not null && !AccessGate.CanModerate(viewer))) return null;
                return new Target(type, id, thread!.Title, post.BodyText, post.AuthorId, $"/threads/{thread.Id}#post-{id}", post.HiddenAt is not null, room!.Audience, thread, room, post,
                    HiddenByFlags: post.HiddenById == Community.MemberId);
            case FlagTarget.Thread:
                var row = await db.Threads.AsNoTracking().Where(t => t.Id == id && (t.DeletedAt == null || t.HiddenReason != null)).FirstOrDefaultAsync(ct);
                if (row is null || (row.DeletedAt is not null && !AccessGate.CanModerate(viewer))) return null;
                var roomOfThread = await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == row.RoomId, ct);
                if (!AccessGate.CanEnter(viewer, roomOfThread.Audience)) return null;
                var opening = await db.Posts.AsNoTracking().Where(p => p.ThreadId == id && p.IsOpening).Select(p => p.BodyText).FirstOrDefaultAsync(ct) ?? "";
                return new Target(type, id, row.Title, opening, row.AuthorId, $"/threads/{id}", row.DeletedAt is not null, roomOfThread.Audience, row);
            default:
                var c = await CaseService.FindVisibleAsync(db, viewer, id, ct);
                if (c is null || (c.Status != CaseStatus.Published && !AccessGate.CanModerate(viewer))) return null;
                return new Target(type, id, c.Title, c.Summary, c.OwnerId, $"/cases/{id}", c.HiddenAt is not null, null);
        }
    }

    private async Task<bool> HideAsync(Viewer actor, Target target, string reason, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        switch (target.Type)
        {
            case FlagTarget.Post:
                await posts.HideAsync(actor, target.Thread!, target.Room!, target.Post!, reason, ct);
                return true;
            case FlagTarget.Thread:
                if (await db.Threads.Where(t => t.Id == target.Id && (t.DeletedAt == null || t.HiddenReason != reason))
                        .ExecuteUpdateAsync(u => u.SetProperty(t => t.DeletedAt, t => t.DeletedAt ?? now).SetProperty(t => t.HiddenReason, reason), ct) > 0
                    && target.AuthorId is { } author)
                    await notifications.NotifyThreadHiddenAsync(actor, target.Id, target.Title, author, ct);
                return true;
            default:
                if (await db.Cases.Where(c => c.Id == target.Id && (c.HiddenAt == null || c.HiddenReason != reason))
                        .ExecuteUpdateAsync(u => u.SetProperty(c => c.HiddenAt, c => c.HiddenAt ?? now).SetProperty(c => c.HiddenReason, reason), ct) > 0
                    && target.AuthorId is { } owner)
                    await notifications.NotifyCaseAsync(actor, target.Id, target.Title, owner, NotificationKind.CaseHidden, ct);
                return true;
        }
    }

    private async Task RestoreAsync(Viewer actor, Target target, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        switch (target.Type)
        {
            case FlagTarget.Post:
                await posts.RestoreAsync(actor, target.Room!, target.Post!, ct);
                break;
            case FlagTarget.Thread:
                await db.Threads.Where(t => t.Id == target.Id && t.HiddenReason != null)
                    .ExecuteUpdateAsync(u => u.SetProperty(t => t.DeletedAt, (DateTimeOffset?)null).SetProperty(t => t.HiddenReason, (string?)null), ct);
                break;
            default:
                await db.Cases.Where(c => c.Id == target.Id)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.HiddenAt, (DateTimeOffset?)null).SetProperty(c => c.HiddenReason, (string?)null), ct);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Flag {FlagId} on {TargetType} {TargetId} by {MemberId}")]
    private partial void LogFlagged(long flagId, FlagTarget targetType, long targetId, string memberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{TargetType} {TargetId} hidden after {Reporters} members flagged it")]
    private partial void LogAutoHidden(FlagTarget targetType, long targetId, int reporters);
}
