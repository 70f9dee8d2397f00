using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResourceMap.Infrastructure.Audit;

namespace ResourceMap.Infrastructure.Persistence.Configurations;

public class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).UseIdentityAlwaysColumn();
        builder.Property(a => a.Actor).HasMaxLength(200);
        builder.Property(a => a.Action).HasMaxLength(20);
        builder.Property(a => a.EntityType).HasMaxLength(40);
        builder.Property(a => a.EntityId).HasMaxLength(100);
        builder.Property(a => a.Before).HasColumnType("jsonb");
        builder.Property(a => a.After).HasColumnType("jsonb");
        // The three ways admins read the history (by record, by person, everything), each in keyset order.
        builder.HasIndex(a => new { a.EntityType, a.EntityId, a.OccurredAt, a.Id });
        builder.HasIndex(a => new { a.EntityId, a.OccurredAt, a.Id });
        builder.HasIndex(a => new { a.Actor, a.OccurredAt, a.Id });
        builder.HasIndex(a => new { a.OccurredAt, a.Id });
    }
}
