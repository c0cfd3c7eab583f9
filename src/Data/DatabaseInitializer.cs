using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PracticeCommunity.Data.Seed;
using PracticeCommunity.Features.Members;

namespace PracticeCommunity.Data;

/// <summary>
/// Applies migrations and loads the seed once, before the server takes requests
/// (hosted services start before Kestrel). Each seed step is recorded in <see cref="SeedRun"/>
/// so a moderator's later edits are never overwritten.
/// </summary>
internal sealed partial class DatabaseInitializer(
    IDbContextFactory<AppDbContext> dbFactory,
    IOptions<MembersOptions> membersOptions,
    TimeProvider time,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public const string RoomsSeedKey = "rooms-v1";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers run beside the single writer.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.CloseConnectionAsync();
            LogDatabaseFile(db.Database.GetDbConnection().DataSource);
        }
        // EF Core takes a lock while it migrates; the seed takes its own, so that two servers starting together on a new
        // database seed it once: the second waits, then finds the seed done.
        await db.Database.MigrateAsync(cancellationToken);
        await using var seeding = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({SeedLock})", cancellationToken);
        }
        await SeedRoomsAsync(db, cancellationToken);
        await SeedPublicBodyDomainsAsync(db, cancellationToken);
        await NormaliseDisplayNamesAsync(db, cancellationToken);
        await seeding.CommitAsync(cancellationToken);
    }

    /// <summary>PostgreSQL advisory lock key of the seed (any number of this app's own).</summary>
    private const long SeedLock = 7_203_001;

    /// <summary>
    /// Members named before names had to be unique get their normalised name once. Where two already look alike,
    /// the first keeps it and the other is asked for a new name at their next profile save.
    /// </summary>
    private static async Task NormaliseDisplayNamesAsync(AppDbContext db, CancellationToken ct)
    {
        var unnamed = await db.Users.Where(u => u.NormalizedDisplayName == null && u.DisplayName != "").OrderBy(u => u.CreatedAt).ToListAsync(ct);
        if (unnamed.Count == 0) return;
        var taken = (await db.Users.Where(u => u.NormalizedDisplayName != null).Select(u => u.NormalizedDisplayName!).ToListAsync(ct)).ToHashSet();
        foreach (var member in unnamed)
        {
            var normalized = TextRules.NormaliseName(member.DisplayName);
            if (taken.Add(normalized)) member.NormalizedDisplayName = normalized;
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task SeedRoomsAsync(AppDbContext db, CancellationToken ct)
    {
        if (await db.SeedRuns.AnyAsync(s => s.Key == RoomsSeedKey, ct))
        {
            return;
        }
        var now = time.GetUtcNow();
        var order = 0;
        foreach (var seed in RoomSeed.Rooms)
        {
            db.Rooms.Add(new Room
            {
                Slug = seed.Slug,
                Title = seed.Title,
                Part = seed.Part,
                StepKey = seed.StepKey,
                Audience = seed.Audience,
                SortOrder = order++,
                SeedKey = seed.Slug,
                CreatedAt = now,
            });
        }
        db.SeedRuns.Add(new SeedRun { Key = RoomsSeedKey, RanAt = now });
        await db.SaveChangesAsync(ct);
        LogSeeded(RoomSeed.Rooms.Count);
    }

    /// <summary>Domains from Members:PublicBodyDomains join the admin-managed list; admins extend it in the UI.</summary>
    private async Task SeedPublicBodyDomainsAsync(AppDbContext db, CancellationToken ct)
    {
        var configured = membersOptions.Value.PublicBodyDomains;
        var known = await db.PublicBodyDomains.Select(d => d.Domain).ToListAsync(ct);
        var now = time.GetUtcNow();
        foreach (var domain in configured.Select(d => d.Trim().ToLowerInvariant()).Where(d => d.Length > 0).Distinct())
        {
            if (!known.Contains(domain))
            {
                db.PublicBodyDomains.Add(new PublicBodyDomain { Domain = domain, CreatedAt = now });
            }
        }
        await db.SaveChangesAsync(ct);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Using SQLite database file {File}")]
    private partial void LogDatabaseFile(string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} discussion rooms")]
    private partial void LogSeeded(int count);
}
