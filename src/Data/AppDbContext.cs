using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace PracticeCommunity.Data;

/// <summary>
/// The community's data. This type is the SQLite model and migrations set; <see cref="Postgres.PostgresDbContext"/> is
/// the same model with PostgreSQL's own migrations set. Services only ever see <see cref="AppDbContext"/>.
/// </summary>
public class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<Member>(options), IDataProtectionKeyContext
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Room> Rooms => Set<Room>();
    public DbSet<PublicBodyDomain> PublicBodyDomains => Set<PublicBodyDomain>();
    public DbSet<SeedRun> SeedRuns => Set<SeedRun>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<DiscussionThread> Threads => Set<DiscussionThread>();
    public DbSet<Post> Posts => Set<Post>();
    public DbSet<PostRevision> PostRevisions => Set<PostRevision>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<ThreadVisit> ThreadVisits => Set<ThreadVisit>();
    public DbSet<RoomSubscription> RoomSubscriptions => Set<RoomSubscription>();
    public DbSet<ThreadSubscription> ThreadSubscriptions => Set<ThreadSubscription>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<SessionRegistration> SessionRegistrations => Set<SessionRegistration>();
    public DbSet<SessionAttendance> SessionAttendances => Set<SessionAttendance>();
    public DbSet<SessionHand> SessionHands => Set<SessionHand>();
    public DbSet<SessionActionItem> SessionActionItems => Set<SessionActionItem>();
    public DbSet<SessionProposal> SessionProposals => Set<SessionProposal>();
    public DbSet<SessionSeries> SessionSeries => Set<SessionSeries>();
    public DbSet<SessionSlot> SessionSlots => Set<SessionSlot>();
    public DbSet<ProposalVote> ProposalVotes => Set<ProposalVote>();
    public DbSet<CaseStudy> Cases => Set<CaseStudy>();
    public DbSet<CaseIndicator> CaseIndicators => Set<CaseIndicator>();
    public DbSet<CaseAttachment> CaseAttachments => Set<CaseAttachment>();
    public DbSet<CaseReviewEvent> CaseReviewEvents => Set<CaseReviewEvent>();
    public DbSet<Replication> Replications => Set<Replication>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Flag> Flags => Set<Flag>();
    public DbSet<EmailSettings> EmailSettings => Set<EmailSettings>();

    /// <summary>The Data Protection key ring, shared by every instance: cookies, bearer tokens and email links work on all.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in the database and safe when members are reordered.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        // SQLite cannot order or compare DateTimeOffset; store UTC ticks so ORDER BY works on every provider.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }
}
