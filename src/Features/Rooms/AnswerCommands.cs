using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Live;
using PracticeCommunity.Features.Notifications;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Rooms;

/// <summary>Answers to practice questions: the asker accepts one; moderators and buyers who applied it validate it.</summary>
public sealed class AnswerCommands(
    IDbContextFactory<AppDbContext> dbFactory,
    NotificationService notifications,
    IEventBus bus,
    TimeProvider time,
    ThreadLookup lookup,
    IStringLocalizer<Strings> L)
{
    /// <summary>The asker accepts one answer to their practice question (accepting another replaces it).</summary>
    public async Task<ServiceResult<bool>> AcceptAnswerAsync(Viewer viewer, long threadId, long postId, CancellationToken ct = default)
    {
        var (post, thread, room) = await lookup.FindVisiblePostAsync(viewer, threadId, postId, ct);
        if (post is null || thread is null || room is null || post.HiddenAt is not null) return ServiceResult<bool>.NotFound();
        if (thread.AuthorId != viewer.MemberId) return ServiceResult<bool>.Forbidden(L["Only the member who asked can accept an answer."]);
        if (thread.Kind != ThreadKind.PracticeQuestion) return ServiceResult<bool>.Conflict(L["Only practice questions have an accepted answer."]);
        if (post.IsOpening) return ServiceResult<bool>.Conflict(L["The question itself cannot be its answer."]);
        if (post.AuthorId == viewer.MemberId) return ServiceResult<bool>.Conflict(L["Accept an answer from someone else; your own follow-up cannot be the answer."]);
        if (post.DeletedAt is not null) return ServiceResult<bool>.Conflict(L["A deleted post cannot be accepted."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Threads.Where(t => t.Id == threadId).ExecuteUpdateAsync(s => s.SetProperty(t => t.AcceptedPostId, postId), ct);
        await bus.PublishAsync(new PostStateChanged(threadId, postId) { Audience = room.Audience }, ct);
        if (thread.AcceptedPostId != postId)
        {
            await notifications.NotifyAnswerAcceptedAsync(viewer, threadId, thread.Title, post.AuthorId, postId, ct);
        }
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>The asker withdraws their acceptance: the question has no accepted answer again. Asking twice is fine.</summary>
    public async Task<ServiceResult<bool>> UnacceptAnswerAsync(Viewer viewer, long threadId, long postId, CancellationToken ct = default)
    {
        var (post, thread, room) = await lookup.FindVisiblePostAsync(viewer, threadId, postId, ct);
        if (post is null || thread is null || room is null) return ServiceResult<bool>.NotFound();
        if (!AccessGate.CanAccept(viewer, thread.Kind, thread.AuthorId)) return ServiceResult<bool>.Forbidden(L["Only the member who asked can withdraw an accepted answer."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Threads.Where(t => t.Id == threadId && t.AcceptedPostId == postId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.AcceptedPostId, (long?)null), ct) == 1)
        {
            await bus.PublishAsync(new PostStateChanged(threadId, postId) { Audience = room.Audience }, ct);
        }
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>
    /// A moderator, or a buyer who says they applied the advice, marks an answer buyer-validated.
    /// </summary>
    public async Task<ServiceResult<bool>> ValidateAnswerAsync(Viewer viewer, long threadId, long postId, bool appliedTheAdvice, CancellationToken ct = default)
    {
        var (post, thread, room) = await lookup.FindVisiblePostAsync(viewer, threadId, postId, ct);
        if (post is null || thread is null || room is null || post.HiddenAt is not null) return ServiceResult<bool>.NotFound();
        if (!AccessGate.CanValidateAnswers(viewer)) return ServiceResult<bool>.Forbidden(L["Only moderators and buyers can validate an answer."]);
        if (!viewer.IsStaff && !appliedTheAdvice) return ServiceResult<bool>.Invalid("applied", L["Confirm that you applied this advice in your own procurement."]);
        if (post.AuthorId == viewer.MemberId) return ServiceResult<bool>.Forbidden(L["You cannot validate your own answer."]);
        if (post.IsOpening || post.DeletedAt is not null) return ServiceResult<bool>.Conflict(L["Only answers can be validated."]);
        if (post.BuyerValidatedAt is not null) return ServiceResult<bool>.Ok(true);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        await db.Posts.Where(p => p.Id == postId).ExecuteUpdateAsync(s => s.SetProperty(p => p.BuyerValidatedAt, now).SetProperty(p => p.BuyerValidatedById, viewer.MemberId), ct);
        await bus.PublishAsync(new PostStateChanged(threadId, postId) { Audience = room.Audience }, ct);
        return ServiceResult<bool>.Ok(true);
    }
}
