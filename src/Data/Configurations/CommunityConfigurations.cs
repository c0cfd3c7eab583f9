using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PracticeCommunity.Data.Configurations;

internal sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> b)
    {
        b.Property(m => m.DisplayName).HasMaxLength(Limits.DisplayName);
        b.Property(m => m.SuspensionReason).HasMaxLength(Limits.HideReason);
        b.Property(m => m.TimeZone).HasMaxLength(64);
        b.Property(m => m.ProductGroups).HasMaxLength(1024);
        b.HasOne(m => m.Organisation).WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(m => m.RoleStatus);
        b.Property(m => m.NormalizedDisplayName).HasMaxLength(Limits.DisplayName * 4);
        b.HasIndex(m => m.NormalizedDisplayName).IsUnique();
        b.Property(m => m.CalendarTokenHash).HasMaxLength(64);
        b.HasIndex(m => m.CalendarTokenHash).IsUnique();
    }
}

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.Property(o => o.Name).HasMaxLength(Limits.OrganisationName).IsRequired();
        b.Property(o => o.Country).HasMaxLength(2).IsRequired();
        b.Property(o => o.EmailDomain).HasMaxLength(253);
        b.HasIndex(o => new { o.Name, o.Country }).IsUnique();
    }
}

internal sealed class RoomConfiguration : IEntityTypeConfiguration<Room>
{
    public void Configure(EntityTypeBuilder<Room> b)
    {
        b.Property(r => r.Slug).HasMaxLength(80).IsRequired();
        b.Property(r => r.Title).HasMaxLength(Limits.RoomTitle).IsRequired();
        b.Property(r => r.StepKey).HasMaxLength(64).IsRequired();
        b.Property(r => r.SeedKey).HasMaxLength(80);
        b.HasIndex(r => r.Slug).IsUnique();
        b.HasIndex(r => r.SeedKey).IsUnique();
    }
}

internal sealed class PublicBodyDomainConfiguration : IEntityTypeConfiguration<PublicBodyDomain>
{
    public void Configure(EntityTypeBuilder<PublicBodyDomain> b)
    {
        b.Property(d => d.Domain).HasMaxLength(253).IsRequired();
        b.HasIndex(d => d.Domain).IsUnique();
    }
}

internal sealed class SeedRunConfiguration : IEntityTypeConfiguration<SeedRun>
{
    public void Configure(EntityTypeBuilder<SeedRun> b)
    {
        b.HasKey(s => s.Key);
        b.Property(s => s.Key).HasMaxLength(80);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.Property(m => m.To).HasMaxLength(320).IsRequired();
        b.Property(m => m.Subject).HasMaxLength(300).IsRequired();
        b.Property(m => m.LastError).HasMaxLength(2000);
        b.HasIndex(m => new { m.SentAt, m.NextAttemptAt });
        b.Property(m => m.Kind).HasMaxLength(64).HasDefaultValue(OutboxKinds.Other);
        b.HasIndex(m => new { m.To, m.Kind, m.CreatedAt });
        b.Property(m => m.MemberId).HasMaxLength(64);
        b.Property(m => m.UniqueKey).HasMaxLength(200);
        b.HasIndex(m => m.UniqueKey).IsUnique();
        b.Property(m => m.MessageId).HasMaxLength(200);
        b.Property(m => m.UnsubscribeTopics).HasMaxLength(200);
        b.Property(m => m.AccessStamp).HasMaxLength(100);
        b.Property(m => m.ClaimedBy).HasMaxLength(64);
        b.HasIndex(m => new { m.FailedAt, m.SentAt, m.Id });
    }
}

internal sealed class EmailSettingsConfiguration : IEntityTypeConfiguration<EmailSettings>
{
    public void Configure(EntityTypeBuilder<EmailSettings> b)
    {
        b.HasKey(s => s.MemberId);
        b.Property(s => s.MemberId).HasMaxLength(64);
        b.Property(s => s.Digest).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.DigestWeekday).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class DiscussionThreadConfiguration : IEntityTypeConfiguration<DiscussionThread>
{
    public void Configure(EntityTypeBuilder<DiscussionThread> b)
    {
        b.ToTable("Threads");
        b.Property(t => t.Title).HasMaxLength(Limits.ThreadTitle).IsRequired();
        b.Property(t => t.Tags).HasMaxLength(1024);
        b.Property(t => t.HiddenReason).HasMaxLength(Limits.HideReason);
        b.HasOne(t => t.Room).WithMany().HasForeignKey(t => t.RoomId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(t => t.Author).WithMany().HasForeignKey(t => t.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(t => new { t.RoomId, t.LastActivityAt });
    }
}

internal sealed class PostConfiguration : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> b)
    {
        b.Property(p => p.BodyMarkdown).IsRequired();
        b.Property(p => p.BodyHtml).IsRequired();
        b.Property(p => p.OrganisationName).HasMaxLength(Limits.OrganisationName);
        b.Property(p => p.HiddenReason).HasMaxLength(Limits.HideReason);
        b.HasOne(p => p.Thread).WithMany().HasForeignKey(p => p.ThreadId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(p => p.Author).WithMany().HasForeignKey(p => p.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Revisions).WithOne().HasForeignKey(r => r.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.ThreadId, p.Id });
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(n => n.ActorName).HasMaxLength(Limits.DisplayName);
        b.Property(n => n.ThreadTitle).HasMaxLength(Limits.ThreadTitle);
        b.HasIndex(n => new { n.MemberId, n.ReadAt, n.Id });
        b.HasIndex(n => new { n.EmailState, n.CreatedAt });
        b.HasIndex(n => new { n.MemberId, n.EmailedAt });
    }
}

internal sealed class ThreadVisitConfiguration : IEntityTypeConfiguration<ThreadVisit>
{
    public void Configure(EntityTypeBuilder<ThreadVisit> b) => b.HasKey(v => new { v.MemberId, v.ThreadId });
}

internal sealed class RoomSubscriptionConfiguration : IEntityTypeConfiguration<RoomSubscription>
{
    public void Configure(EntityTypeBuilder<RoomSubscription> b)
    {
        b.HasKey(s => new { s.MemberId, s.RoomId });
        // Who follows a room, when a post arrives there.
        b.HasIndex(s => new { s.RoomId, s.Level });
        b.HasOne<Member>().WithMany().HasForeignKey(s => s.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Room>().WithMany().HasForeignKey(s => s.RoomId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ThreadSubscriptionConfiguration : IEntityTypeConfiguration<ThreadSubscription>
{
    public void Configure(EntityTypeBuilder<ThreadSubscription> b)
    {
        b.HasKey(s => new { s.MemberId, s.ThreadId });
        b.HasIndex(s => new { s.ThreadId, s.Level });
        b.HasOne<Member>().WithMany().HasForeignKey(s => s.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<DiscussionThread>().WithMany().HasForeignKey(s => s.ThreadId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> b)
    {
        b.Property(s => s.Title).HasMaxLength(Limits.SessionTitle);
        b.Property(s => s.Description).HasMaxLength(Limits.SessionDescription);
        b.Property(s => s.TimeZone).HasMaxLength(64);
        b.Property(s => s.Place).HasMaxLength(Limits.SessionPlace);
        b.Property(s => s.OnlineUrl).HasMaxLength(Limits.Url);
        b.Property(s => s.CancelReason).HasMaxLength(Limits.HideReason);
        b.Property(s => s.CreatedById).HasMaxLength(450);
        b.OwnsMany(s => s.Agenda, a => a.ToJson());
        b.Property(s => s.LiveNotes).HasMaxLength(Limits.SessionNotes);
        b.Property(s => s.ProductGroups).HasMaxLength(1024);
        b.Property(s => s.Takeaways).HasMaxLength(Limits.SessionNotes);
        b.Property(s => s.OpenQuestions).HasMaxLength(Limits.SessionNotes);
        b.HasIndex(s => s.StartsAtUtc);
        b.HasIndex(s => new { s.SeriesId, s.SeriesNumber });
        b.HasOne<SessionSeries>().WithMany().HasForeignKey(s => s.SeriesId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class SessionRegistrationConfiguration : IEntityTypeConfiguration<SessionRegistration>
{
    public void Configure(EntityTypeBuilder<SessionRegistration> b)
    {
        b.HasIndex(r => new { r.SessionId, r.MemberId }).IsUnique();
        b.HasIndex(r => new { r.SessionId, r.Status, r.QueuedAt });
        b.HasIndex(r => r.MemberId);
        b.HasOne<Session>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(r => r.Member).WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionAttendanceConfiguration : IEntityTypeConfiguration<SessionAttendance>
{
    public void Configure(EntityTypeBuilder<SessionAttendance> b)
    {
        b.HasKey(a => new { a.SessionId, a.MemberId });
        b.Property(a => a.OrganisationName).HasMaxLength(Limits.OrganisationName);
        b.HasOne<Session>().WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionHandConfiguration : IEntityTypeConfiguration<SessionHand>
{
    public void Configure(EntityTypeBuilder<SessionHand> b)
    {
        b.HasIndex(h => new { h.SessionId, h.LoweredAt, h.RaisedAt });
        b.HasOne<Session>().WithMany().HasForeignKey(h => h.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionActionItemConfiguration : IEntityTypeConfiguration<SessionActionItem>
{
    public void Configure(EntityTypeBuilder<SessionActionItem> b)
    {
        b.Property(a => a.Text).HasMaxLength(Limits.ActionItem);
        b.HasIndex(a => a.SessionId);
        b.HasIndex(a => new { a.OwnerId, a.DoneAt });
        b.HasOne<Session>().WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionProposalConfiguration : IEntityTypeConfiguration<SessionProposal>
{
    public void Configure(EntityTypeBuilder<SessionProposal> b)
    {
        b.Property(p => p.Title).HasMaxLength(Limits.SessionTitle);
        b.Property(p => p.Why).HasMaxLength(Limits.SessionDescription);
        b.Property(p => p.ProposedById).HasMaxLength(450);
        b.HasIndex(p => new { p.Status, p.VoteCount });
    }
}

internal sealed class ProposalVoteConfiguration : IEntityTypeConfiguration<ProposalVote>
{
    public void Configure(EntityTypeBuilder<ProposalVote> b)
    {
        b.HasKey(v => new { v.ProposalId, v.MemberId });
        b.HasOne<SessionProposal>().WithMany().HasForeignKey(v => v.ProposalId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(v => v.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionSeriesConfiguration : IEntityTypeConfiguration<SessionSeries>
{
    public void Configure(EntityTypeBuilder<SessionSeries> b)
    {
        b.Property(s => s.Title).HasMaxLength(Limits.SessionTitle);
        b.Property(s => s.CreatedById).HasMaxLength(450);
    }
}

internal sealed class SessionSlotConfiguration : IEntityTypeConfiguration<SessionSlot>
{
    public void Configure(EntityTypeBuilder<SessionSlot> b)
    {
        b.HasIndex(s => new { s.SessionId, s.StartsAtUtc });
        b.HasIndex(s => new { s.SessionId, s.BookedById });
        b.HasOne<Session>().WithMany().HasForeignKey(s => s.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}
