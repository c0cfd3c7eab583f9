using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Features.Security;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Sessions;

/// <summary>POST /api/v1/session-proposals.</summary>
public sealed class ProposalInput
{
    public string? Title { get; set; }
    public string? Why { get; set; }
    public string? Format { get; set; }
    public List<int>? RoomIds { get; set; }
}

public sealed record ProposalView(
    long Id, string Title, string Why, SessionFormat Format, SessionAudience Audience, IReadOnlyList<SessionRoomView> Rooms,
    string ProposedBy, string? ProposerOrganisation, DateTimeOffset CreatedAt, ProposalStatus Status, long? SessionId,
    int Votes, bool VotedByMe, bool CanVote, bool CanSchedule);

/// <summary>
/// Members propose sessions and +1 each other's proposals; moderators see them ranked by votes and turn one into a
/// session (the schedule form starts from it) or decline it. A proposal linked to a buyers-only room is itself
/// buyers-only, through the access gate.
/// </summary>
public sealed partial class SessionProposals(
    IDbContextFactory<AppDbContext> dbFactory,
    RoomService rooms,
    ActionLimits limits,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    Moderation.AuditLog audit,
    ILogger<SessionProposals> logger)
{
    public async Task<ServiceResult<IReadOnlyList<ProposalView>>> ListAsync(Viewer viewer, bool openOnly = true, CancellationToken ct = default)
    {
        if (!viewer.IsSignedIn) return ServiceResult<IReadOnlyList<ProposalView>>.Forbidden(L["Sign in to see the proposals."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var audiences = AccessGate.SessionAudiencesWithoutInvitation(viewer);
        var q = db.SessionProposals.AsNoTracking().Where(p => audiences.Contains(p.Audience));
        if (openOnly) q = q.Where(p => p.Status == ProposalStatus.Open);
        var rows = await q.OrderByDescending(p => p.VoteCount).ThenByDescending(p => p.Id).Take(200).ToListAsync(ct);
        return ServiceResult<IReadOnlyList<ProposalView>>.Ok(await ViewsAsync(db, viewer, rows, ct));
    }

    public async Task<ServiceResult<ProposalView>> GetAsync(Viewer viewer, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var proposal = await FindAsync(db, viewer, id, ct);
        return proposal is null ? ServiceResult<ProposalView>.NotFound() : ServiceResult<ProposalView>.Ok((await ViewsAsync(db, viewer, [proposal], ct))[0]);
    }

    public async Task<ServiceResult<ProposalView>> ProposeAsync(Viewer viewer, ProposalInput input, CancellationToken ct = default)
    {
        if (!viewer.IsSignedIn || (viewer.Role is null && !viewer.IsStaff))
            return ServiceResult<ProposalView>.Forbidden(L["Complete your profile before you propose a session."]);
        var errors = new FieldErrors();
        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0) errors.Add("title", L["Give the proposal a title."]);
        else if (title.Length > Limits.SessionTitle) errors.Add("title", L["The title can be at most {0} characters (it has {1}).", Limits.SessionTitle, title.Length]);
        else if (TextRules.HasInvisibleOrControl(title)) errors.Add("title", L["The title cannot contain control or invisible formatting characters (such as right-to-left overrides or zero-width spaces)."]);
        var why = (input.Why ?? "").Trim().Replace("\r\n", "\n");
        if (why.Length == 0) errors.Add("why", L["Say why it matters: what would you learn, and who should come?"]);
        else if (why.Length > Limits.SessionDescription) errors.Add("why", L["The description can be at most {0} characters (it has {1}).", Limits.SessionDescription, why.Length]);
        else if (TextRules.HasInvisibleOrControl(why.Replace("\n", " "))) errors.Add("why", L["This cannot contain control or invisible formatting characters."]);
        var format = string.IsNullOrWhiteSpace(input.Format) ? SessionFormat.PeerLearning : EnumNames.Parse<SessionFormat>(input.Format);
        if (format is null) errors.Add("format", L["Choose a format: Kickoff, InspirationDay, PeerLearning, Workshop, Webinar, SiteVisit, BuyerMeetsSupplier, Masterclass or PilotDebrief."]);
        var roomIds = (input.RoomIds ?? []).Distinct().ToList();
        var visible = (await rooms.ListRoomsAsync(viewer, ct)).Where(r => AccessGate.CanEnter(viewer, r.Audience)).ToDictionary(r => r.Id);
        if (roomIds.Count > 10) errors.Add("roomIds", L["Link at most 10 rooms."]);
        else if (!roomIds.All(visible.ContainsKey)) errors.Add("roomIds", L["One of the rooms does not exist."]);
        if (errors.Any) return errors.ToResult<ProposalView>();
        // A proposal is new content for everyone to read: it counts as starting a thread, on every path.
        if (limits.TryPost(viewer.MemberId!, viewer.MemberSince, time.GetUtcNow(), newThread: true) is { Allowed: false } tooFast)
            return ServiceResult<ProposalView>.RateLimited(tooFast.RetryAfter, L["You have started several things in a short time. Wait {0} seconds and try again; your text is kept.", tooFast.RetryAfterSeconds]);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var proposal = new SessionProposal
        {
            Title = title, Why = why, Format = format!.Value, RoomIds = roomIds, ProposedById = viewer.MemberId!, CreatedAt = time.GetUtcNow(),
            Audience = roomIds.Any(id => visible[id].Audience == RoomAudience.BuyersOnly) ? SessionAudience.BuyersOnly : SessionAudience.Everyone,
        };
        db.SessionProposals.Add(proposal);
        await db.SaveChangesAsync(ct);
        LogProposed(proposal.Id, viewer.MemberId!);
        return ServiceResult<ProposalView>.Ok((await ViewsAsync(db, viewer, [proposal], ct))[0]);
    }

    /// <summary>+1 (or take it back). One vote per member; the count moves in the same statement.</summary>
    public async Task<ServiceResult<ProposalView>> VoteAsync(Viewer viewer, long id, bool vote, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var proposal = await FindAsync(db, viewer, id, ct);
        if (proposal is null) return ServiceResult<ProposalView>.NotFound();
        if (proposal.Status != ProposalStatus.Open) return ServiceResult<ProposalView>.Conflict(L["This proposal is closed."]);
        if (proposal.ProposedById == viewer.MemberId) return ServiceResult<ProposalView>.Conflict(L["Your own proposal counts you in already."]);
        var me = viewer.MemberId!;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var has = await db.ProposalVotes.AnyAsync(v => v.ProposalId == id && v.MemberId == me, ct);
        if (vote && !has)
        {
            db.ProposalVotes.Add(new ProposalVote { ProposalId = id, MemberId = me, CreatedAt = time.GetUtcNow() });
            await db.SaveChangesAsync(ct);
            await db.SessionProposals.Where(p => p.Id == id).ExecuteUpdateAsync(u => u.SetProperty(p => p.VoteCount, p => p.VoteCount + 1), ct);
        }
        else if (!vote && has)
        {
            await db.ProposalVotes.Where(v => v.ProposalId == id && v.MemberId == me).ExecuteDeleteAsync(ct);
            await db.SessionProposals.Where(p => p.Id == id).ExecuteUpdateAsync(u => u.SetProperty(p => p.VoteCount, p => p.VoteCount - 1), ct);
        }
        await tx.CommitAsync(ct);
        var fresh = await db.SessionProposals.AsNoTracking().FirstAsync(p => p.Id == id, ct);
        return ServiceResult<ProposalView>.Ok((await ViewsAsync(db, viewer, [fresh], ct))[0]);
    }

    public async Task<ServiceResult<ProposalView>> DeclineAsync(Viewer viewer, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var proposal = await FindAsync(db, viewer, id, ct);
        if (proposal is null) return ServiceResult<ProposalView>.NotFound();
        if (!AccessGate.CanRunSessions(viewer)) return ServiceResult<ProposalView>.Forbidden(L["Only moderators decide on proposals."]);
        if (await db.SessionProposals.Where(p => p.Id == id && p.Status == ProposalStatus.Open).ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, ProposalStatus.Declined), ct) > 0)
            await audit.RecordAsync(viewer, "proposal.decline", "SessionProposal", id, null, new { status = ProposalStatus.Open }, new { status = ProposalStatus.Declined }, ct);
        var fresh = await db.SessionProposals.AsNoTracking().FirstAsync(p => p.Id == id, ct);
        return ServiceResult<ProposalView>.Ok((await ViewsAsync(db, viewer, [fresh], ct))[0]);
    }

    /// <summary>Called when a moderator schedules a session from a proposal.</summary>
    internal static Task MarkScheduledAsync(AppDbContext db, long proposalId, long sessionId, CancellationToken ct) =>
        db.SessionProposals.Where(p => p.Id == proposalId && p.Status == ProposalStatus.Open)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, ProposalStatus.Scheduled).SetProperty(p => p.SessionId, sessionId), ct);

    private static async Task<SessionProposal?> FindAsync(AppDbContext db, Viewer viewer, long id, CancellationToken ct)
    {
        if (!viewer.IsSignedIn) return null;
        var audiences = AccessGate.SessionAudiencesWithoutInvitation(viewer);
        return await db.SessionProposals.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && audiences.Contains(p.Audience), ct);
    }

    private async Task<IReadOnlyList<ProposalView>> ViewsAsync(AppDbContext db, Viewer viewer, IReadOnlyList<SessionProposal> proposals, CancellationToken ct)
    {
        var ids = proposals.Select(p => p.Id).ToList();
        var mine = await db.ProposalVotes.Where(v => ids.Contains(v.ProposalId) && v.MemberId == viewer.MemberId).Select(v => v.ProposalId).ToListAsync(ct);
        var proposers = proposals.Select(p => p.ProposedById).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => proposers.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, Organisation = u.Organisation == null ? null : u.Organisation.Name }).ToDictionaryAsync(u => u.Id, ct);
        var roomList = (await rooms.ListRoomsAsync(viewer, ct)).Where(r => AccessGate.CanEnter(viewer, r.Audience)).ToDictionary(r => r.Id);
        var canRun = AccessGate.CanRunSessions(viewer);
        return proposals.Select(p => new ProposalView(p.Id, p.Title, p.Why, p.Format, p.Audience,
            p.RoomIds.Where(roomList.ContainsKey).Select(r => new SessionRoomView(r, roomList[r].Slug, roomList[r].Title)).ToList(),
            people.GetValueOrDefault(p.ProposedById)?.DisplayName ?? "", people.GetValueOrDefault(p.ProposedById)?.Organisation,
            p.CreatedAt, p.Status, p.SessionId, p.VoteCount, mine.Contains(p.Id),
            CanVote: p.Status == ProposalStatus.Open && p.ProposedById != viewer.MemberId,
            CanSchedule: canRun && p.Status == ProposalStatus.Open)).ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session proposal {ProposalId} by {MemberId}")]
    private partial void LogProposed(long proposalId, string memberId);
}
