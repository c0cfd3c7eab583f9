using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Members;
using PracticeCommunity.Features.Rooms;
using PracticeCommunity.Features.Security;
using PracticeCommunity.Localization;

using PracticeCommunity.Features.Access;
namespace PracticeCommunity.Features.Search;

/// <summary>
/// Full-text search over thread titles and posts, through the index that the migrations keep in step with every write
/// (FTS5 on SQLite, tsvector and GIN on PostgreSQL: <see cref="IPostMatches"/>). The audience rule is applied inside the one query that finds, counts and ranks the hits,
/// so a room the viewer may not enter never contributes a hit, a snippet or even a count.
/// </summary>
public sealed class SearchService(
    IDbContextFactory<AppDbContext> dbFactory,
    RoomService rooms,
    ActionLimits limits,
    IStringLocalizer<Strings> L)
{
    public const int PageSize = 20;
    public const int MaxQueryLength = 200;

    /// <summary>How many of the newest matching posts are ranked; a search that matches more says so.</summary>
    public const int RankedWindow = 2_000;

    public async Task<ServiceResult<SearchResults>> SearchAsync(Viewer viewer, SearchQuery query, CancellationToken ct = default)
    {
        if (!viewer.IsSignedIn) return ServiceResult<SearchResults>.Forbidden(L["Sign in to search."]);

        var errors = new Dictionary<string, string[]>();
        var text = query.Text?.Trim() ?? "";
        string? match = null;
        if (text.Length == 0) errors["q"] = [L["Type a word to search for."]];
        else if (text.Length > MaxQueryLength) errors["q"] = [L["A search can be at most {0} characters (this one has {1}).", MaxQueryLength, text.Length]];
        else if ((match = SearchSyntax.ToMatchExpression(text)) is null) errors["q"] = [L["Search for at least one word or number."]];
        string? tag = null;
        if (!string.IsNullOrWhiteSpace(query.Tag) && (tag = ThreadTags.Normalise(query.Tag)) is null)
        {
            var raw = query.Tag.Trim();
            errors["tag"] = [L["Unknown tag \"{0}\": use product:<group>, country:<code> or procedure:<type>.", raw.Length > 60 ? raw[..60] + "…" : raw]];
        }
        if (errors.Count > 0) return ServiceResult<SearchResults>.Invalid(errors);
        if (limits.TryAcquire(LimitKind.Search, "member:" + viewer.MemberId) is { Allowed: false } tooMany)
            return ServiceResult<SearchResults>.RateLimited(tooMany.RetryAfter, L["You have searched many times in a short while. Wait {0} seconds and search again.", tooMany.RetryAfterSeconds]);

        int? roomId = null;
        if (!string.IsNullOrWhiteSpace(query.Room))
        {
            // A room the viewer may not enter is reported as missing, exactly like one that does not exist.
            var room = await rooms.FindRoomAsync(viewer, query.Room.Trim(), ct);
            if (room is null) return ServiceResult<SearchResults>.NotFound();
            roomId = room.Id;
        }

        // Pages past the last are empty (and cost nothing); the bound only keeps the offset arithmetic safe.
        var page = Math.Clamp(query.Page, 1, 1_000_000);
        var audiences = AccessGate.EnterableAudiences(viewer);
        if (audiences.Count == 0) return ServiceResult<SearchResults>.Ok(new SearchResults(text, page, PageSize, 0, [], false));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var scope = new SearchScope(audiences, roomId, tag, query.ThreadId);
        IPostMatches matches = db.Database.IsNpgsql()
            ? new PostgresPostMatches(db.Database.GetDbConnection(), SearchSyntax.ToTsQuery(text)!.Value, scope)
            : new SqlitePostMatches(db.Database.GetDbConnection(), match!, scope);
        var perPost = query.ThreadId is not null;

        // Ranking costs about 2 µs per matching post, so a word found in nearly all of 100,000 posts would take
        // 200 ms. The newest matches bound that work: at most RankedWindow of them are counted and ranked.
        var newest = await matches.NewestAsync(RankedWindow + 1, ct);
        var capped = newest.Count > RankedWindow;
        var window = newest.Take(RankedWindow).ToList();
        var total = perPost ? window.Count : window.Select(m => m.ThreadId).Distinct().Count();
        var offset = (page - 1) * PageSize;
        if (offset >= total) return ServiceResult<SearchResults>.Ok(new SearchResults(text, page, PageSize, total, [], capped, query.ThreadId));

        long? oldest = capped ? window[^1].PostId : null;
        var best = await matches.BestAsync(perPost, offset, PageSize, oldest, ct);
        var hits = best.Count == 0 ? [] : (await matches.HitsAsync(best.Select(b => b.PostId).ToList(), oldest, ct)).ToDictionary(h => h.PostId);
        // A post hidden or deleted between the two reads is simply left out.
        var items = best.Where(b => hits.ContainsKey(b.PostId)).Select(b => hits[b.PostId] with { MoreInThread = b.Count - 1 }).ToList();
        return ServiceResult<SearchResults>.Ok(new SearchResults(text, page, PageSize, total, items, capped, query.ThreadId));
    }

}
