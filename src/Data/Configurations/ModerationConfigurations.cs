using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PracticeCommunity.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(e => e.ActorId).HasMaxLength(450);
        b.Property(e => e.ActorName).HasMaxLength(Limits.DisplayName);
        b.Property(e => e.Action).HasMaxLength(64);
        b.Property(e => e.TargetType).HasMaxLength(32);
        b.Property(e => e.TargetId).HasMaxLength(450);
        b.Property(e => e.Reason).HasMaxLength(Limits.ReviewComment);
        b.HasIndex(e => e.At);
        b.HasIndex(e => new { e.ActorId, e.Id });
        b.HasIndex(e => new { e.Action, e.Id });
    }
}

internal sealed class FlagConfiguration : IEntityTypeConfiguration<Flag>
{
    public void Configure(EntityTypeBuilder<Flag> b)
    {
        b.Property(f => f.ReporterId).HasMaxLength(450);
        b.Property(f => f.Text).HasMaxLength(Limits.HideReason);
        b.Property(f => f.TargetTitle).HasMaxLength(Limits.ThreadTitle);
        b.Property(f => f.TargetExcerpt).HasMaxLength(300);
        b.Property(f => f.TargetLink).HasMaxLength(Limits.Url);
        // One flag per member per target: a second one is a 409.
        b.HasIndex(f => new { f.TargetType, f.TargetId, f.ReporterId }).IsUnique();
        b.HasIndex(f => new { f.State, f.CreatedAt });
        b.HasOne<Member>().WithMany().HasForeignKey(f => f.ReporterId).OnDelete(DeleteBehavior.Cascade);
    }
}
