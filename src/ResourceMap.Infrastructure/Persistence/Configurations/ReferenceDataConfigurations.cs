using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResourceMap.Domain.Geography;
using ResourceMap.Domain.Taxonomy;

namespace ResourceMap.Infrastructure.Persistence.Configurations;

public class MunicipalityConfiguration : IEntityTypeConfiguration<Municipality>
{
    public void Configure(EntityTypeBuilder<Municipality> builder)
    {
        builder.ToTable("municipalities");
        builder.HasKey(m => m.Code);
        builder.Property(m => m.Code).HasMaxLength(5).IsFixedLength();
        builder.Property(m => m.OfficialCode).HasMaxLength(6).IsFixedLength();
        builder.Property(m => m.PrefectureCode).HasMaxLength(2).IsFixedLength();
        builder.HasIndex(m => m.OfficialCode).IsUnique();
        builder.HasIndex(m => m.Prefecture);
        builder.Property(m => m.Boundary).HasColumnType("geometry(MultiPolygon,4326)");
        builder.Property(m => m.RepresentativePoint).HasColumnType("geometry(Point,4326)");
        builder.HasIndex(m => m.Boundary).HasMethod("gist");
        builder.Ignore(m => m.FullName);
    }
}

public class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> builder)
    {
        builder.ToTable("regions");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(64);
        builder.Property(r => r.Kind).HasMaxLength(16);
        builder.Property(r => r.Geometry).HasColumnType("geometry(MultiPolygon,4326)");
        builder.HasIndex(r => r.Geometry).HasMethod("gist");
        builder.HasMany(r => r.Members).WithOne().HasForeignKey(m => m.RegionId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class RegionMemberConfiguration : IEntityTypeConfiguration<RegionMember>
{
    public void Configure(EntityTypeBuilder<RegionMember> builder)
    {
        builder.ToTable("region_members");
        builder.HasKey(m => new { m.RegionId, m.MunicipalityCode });
        builder.Property(m => m.MunicipalityCode).HasMaxLength(5).IsFixedLength();
        builder.HasOne<Municipality>().WithMany().HasForeignKey(m => m.MunicipalityCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => m.MunicipalityCode);
    }
}

public class TaxonomyVocabularyConfiguration : IEntityTypeConfiguration<TaxonomyVocabulary>
{
    public void Configure(EntityTypeBuilder<TaxonomyVocabulary> builder)
    {
        builder.ToTable("taxonomy_vocabularies");
        builder.HasKey(v => v.Id);
    }
}

public class TaxonomyTermConfiguration : IEntityTypeConfiguration<TaxonomyTerm>
{
    public void Configure(EntityTypeBuilder<TaxonomyTerm> builder)
    {
        builder.ToTable("taxonomy_terms");
        builder.HasKey(t => new { t.Vocabulary, t.Code });
        builder.HasOne<TaxonomyVocabulary>().WithMany().HasForeignKey(t => t.Vocabulary);
    }
}

public class SeedRunConfiguration : IEntityTypeConfiguration<SeedRun>
{
    public void Configure(EntityTypeBuilder<SeedRun> builder)
    {
        builder.ToTable("seed_runs");
        builder.HasKey(s => s.Dataset);
    }
}

public class MunicipalityPopulationConfiguration : IEntityTypeConfiguration<MunicipalityPopulation>
{
    public void Configure(EntityTypeBuilder<MunicipalityPopulation> builder)
    {
        builder.ToTable("municipality_populations", t => t.HasCheckConstraint("ck_municipality_populations_population", "population >= 0"));
        builder.HasKey(p => p.MunicipalityCode);
        builder.Property(p => p.MunicipalityCode).HasMaxLength(5).IsFixedLength();
        builder.HasOne<Municipality>().WithOne().HasForeignKey<MunicipalityPopulation>(p => p.MunicipalityCode).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.Source).HasMaxLength(500);
        builder.Property(p => p.ImportedBy).HasMaxLength(200);
    }
}
