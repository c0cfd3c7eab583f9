using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Cases;

/// <summary>POST /api/v1/cases/{id}/questions.</summary>
public sealed class AskOwnerInput
{
    public string? Question { get; set; }

    /// <summary>Required from suppliers, as for every post: does the question mention their own product or service?</summary>
    public bool? MentionsOwnOffering { get; set; }
}

/// <summary>Where a question to the case owner went: the case's thread, and the post in it.</summary>
public sealed record AskedQuestion(long ThreadId, long PostId, bool StartedThread);

/// <summary>
/// "Ask the case owner": the first question opens a thread about the case in an open room of the framework step the
/// case touches (every member may read it), later questions continue it. Each question mentions the owner, so they are
/// notified however they follow the room. Posting goes through <see cref="PostCommands"/>: the same limits, checks
/// and live updates as any post.
/// </summary>
public sealed class CaseDiscussion(IDbContextFactory<AppDbContext> dbFactory, PostCommands posts, IStringLocalizer<Strings> L)
{
    /// <summary>Where a case's questions go when none of its steps has an open room.</summary>
    public const string FallbackStep = "learn-from-other-cities";

    public async Task<ServiceResult<AskedQuestion>> AskAsync(Viewer viewer, long caseId, AskOwnerInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await CaseService.FindVisibleAsync(db, viewer, caseId, ct);
        if (c is null) return ServiceResult<AskedQuestion>.NotFound();
        if (c.Status != CaseStatus.Published) return ServiceResult<AskedQuestion>.Conflict(L["Questions open once the case is published."]);
        if (c.OwnerId == viewer.MemberId) return ServiceResult<AskedQuestion>.Conflict(L["This is your own case: answer in its thread instead."]);
        var question = input.Question?.Trim() ?? "";
        if (question.Length == 0) return ServiceResult<AskedQuestion>.Invalid("question", L["Write your question to the case owner."]);
        var owner = await db.Users.AsNoTracking().Where(m => m.Id == c.OwnerId).Select(m => m.DisplayName).FirstAsync(ct);
        var body = $"@[{owner}] {question}";

        var thread = c.DiscussionThreadId is { } existing
            ? await db.Threads.AsNoTracking().Where(t => t.Id == existing && t.DeletedAt == null).Select(t => new { t.Id, t.IsLocked }).FirstOrDefaultAsync(ct)
            : null;
        // A moderator who locked the case's thread closed its questions; a new thread would go around that.
        if (thread is { IsLocked: true }) return ServiceResult<AskedQuestion>.Conflict(L["A moderator has closed the questions on this case."]);
        if (thread?.Id is { } threadId)
        {
            var reply = await posts.CreatePostAsync(viewer, threadId, new NewPostInput { Body = body, MentionsOwnOffering = input.MentionsOwnOffering }, ct);
            return reply.Succeeded ? ServiceResult<AskedQuestion>.Ok(new AskedQuestion(threadId, reply.Value!.Id, false)) : Relay<CreatedPost>(reply);
        }

        var room = await RoomForAsync(db, c, ct);
        if (room is null) return ServiceResult<AskedQuestion>.Conflict(L["There is no open room to ask in yet. A moderator can open one."]);
        var title = L["Ask the case owner: {0}", c.Title].Value;
        var kinds = AccessGate.StartableKinds(viewer, RoomAudience.Open);
        var started = await posts.CreateThreadAsync(viewer, room, new NewThreadInput
        {
            Title = TextRules.Shorten(title, Limits.ThreadTitle),
            Body = body + "\n\n" + L["About the case [{0}](/cases/{1}).", c.Title.Replace("]", ")").Replace("[", "("), c.Id],
            Kind = (kinds.Contains(ThreadKind.PracticeQuestion) ? ThreadKind.PracticeQuestion : kinds.FirstOrDefault()).ToString(),
            Tags = c.ProductGroup.Length > 0 ? [$"{ThreadTags.Product}:{c.ProductGroup}"] : [],
            MentionsOwnOffering = input.MentionsOwnOffering,
        }, ct);
        if (!started.Succeeded) return Relay<CreatedThread>(started);
        // Two first questions at once: the first thread stays the case's; the other remains a thread of its own.
        // A deleted thread is replaced.
        var previous = c.DiscussionThreadId;
        await db.Cases.Where(x => x.Id == caseId && (x.DiscussionThreadId == null || x.DiscussionThreadId == previous))
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.DiscussionThreadId, started.Value!.Id), ct);
        return ServiceResult<AskedQuestion>.Ok(new AskedQuestion(started.Value!.Id, started.Value.OpeningPost.Id, true));
    }

    /// <summary>The slug of the open room for the case's first framework step that has one, else of the fallback step's room.</summary>
    private static async Task<string?> RoomForAsync(AppDbContext db, CaseStudy c, CancellationToken ct)
    {
        var open = await db.Rooms.AsNoTracking().Where(r => r.Audience == RoomAudience.Open && !r.IsArchived)
            .Select(r => new { r.Slug, r.StepKey, r.SortOrder }).ToListAsync(ct);
        return c.FrameworkSteps.Select(step => open.Where(r => r.StepKey == step).OrderBy(r => r.SortOrder).FirstOrDefault()).FirstOrDefault(r => r is not null)?.Slug
            ?? open.Where(r => r.StepKey == FallbackStep).OrderBy(r => r.SortOrder).FirstOrDefault()?.Slug
            ?? open.OrderBy(r => Framework.StepIndex(r.StepKey)).ThenBy(r => r.SortOrder).FirstOrDefault()?.Slug;
    }

    private static ServiceResult<AskedQuestion> Relay<T>(ServiceResult<T> result) =>
        new(result.Status, null, result.Errors.ToDictionary(e => e.Key == "body" ? "question" : e.Key, e => e.Value)) { RetryAfter = result.RetryAfter };
}
