using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Geography;

namespace ResourceMap.Infrastructure.Persistence.Configurations;

public class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("organizations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.CorporateNumber).HasMaxLength(13).IsFixedLength();
        builder.HasIndex(o => o.CorporateNumber).IsUnique();
        builder.Property(o => o.OwnerMunicipalityCode).HasMaxLength(5).IsFixedLength();
        builder.HasOne<Municipality>().WithMany().HasForeignKey(o => o.OwnerMunicipalityCode).OnDelete(DeleteBehavior.Restrict);
        builder.Property(o => o.Phones).HasColumnType("jsonb").HasConversion(JsonColumn.Converter<List<Phone>>(), JsonColumn.Comparer<List<Phone>>());
        builder.Property(o => o.Version).IsRowVersion();
        builder.HasIndex(o => o.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.HasIndex(o => o.LegalForm);
        builder.Property(o => o.SharingScope).HasMaxLength(16).HasDefaultValue(SharingScopes.Public);
        builder.Property(o => o.SharedWithRegions).HasDefaultValueSql("'{}'::text[]");
        // The stale follow-up list walks records oldest-verified first.
        builder.HasIndex(o => new { o.LastVerifiedAt, o.Id });
    }
}

public class LocationConfiguration : IEntityTypeConfiguration<Location>
{
    public void Configure(EntityTypeBuilder<Location> builder)
    {
        builder.ToTable("locations");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.MunicipalityCode).HasMaxLength(5).IsFixedLength();
        builder.HasOne<Municipality>().WithMany().HasForeignKey(l => l.MunicipalityCode).OnDelete(DeleteBehavior.Restrict);
        builder.Property(l => l.Point).HasColumnType("geography(Point,4326)");
        builder.HasIndex(l => l.Point).HasMethod("gist");
        builder.HasIndex(l => l.MunicipalityCode);
        builder.Property(l => l.Version).IsRowVersion();
    }
}

public class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> builder)
    {
        builder.ToTable("services");
        builder.HasKey(s => s.Id);
        builder.HasOne(s => s.Organization).WithMany(o => o.Services).HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.Hours).HasColumnType("jsonb").HasConversion(JsonColumn.Converter<List<OpeningPeriod>>(), JsonColumn.Comparer<List<OpeningPeriod>>());
        builder.Property(s => s.OwnerMunicipalityCode).HasMaxLength(5).IsFixedLength();
        builder.HasOne<Municipality>().WithMany().HasForeignKey(s => s.OwnerMunicipalityCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Locations).WithOne().HasForeignKey(l => l.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.ServiceArea).WithOne().HasForeignKey<ServiceArea>(a => a.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.Version).IsRowVersion();
        builder.HasIndex(s => s.Category);
        builder.Property(s => s.SharingScope).HasMaxLength(16).HasDefaultValue(SharingScopes.Public);
        builder.Property(s => s.SharedWithRegions).HasDefaultValueSql("'{}'::text[]");
        builder.HasIndex(s => new { s.LastVerifiedAt, s.Id });
        builder.HasIndex(s => s.TargetGroups).HasMethod("gin");
        builder.HasIndex(s => s.ProblemKeywords).HasMethod("gin");
        builder.HasIndex(s => s.Channels).HasMethod("gin");
        builder.HasIndex(s => s.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}

public class ServiceAtLocationConfiguration : IEntityTypeConfiguration<ServiceAtLocation>
{
    public void Configure(EntityTypeBuilder<ServiceAtLocation> builder)
    {
        builder.ToTable("service_at_location");
        builder.HasKey(x => new { x.ServiceId, x.LocationId });
        builder.HasOne(x => x.Location).WithMany().HasForeignKey(x => x.LocationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(x => x.LocationId);
    }
}

public class ServiceAreaConfiguration : IEntityTypeConfiguration<ServiceArea>
{
    public void Configure(EntityTypeBuilder<ServiceArea> builder)
    {
        builder.ToTable("service_areas");
        builder.HasKey(a => a.ServiceId);
        builder.HasOne<Region>().WithMany().HasForeignKey(a => a.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(a => a.DrawnArea).HasColumnType("geometry(MultiPolygon,4326)");
        builder.Property(a => a.Geometry).HasColumnType("geometry(MultiPolygon,4326)");
        builder.HasIndex(a => a.Geometry).HasMethod("gist");
        builder.HasIndex(a => a.CoveredMunicipalityCodes).HasMethod("gin");
        builder.HasIndex(a => a.Level);
    }
}

/// <summary>Stores small value lists as jsonb through System.Text.Json, compared by content.</summary>
internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T, string> Converter<T>() where T : new() =>
        new(v => JsonSerializer.Serialize(v, Options), s => JsonSerializer.Deserialize<T>(s, Options) ?? new T());

    /// <summary>The same JSON the converter stores, for bulk writes that bypass EF.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static ValueComparer<T> Comparer<T>() where T : class =>
        new((a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
            v => JsonSerializer.Serialize(v, Options).GetHashCode(),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Options), Options)!);
}
