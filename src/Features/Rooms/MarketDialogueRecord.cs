using PracticeCommunity.Features.Access;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Rooms;

/// <summary>
/// The full record of a market-dialogue room (threads, posts, every earlier version, UTC timestamps) as one
/// self-contained, printable HTML file that a buyer adds to the tender file to show equal treatment of bidders.
/// </summary>
public sealed class MarketDialogueRecord(IDbContextFactory<AppDbContext> dbFactory, RoomService rooms, TimeProvider time, IStringLocalizer<Strings> L)
{
    private const string Css = """
            body{font-family:Georgia,serif;max-width:50rem;margin:2rem auto;color:#111;line-height:1.5;padding:0 1rem}
            h1{font-size:1.5rem}h2{font-size:1.2rem;border-bottom:1px solid #999;margin-top:2rem}
            .meta{color:#555;font-size:.85rem}.post{border-left:3px solid #ccc;padding-left:.8rem;margin:1rem 0}
            .accepted{border-color:#2f6f4e}.revision{background:#f5f5f5;padding:.4rem .8rem;margin:.4rem 0;font-size:.9rem}
            @media print{body{margin:0}.post{break-inside:avoid}}
        """;

    public async Task<ServiceResult<(string FileName, string Html)>> ExportAsync(Viewer viewer, string roomIdOrSlug, CancellationToken ct = default)
    {
        var room = await rooms.FindRoomAsync(viewer, roomIdOrSlug, ct);
        if (room is null) return ServiceResult<(string, string)>.NotFound();
        if (room.Audience != RoomAudience.MarketDialogue) return ServiceResult<(string, string)>.Conflict(L["Only market-dialogue rooms have a record to export."]);
        if (!AccessGate.CanExportMarketDialogue(viewer, room.Audience)) return ServiceResult<(string, string)>.Forbidden(L["Only buyers and moderators can export the record."]);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var threads = await db.Threads.AsNoTracking().Where(t => t.RoomId == room.Id && t.DeletedAt == null).OrderBy(t => t.Id)
            .Select(t => new { t.Id, t.Title, t.Kind, t.CreatedAt, t.AcceptedPostId, Author = t.Author!.DisplayName }).ToListAsync(ct);
        var threadIds = threads.Select(t => t.Id).ToList();
        var posts = await db.Posts.AsNoTracking().Where(p => threadIds.Contains(p.ThreadId)).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.ThreadId, p.BodyHtml, p.CreatedAt, p.EditedAt, p.DeletedAt, p.HiddenAt, p.OrganisationName, p.AuthorRole, p.MentionsOwnOffering, Author = p.Author!.DisplayName })
            .ToListAsync(ct);
        var postIds = posts.Select(p => p.Id).ToList();
        var revisions = (await db.PostRevisions.AsNoTracking().Where(r => postIds.Contains(r.PostId)).OrderBy(r => r.Id).ToListAsync(ct))
            .ToLookup(r => r.PostId);

        var e = (string? s) => WebUtility.HtmlEncode(s ?? "");
        var utc = (DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'");
        var now = time.GetUtcNow();
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{e(room.Title)}}</title>
            <style>{{Css}}</style></head><body>
            <h1>{{e(L["Market dialogue record"])}}: {{e(room.Title)}}</h1>
            <p class="meta">{{e(L["Exported {0} by {1}. Every supplier saw this same record; times are UTC.", utc(now), viewer.DisplayName])}}</p>
            """);
        foreach (var t in threads)
        {
            html.Append($"<h2>{e(t.Title)}</h2><p class=\"meta\">{e(L[t.Kind.ToString()])} · {e(t.Author)} · {utc(t.CreatedAt)}</p>");
            foreach (var p in posts.Where(p => p.ThreadId == t.Id))
            {
                html.Append($"<div class=\"post{(p.Id == t.AcceptedPostId ? " accepted" : "")}\" id=\"post-{p.Id}\">");
                html.Append($"<p class=\"meta\">#{p.Id} · <strong>{e(p.Author)}</strong>{(p.OrganisationName is null ? "" : " · " + e(p.OrganisationName))}{(p.AuthorRole is null ? "" : " · " + e(L[p.AuthorRole.Value.ToString()]))} · {utc(p.CreatedAt)}");
                if (p.EditedAt is { } edited) html.Append($" · {e(L["edited"])} {utc(edited)}");
                if (p.MentionsOwnOffering is { } m) html.Append($" · {e(m ? L["Mentions the author's own product or service"] : L["Does not mention the author's own product or service"])}");
                html.Append("</p>");
                if (p.HiddenAt is { } hidden) html.Append("<p><em>").Append(e(L["Hidden by a moderator on {0}.", utc(hidden)])).Append("</em></p>");
                else if (p.DeletedAt is { } deleted) html.Append("<p><em>").Append(e(L["Deleted by its author on {0}.", utc(deleted)])).Append("</em></p>");
                else html.Append(p.BodyHtml); // stored HTML was sanitised when it was written
                if (p.HiddenAt is null)
                {
                    foreach (var r in revisions[p.Id])
                    {
                        var label = L["Earlier version from {0}", utc(r.CreatedAt)];
                        html.Append("<div class=\"revision\"><p class=\"meta\">").Append(e(label)).Append("</p>").Append(r.BodyHtml).Append("</div>");
                    }
                }
                html.Append("</div>");
            }
        }
        if (threads.Count == 0) html.Append($"<p>{e(L["No threads here yet."])}</p>");
        html.Append("</body></html>");
        return ServiceResult<(string, string)>.Ok(($"market-dialogue-{room.Slug}-{now:yyyyMMdd}.html", html.ToString()));
    }
}
