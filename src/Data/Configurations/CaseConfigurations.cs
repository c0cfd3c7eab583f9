using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PracticeCommunity.Data.Configurations;

internal sealed class CaseStudyConfiguration : IEntityTypeConfiguration<CaseStudy>
{
    public void Configure(EntityTypeBuilder<CaseStudy> b)
    {
        b.ToTable("Cases");
        b.Property(c => c.Title).HasMaxLength(Limits.CaseTitle);
        b.Property(c => c.Summary).HasMaxLength(Limits.CaseSummary);
        b.Property(c => c.OrganisationName).HasMaxLength(Limits.OrganisationName);
        b.Property(c => c.Country).HasMaxLength(2);
        b.Property(c => c.ProductGroup).HasMaxLength(64);
        b.Property(c => c.FrameworkSteps).HasMaxLength(1024);
        b.Property(c => c.Goals).HasMaxLength(64);
        b.Property(c => c.Procedure).HasMaxLength(64);
        b.Property(c => c.Currency).HasMaxLength(3);
        b.Property(c => c.Headline).HasMaxLength(300);
        b.Property(c => c.ReviewComment).HasMaxLength(Limits.ReviewComment);
        b.Property(c => c.HiddenReason).HasMaxLength(Limits.HideReason);
        b.Property(c => c.CitedThreadIds).HasMaxLength(1024);
        foreach (var text in new[] { nameof(CaseStudy.Need), nameof(CaseStudy.Approach), nameof(CaseStudy.Partners), nameof(CaseStudy.Challenges),
                     nameof(CaseStudy.Lessons), nameof(CaseStudy.ReusableDocuments), nameof(CaseStudy.Replicability), nameof(CaseStudy.Differences) })
            b.Property(text).HasMaxLength(Limits.CaseText);
        b.Property(c => c.ContractValue).HasConversion<double?>();
        b.OwnsMany(c => c.Criteria, c => c.ToJson());
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => new { c.Status, c.PublishedAt });
        b.HasIndex(c => new { c.Status, c.ProductGroup });
        b.HasIndex(c => c.OwnerId);
        b.HasIndex(c => c.ReplicatedFromId);
        b.HasOne(c => c.Owner).WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CaseStudy>().WithMany().HasForeignKey(c => c.ReplicatedFromId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class CaseIndicatorConfiguration : IEntityTypeConfiguration<CaseIndicator>
{
    public void Configure(EntityTypeBuilder<CaseIndicator> b)
    {
        b.Property(i => i.Goal).HasMaxLength(1);
        b.Property(i => i.Name).HasMaxLength(Limits.IndicatorName);
        b.Property(i => i.Unit).HasMaxLength(Limits.IndicatorUnit);
        b.HasIndex(i => i.CaseId);
        b.HasIndex(i => i.ReplicationId);
        b.HasOne<CaseStudy>().WithMany().HasForeignKey(i => i.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Replication>().WithMany().HasForeignKey(i => i.ReplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CaseAttachmentConfiguration : IEntityTypeConfiguration<CaseAttachment>
{
    public void Configure(EntityTypeBuilder<CaseAttachment> b)
    {
        b.Property(a => a.FileName).HasMaxLength(Limits.FileName);
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.Property(a => a.StoredName).HasMaxLength(64);
        b.HasIndex(a => a.CaseId);
        b.HasOne<CaseStudy>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CaseReviewEventConfiguration : IEntityTypeConfiguration<CaseReviewEvent>
{
    public void Configure(EntityTypeBuilder<CaseReviewEvent> b)
    {
        b.Property(e => e.Comment).HasMaxLength(Limits.ReviewComment);
        b.HasIndex(e => e.CaseId);
        b.HasOne<CaseStudy>().WithMany().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(e => e.Actor).WithMany().HasForeignKey(e => e.ActorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReplicationConfiguration : IEntityTypeConfiguration<Replication>
{
    public void Configure(EntityTypeBuilder<Replication> b)
    {
        b.Property(r => r.OrganisationName).HasMaxLength(Limits.OrganisationName);
        b.Property(r => r.Country).HasMaxLength(2);
        b.Property(r => r.Goals).HasMaxLength(64);
        b.Property(r => r.Notes).HasMaxLength(Limits.CaseText);
        b.OwnsMany(r => r.Criteria, c => c.ToJson());
        b.HasIndex(r => new { r.CaseId, r.BuyerId });
        b.HasIndex(r => r.BuyerId);
        b.HasOne<CaseStudy>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(r => r.Buyer).WithMany().HasForeignKey(r => r.BuyerId).OnDelete(DeleteBehavior.Restrict);
    }
}
