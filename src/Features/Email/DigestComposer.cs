using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Features.Sessions;
using PracticeCommunity.Hosting;

namespace PracticeCommunity.Features.Email;

/// <summary>Who a digest is for: the member's facts the composer needs besides their <see cref="Viewer"/>.</summary>
public sealed record DigestRecipient(string MemberId, string DisplayName, string TimeZone, IReadOnlyList<string> ProductGroups, DigestFrequency Frequency);

/// <summary>
/// Gathers one member's digest. What is the same for many members (the busiest threads per audience, new cases,
/// coming sessions, new members) is read once per run and kept in <see cref="DigestRun"/>; per member only their own
/// questions, action items and reading marks are read. Every list goes through the access gate: a supplier's
/// digest holds nothing from buyers-only rooms, not even a count, and Chatham House sessions are left out.
/// </summary>
public sealed class DigestComposer(PublicUrls urls, IOptions<EmailOptions> options)
{
    private const int ListSize = 5;

    private PublicUrls Urls => urls;
    private EmailOptions Options => options.Value;

    public async Task<DigestModel> ComposeAsync(AppDbContext db, DigestRun run, Viewer viewer, DigestRecipient member, DateTimeOffset since, CancellationToken ct)
    {
        var me = member.MemberId;
        var until = run.Until;
        var audiences = AccessGate.EnterableAudiences(viewer);
        var productTags = member.ProductGroups.Select(g => $"{ThreadTags.Product}:{g}").ToHashSet();
        var groups = member.ProductGroups.ToHashSet();
        var zone = SessionTimes.FindZone(member.TimeZone) ?? TimeZoneInfo.Utc;

        // Answers to the member's own practice questions.
        var answers = await db.Posts.AsNoTracking()
            .Where(p => p.Thread!.AuthorId == me && p.Thread.Kind == ThreadKind.PracticeQuestion && p.Thread.DeletedAt == null
                && audiences.Contains(p.Thread.Room!.Audience) && !p.IsOpening && p.AuthorId != me
                && p.CreatedAt > since && p.CreatedAt <= until && p.DeletedAt == null && p.HiddenAt == null)
            .GroupBy(p => new { p.ThreadId, p.Thread!.Title })
            .Select(g => new { g.Key.ThreadId, g.Key.Title, Count = g.Count(), Last = g.Max(p => p.Id) })
            .OrderByDescending(g => g.Last).Take(ListSize).ToListAsync(ct);
        var answerAuthors = answers.Select(a => a.Last).ToList();
        var latestBy = answerAuthors.Count == 0 ? [] : await db.Posts.AsNoTracking().Where(p => answerAuthors.Contains(p.Id))
            .Select(p => new { p.Id, Name = p.Author!.DeletedAt == null ? p.Author.DisplayName : "" }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var newAnswers = answers.Select(a => new DigestAnswers(a.Title, a.Count, latestBy.GetValueOrDefault(a.Last) ?? "", urls.For($"/threads/{a.ThreadId}#post-{a.Last}"))).ToList();

        // Open action items (follow-up threads the member may still see).
        var items = await db.SessionActionItems.AsNoTracking()
            .Where(a => a.OwnerId == me && a.DoneAt == null
                && db.Threads.Any(t => t.Id == a.ThreadId && t.DeletedAt == null && audiences.Contains(t.Room!.Audience)))
            .Select(a => new { a.Text, a.DueDate, a.ThreadId, Assigned = db.Threads.Where(t => t.Id == a.ThreadId).Select(t => t.CreatedAt).First() })
            .OrderBy(a => a.DueDate == null).ThenBy(a => a.DueDate).Take(ListSize).ToListAsync(ct);
        var today = DateOnly.FromDateTime(until.UtcDateTime);
        var actionItems = items.Select(a => new DigestActionItem(a.Text, a.DueDate, urls.For($"/threads/{a.ThreadId}"))).ToList();
        var actionNews = items.Any(a => a.Assigned > since || (a.DueDate is { } due && due <= today.AddDays(7)));

        // The busiest threads the member may see, without those they muted or have read to the end.
        var busiest = await run.BusiestThreadsAsync(db, audiences, since, ct);
        var busiestIds = busiest.Select(t => t.ThreadId).ToList();
        var read = busiestIds.Count == 0 ? [] : (await db.ThreadVisits.AsNoTracking()
            .Where(v => v.MemberId == me && busiestIds.Contains(v.ThreadId))
            .Select(v => new { v.ThreadId, v.LastReadPostId }).ToListAsync(ct)).ToDictionary(v => v.ThreadId, v => v.LastReadPostId);
        var muted = busiestIds.Count == 0 ? [] : (await db.ThreadSubscriptions.AsNoTracking()
            .Where(s => s.MemberId == me && s.Level == SubscriptionLevel.Muted && busiestIds.Contains(s.ThreadId)).Select(s => s.ThreadId)
            .Concat(db.Threads.Where(t => busiestIds.Contains(t.Id)
                && db.RoomSubscriptions.Any(r => r.MemberId == me && r.RoomId == t.RoomId && r.Level == SubscriptionLevel.Muted)).Select(t => t.Id))
            .ToListAsync(ct)).ToHashSet();

        List<DigestCase> cases = [];
        List<DigestReplication> replications = [];
        if (viewer.IsGrantedBuyer || viewer.IsStaff)
        {
            var (newCases, newReplications) = await run.CasesAsync(db, since, ct);
            cases = newCases.Where(c => groups.Contains(c.ProductGroup) && c.OwnerId != me).Take(ListSize).Select(c => c.Line).ToList();
            replications = newReplications.Where(r => groups.Contains(r.ProductGroup) && r.BuyerId != me).Take(ListSize).Select(r => r.Line).ToList();
        }

        List<DigestQuestion> questions = [];
        List<DigestThread> marketDialogue = [];
        List<long> questionIds = [], marketIds = [];
        var questionNews = false;
        if (viewer.IsSupplier)
        {
            var open = (await run.UnansweredQuestionsAsync(db, audiences, productTags, ct)).Where(q => q.AuthorId != me).ToList();
            questions = open.Take(ListSize).Select(q => new DigestQuestion(q.Title, Math.Max(0, (int)(until - q.CreatedAt).TotalDays), urls.For($"/threads/{q.ThreadId}"))).ToList();
            questionIds = open.Take(ListSize).Select(q => q.ThreadId).ToList();
            questionNews = open.Any(q => q.CreatedAt > since);
            var market = (await run.MarketDialogueAsync(db, since, ct)).Take(ListSize).ToList();
            marketDialogue = market.Select(m => m.Line).ToList();
            marketIds = market.Select(m => m.ThreadId).ToList();
        }

        // A thread is listed once: not again among the busiest when it is an answer, a question or a market dialogue above.
        var listed = answers.Select(a => a.ThreadId).Concat(questionIds).Concat(marketIds).ToHashSet();
        var activeThreads = busiest
            .Where(t => !muted.Contains(t.ThreadId) && !listed.Contains(t.ThreadId) && !(read.TryGetValue(t.ThreadId, out var last) && last >= t.LastPostId))
            .Take(ListSize).Select(t => t.Line).ToList();

        var sessions = (await run.SessionsAsync(db, ct))
            .Where(s => AccessGate.CanSeeSession(viewer, s.Audience, s.InvitedIds, s.PresenterIds)).Take(ListSize).ToList();
        // In the member's own time zone, like everything else they read.
        var sessionLines = sessions.Select(s => s.Line with { StartsAtLocal = TimeZoneInfo.ConvertTime(s.Line.StartsAtLocal, zone), TimeZone = member.TimeZone }).ToList();
        var sessionNews = sessions.Any(s => s.CreatedAt > since);

        var newMembers = (await run.NewMembersAsync(db, since, ct))
            .Where(m => m.Id != me && m.ProductGroups.Any(groups.Contains)).Take(8).Select(m => m.Line).ToList();

        var hasNews = newAnswers.Count > 0 || cases.Count > 0 || replications.Count > 0 || questionNews || marketDialogue.Count > 0
            || activeThreads.Count > 0 || newMembers.Count > 0 || sessionNews || actionNews;
        return new DigestModel(member.DisplayName, member.Frequency, TimeZoneInfo.ConvertTime(since, zone), until, newAnswers, cases, replications, questions, marketDialogue,
            sessionLines, actionItems, activeThreads, newMembers, hasNews);
    }

    public DigestRun StartRun(DateTimeOffset until) => new(this, until);

    internal sealed record BusyThread(long ThreadId, long LastPostId, DigestThread Line);
    internal sealed record CaseRow(string ProductGroup, string OwnerId, DigestCase Line);
    internal sealed record ReplicationRow(string ProductGroup, string BuyerId, DigestReplication Line);
    internal sealed record QuestionRow(long ThreadId, string Title, string AuthorId, DateTimeOffset CreatedAt, List<string> Tags);
    internal sealed record SessionRow(SessionAudience Audience, List<string> InvitedIds, List<string> PresenterIds, DateTimeOffset CreatedAt, DigestSession Line);
    internal sealed record MemberRow(string Id, List<string> ProductGroups, DigestMember Line);

    /// <summary>What one digest run reads once and shares between members (keyed by audience set and period start).</summary>
    public sealed class DigestRun
    {
        private readonly DigestComposer _composer;
        private readonly ConcurrentDictionary<string, object?> _cache = new();

        internal DigestRun(DigestComposer composer, DateTimeOffset until) => (_composer, Until) = (composer, until);

        public DateTimeOffset Until { get; }

        private async Task<T> OnceAsync<T>(string key, Func<Task<T>> load)
        {
            if (_cache.TryGetValue(key, out var hit)) return (T)hit!;
            var value = await load();
            _cache[key] = value;
            return value;
        }

        private static string Key(IEnumerable<RoomAudience> audiences) => string.Join(',', audiences.Order());

        internal Task<List<BusyThread>> BusiestThreadsAsync(AppDbContext db, IReadOnlyList<RoomAudience> audiences, DateTimeOffset since, CancellationToken ct) =>
            OnceAsync($"busy:{Key(audiences)}:{since.UtcTicks}", async () =>
            {
                var until = Until;
                var counts = await db.Posts.AsNoTracking()
                    .Where(p => p.CreatedAt > since && p.CreatedAt <= until && p.DeletedAt == null && p.HiddenAt == null
                        && p.Thread!.DeletedAt == null && !p.Thread.Room!.IsArchived && audiences.Contains(p.Thread.Room.Audience))
                    .GroupBy(p => p.ThreadId).Select(g => new { ThreadId = g.Key, Count = g.Count(), Last = g.Max(p => p.Id) })
                    .OrderByDescending(g => g.Count).ThenByDescending(g => g.Last).Take(25).ToListAsync(ct);
                var ids = counts.Select(c => c.ThreadId).ToList();
                var lastIds = counts.Select(c => c.Last).ToList();
                var threads = await db.Threads.AsNoTracking().Where(t => ids.Contains(t.Id))
                    .Select(t => new { t.Id, t.Title, Room = t.Room!.Title, t.LastPostId }).ToDictionaryAsync(t => t.Id, ct);
                var excerpts = await db.Posts.AsNoTracking().Where(p => lastIds.Contains(p.Id)).Select(p => new { p.Id, p.BodyText }).ToDictionaryAsync(p => p.Id, p => p.BodyText, ct);
                return counts.Where(c => threads.ContainsKey(c.ThreadId)).Select(c =>
                {
                    var t = threads[c.ThreadId];
                    return new BusyThread(c.ThreadId, t.LastPostId, new DigestThread(t.Title, t.Room, c.Count,
                        TextRules.Shorten(excerpts.GetValueOrDefault(c.Last)?.Trim() ?? "", 180), _composer.Urls.For($"/threads/{c.ThreadId}#post-{c.Last}")));
                }).ToList();
            });

        internal Task<(List<CaseRow> Cases, List<ReplicationRow> Replications)> CasesAsync(AppDbContext db, DateTimeOffset since, CancellationToken ct) =>
            OnceAsync($"cases:{since.UtcTicks}", async () =>
            {
                var until = Until;
                var cases = await db.Cases.AsNoTracking()
                    .Where(c => c.Status == CaseStatus.Published && c.HiddenAt == null && c.PublishedAt > since && c.PublishedAt <= until)
                    .OrderByDescending(c => c.PublishedAt).Take(200)
                    .Select(c => new { c.Id, c.Title, c.OrganisationName, c.Country, c.Headline, c.ProductGroup, c.OwnerId }).ToListAsync(ct);
                var replications = await db.Replications.AsNoTracking()
                    .Where(r => r.CreatedAt > since && r.CreatedAt <= until && r.Status != ReplicationStatus.Abandoned
                        && db.Cases.Any(c => c.Id == r.CaseId && c.Status == CaseStatus.Published && c.HiddenAt == null))
                    .OrderByDescending(r => r.CreatedAt).Take(200)
                    .Select(r => new { r.CaseId, r.OrganisationName, r.Country, r.BuyerId, Case = db.Cases.Where(c => c.Id == r.CaseId).Select(c => new { c.Title, c.ProductGroup }).First() })
                    .ToListAsync(ct);
                return (cases.Select(c => new CaseRow(c.ProductGroup, c.OwnerId, new DigestCase(c.Title, c.OrganisationName, c.Country, c.Headline, _composer.Urls.For($"/cases/{c.Id}")))).ToList(),
                    replications.Select(r => new ReplicationRow(r.Case.ProductGroup, r.BuyerId, new DigestReplication(r.Case.Title, r.OrganisationName, r.Country, _composer.Urls.For($"/cases/{r.CaseId}")))).ToList());
            });

        /// <summary>The oldest unanswered questions tagged with one of these product groups (members share few sets of groups).</summary>
        internal Task<List<QuestionRow>> UnansweredQuestionsAsync(AppDbContext db, IReadOnlyList<RoomAudience> audiences, IReadOnlySet<string> productTags, CancellationToken ct)
        {
            var tags = productTags.Order().ToList();
            return OnceAsync($"questions:{Key(audiences)}:{string.Join(',', tags)}", () => tags.Count == 0 ? Task.FromResult(new List<QuestionRow>()) : db.Threads.AsNoTracking()
                .Where(t => t.Kind == ThreadKind.PracticeQuestion && t.ReplyCount == 0 && t.AcceptedPostId == null && t.DeletedAt == null
                    && !t.Room!.IsArchived && audiences.Contains(t.Room.Audience) && t.CreatedAt <= Until && t.Tags.Any(tag => tags.Contains(tag)))
                .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).Take(50)
                .Select(t => new QuestionRow(t.Id, t.Title, t.AuthorId, t.CreatedAt, t.Tags)).ToListAsync(ct));
        }

        internal Task<List<BusyThread>> MarketDialogueAsync(AppDbContext db, DateTimeOffset since, CancellationToken ct) =>
            OnceAsync($"market:{since.UtcTicks}", async () =>
            {
                var until = Until;
                var threads = await db.Threads.AsNoTracking()
                    .Where(t => t.DeletedAt == null && !t.Room!.IsArchived && t.Room.Audience == RoomAudience.MarketDialogue && t.LastActivityAt > since && t.LastActivityAt <= until)
                    .OrderByDescending(t => t.LastActivityAt).Take(ListSize)
                    .Select(t => new
                    {
                        t.Id, t.Title, Room = t.Room!.Title,
                        New = db.Posts.Count(p => p.ThreadId == t.Id && p.CreatedAt > since && p.DeletedAt == null && p.HiddenAt == null),
                        // The newest post still shown: a hidden or deleted one is never quoted.
                        LastPostId = db.Posts.Where(p => p.ThreadId == t.Id && p.DeletedAt == null && p.HiddenAt == null).Max(p => (long?)p.Id) ?? 0,
                    })
                    .ToListAsync(ct);
                var lastIds = threads.Select(t => t.LastPostId).ToList();
                var excerpts = await db.Posts.AsNoTracking().Where(p => lastIds.Contains(p.Id)).Select(p => new { p.Id, p.BodyText }).ToDictionaryAsync(p => p.Id, p => p.BodyText, ct);
                return threads.Select(t => new BusyThread(t.Id, t.LastPostId, new DigestThread(t.Title, t.Room, t.New,
                    TextRules.Shorten(excerpts.GetValueOrDefault(t.LastPostId)?.Trim() ?? "", 180), _composer.Urls.For($"/threads/{t.Id}")))).ToList();
            });

        internal Task<List<SessionRow>> SessionsAsync(AppDbContext db, CancellationToken ct) =>
            OnceAsync("sessions", async () =>
            {
                var from = Until;
                var to = Until.AddDays(_composer.Options.UpcomingSessionDays);
                // Chatham House sessions are never in a digest.
                var sessions = await db.Sessions.AsNoTracking()
                    .Where(s => s.Status == SessionStatus.Scheduled && !s.ChathamHouse && s.StartsAtUtc > from && s.StartsAtUtc <= to)
                    .OrderBy(s => s.StartsAtUtc).Take(200).ToListAsync(ct);
                return sessions.Select(s => new SessionRow(s.Audience, s.InvitedIds, s.PresenterIds, s.CreatedAt,
                    new DigestSession(s.Title, s.StartsAtUtc, "UTC", s.Format.ToString(), _composer.Urls.For($"/sessions/{s.Id}")))).ToList();
            });

        internal Task<List<MemberRow>> NewMembersAsync(AppDbContext db, DateTimeOffset since, CancellationToken ct) =>
            OnceAsync($"members:{since.UtcTicks}", async () =>
            {
                var until = Until;
                var joined = await db.Users.AsNoTracking()
                    .Where(u => u.CreatedAt > since && u.CreatedAt <= until && u.DeletedAt == null && u.SuspendedAt == null && u.EmailConfirmed
                        && u.Role != null && u.OrganisationId != null && u.DisplayName != "")
                    .OrderByDescending(u => u.CreatedAt).Take(500)
                    .Select(u => new { u.Id, u.DisplayName, Organisation = u.Organisation!.Name, u.ProductGroups }).ToListAsync(ct);
                return joined.Select(u => new MemberRow(u.Id, u.ProductGroups, new DigestMember(u.DisplayName, u.Organisation, _composer.Urls.For($"/members/{u.Id}")))).ToList();
            });
    }
}
