using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResourceMap.Domain.Geography;
using ResourceMap.Infrastructure.Auth;

namespace ResourceMap.Infrastructure.Persistence.Configurations;

public class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Name).HasMaxLength(200);
        builder.Property(k => k.Role).HasMaxLength(20);
        builder.Property(k => k.HomeMunicipalityCode).HasMaxLength(5).IsFixedLength();
        builder.HasOne<Municipality>().WithMany().HasForeignKey(k => k.HomeMunicipalityCode).OnDelete(DeleteBehavior.Restrict);
        builder.Property(k => k.Hash).HasMaxLength(64).IsFixedLength();
        // Authentication looks keys up by hash on every request.
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.Property(k => k.CreatedBy).HasMaxLength(200);
        builder.ToTable(t => t.HasCheckConstraint("ck_api_keys_role", "role IN ('partner', 'editor', 'admin')"));
    }
}
