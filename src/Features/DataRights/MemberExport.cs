using System.IO.Compression;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PracticeCommunity.Data;

namespace PracticeCommunity.Features.DataRights;

/// <summary>
/// A member's own data as a zip of JSON files (GET /me/export): their profile, posts with every earlier version, the
/// threads they started, their cases with indicators and attachments' names, replications, session registrations,
/// action items, proposals and votes, follows, flags they made, and notifications. Only rows that are theirs: every
/// query below is keyed by the member's id, and nothing of other members is included beyond the titles of the threads
/// and sessions their own rows point at.
/// </summary>
public sealed class MemberExport(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<(byte[] Zip, string FileName)?> ExportAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (viewer.MemberId is not { } me) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Their own words always; the title of someone else's thread only while they may still enter its room (a buyer
        // who became a supplier keeps their replies, not the buyers-only thread titles around them).
        var audiences = Access.AccessGate.EnterableAudiences(viewer);
        var buyersOnlySessions = Access.AccessGate.SessionAudiencesWithoutInvitation(viewer).Count > 1;
        var files = new Dictionary<string, object>
        {
            ["profile.json"] = await db.Users.AsNoTracking().Where(u => u.Id == me).Select(u => new
            {
                u.Id, u.Email, u.DisplayName, u.TimeZone, u.Role, u.RoleStatus, u.ProductGroups, u.CreatedAt,
                Organisation = u.Organisation == null ? null : new { u.Organisation.Name, u.Organisation.Type, u.Organisation.Country },
                u.EmailConfirmed, u.TwoFactorEnabled, CalendarFeed = u.CalendarTokenHash != null,
                Suspension = u.SuspendedAt == null ? null : new { u.SuspendedAt, u.SuspendedUntil, u.SuspensionReason },
            }).FirstAsync(ct),
            ["posts.json"] = await db.Posts.AsNoTracking().Where(p => p.AuthorId == me).OrderBy(p => p.Id).Select(p => new
            {
                p.Id, p.ThreadId, ThreadTitle = p.IsOpening || audiences.Contains(p.Thread!.Room!.Audience) ? p.Thread!.Title : null, p.IsOpening, p.BodyMarkdown, p.CreatedAt, p.EditedAt, p.DeletedAt, p.HiddenAt, p.HiddenReason,
                p.OrganisationName, p.MentionsOwnOffering,
                Versions = p.Revisions.OrderBy(r => r.Id).Select(r => new { r.BodyMarkdown, r.CreatedAt }).ToList(),
            }).ToListAsync(ct),
            ["threads.json"] = await db.Threads.AsNoTracking().Where(t => t.AuthorId == me).OrderBy(t => t.Id)
                .Select(t => new { t.Id, t.Title, t.Kind, t.Tags, Room = t.Room!.Title, t.CreatedAt, t.DeletedAt }).ToListAsync(ct),
            ["cases.json"] = await CasesAsync(db, me, ct),
            ["replications.json"] = await db.Replications.AsNoTracking().Where(r => r.BuyerId == me).OrderBy(r => r.Id)
                .Select(r => new { r.Id, r.CaseId, r.OrganisationName, r.Country, r.Status, r.Goals, r.Notes, r.CreatedAt, r.UpdatedAt, r.PublishedCaseId,
                    Indicators = db.CaseIndicators.Where(i => i.ReplicationId == r.Id).OrderBy(i => i.Position)
                        .Select(i => new { i.Goal, i.Name, i.Unit, i.Baseline, i.Contracted, i.Realised }).ToList() })
                .ToListAsync(ct),
            ["registrations.json"] = await db.SessionRegistrations.AsNoTracking().Where(r => r.MemberId == me).OrderBy(r => r.Id)
                .Select(r => new { r.SessionId, Session = db.Sessions.Where(s => s.Id == r.SessionId && (buyersOnlySessions || s.Audience == SessionAudience.Everyone)).Select(s => s.Title).FirstOrDefault(), r.Status, r.QueuedAt, r.ChangedAt })
                .ToListAsync(ct),
            ["action-items.json"] = await db.SessionActionItems.AsNoTracking().Where(a => a.OwnerId == me).OrderBy(a => a.Id)
                .Select(a => new { a.SessionId, a.Text, a.DueDate, a.ThreadId, a.DoneAt }).ToListAsync(ct),
            ["session-proposals.json"] = new
            {
                Proposed = await db.SessionProposals.AsNoTracking().Where(p => p.ProposedById == me).OrderBy(p => p.Id)
                    .Select(p => new { p.Id, p.Title, p.Why, p.Format, p.Status, p.CreatedAt }).ToListAsync(ct),
                Voted = await db.ProposalVotes.AsNoTracking().Where(v => v.MemberId == me).Select(v => new { v.ProposalId, v.CreatedAt }).ToListAsync(ct),
            },
            ["follows.json"] = new
            {
                Rooms = await db.RoomSubscriptions.AsNoTracking().Where(s => s.MemberId == me).Select(s => new { s.RoomId, s.Level }).ToListAsync(ct),
                Threads = await db.ThreadSubscriptions.AsNoTracking().Where(s => s.MemberId == me).Select(s => new { s.ThreadId, s.Level }).ToListAsync(ct),
            },
            ["flags.json"] = await db.Flags.AsNoTracking().Where(f => f.ReporterId == me).OrderBy(f => f.Id)
                .Select(f => new { f.TargetType, f.TargetId, f.Reason, f.Text, f.CreatedAt, f.State }).ToListAsync(ct),
            ["email-settings.json"] = await db.EmailSettings.AsNoTracking().Where(e => e.MemberId == me)
                .Select(e => new { e.Digest, e.DigestHour, e.DigestWeekday, e.Replies, e.Answers, e.Mentions, e.Accepted, e.ActionItems, e.Sessions, e.LastDigestSlot, e.UpdatedAt })
                .FirstOrDefaultAsync(ct) ?? (object)new { Digest = DigestFrequency.Weekly, DigestHour = 8, DigestWeekday = DayOfWeek.Monday, Note = "defaults: never changed" },
            ["emails.json"] = await db.OutboxMessages.AsNoTracking().Where(m => m.MemberId == me).OrderBy(m => m.Id)
                // Without subjects: one may name a room or session the member can no longer see.
                .Select(m => new { m.Kind, m.CreatedAt, m.SentAt, m.FailedAt }).ToListAsync(ct),
            ["notifications.json"] = await db.Notifications.AsNoTracking().Where(n => n.MemberId == me).OrderBy(n => n.Id)
                .Select(n => new { n.Kind, n.ThreadId, n.CaseId, n.PostId, n.ActorName,
                    ThreadTitle = n.CaseId != null || db.Threads.Any(t => t.Id == n.ThreadId && audiences.Contains(t.Room!.Audience)) ? n.ThreadTitle : null,
                    n.CreatedAt, n.ReadAt }).ToListAsync(ct),
        };
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                // Into memory: nothing here writes to the network synchronously.
                using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                JsonSerializer.Serialize(entry, content, Json);
            }
        }
        return (buffer.ToArray(), $"practice-community-{time.GetUtcNow():yyyy-MM-dd}.zip");
    }

    private static async Task<object> CasesAsync(AppDbContext db, string me, CancellationToken ct)
    {
        var cases = await db.Cases.AsNoTracking().Where(c => c.OwnerId == me).OrderBy(c => c.Id).ToListAsync(ct);
        var ids = cases.Select(c => c.Id).ToList();
        var indicators = (await db.CaseIndicators.AsNoTracking().Where(i => i.CaseId != null && ids.Contains(i.CaseId.Value)).ToListAsync(ct)).ToLookup(i => i.CaseId);
        var files = (await db.CaseAttachments.AsNoTracking().Where(a => ids.Contains(a.CaseId)).ToListAsync(ct)).ToLookup(a => a.CaseId);
        return cases.Select(c => new
        {
            c.Id, c.Title, c.Summary, c.Status, c.OrganisationName, c.Country, c.ProductGroup, c.FrameworkSteps, c.Goals, c.Need, c.Approach, c.Procedure, c.Lots,
            c.ContractModel, c.Partners, c.Criteria, c.ContractValue, c.Currency, c.DurationMonths, c.Challenges, c.Lessons, c.Replicability, c.ReusableDocuments,
            c.Differences, c.CreatedAt, c.UpdatedAt, c.PublishedAt,
            Indicators = indicators[c.Id].OrderBy(i => i.Position).Select(i => new { i.Goal, i.Name, i.Unit, i.Baseline, i.Contracted, i.Realised }),
            Attachments = files[c.Id].Select(a => new { a.FileName, a.ContentType, a.Size, a.UploadedAt }),
        }).ToList();
    }
}
