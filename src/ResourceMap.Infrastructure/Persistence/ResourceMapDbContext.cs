using Microsoft.EntityFrameworkCore;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Geography;
using ResourceMap.Domain.Surveys;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Infrastructure.Audit;

namespace ResourceMap.Infrastructure.Persistence;

public class ResourceMapDbContext(DbContextOptions<ResourceMapDbContext> options) : DbContext(options)
{
    public DbSet<Municipality> Municipalities => Set<Municipality>();
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<RegionMember> RegionMembers => Set<RegionMember>();
    public DbSet<MunicipalityPopulation> MunicipalityPopulations => Set<MunicipalityPopulation>();
    public DbSet<TaxonomyVocabulary> TaxonomyVocabularies => Set<TaxonomyVocabulary>();
    public DbSet<TaxonomyTerm> TaxonomyTerms => Set<TaxonomyTerm>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Location> Locations => Set<Location>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<ServiceAtLocation> ServiceAtLocations => Set<ServiceAtLocation>();
    public DbSet<ServiceArea> ServiceAreas => Set<ServiceArea>();
    public DbSet<SeedRun> SeedRuns => Set<SeedRun>();
    public DbSet<GazetteerTown> GazetteerTowns => Set<GazetteerTown>();
    public DbSet<MappingProfile> MappingProfiles => Set<MappingProfile>();
    public DbSet<Survey> Surveys => Set<Survey>();
    public DbSet<SurveyTarget> SurveyTargets => Set<SurveyTarget>();
    public DbSet<SurveyImport> SurveyImports => Set<SurveyImport>();
    public DbSet<SurveyAnswerRow> SurveyAnswerRows => Set<SurveyAnswerRow>();
    public DbSet<SurveyAnswer> SurveyAnswers => Set<SurveyAnswer>();
    public DbSet<SurveyAnswerChange> SurveyAnswerChanges => Set<SurveyAnswerChange>();
    public DbSet<SurveyMatchResolution> SurveyMatchResolutions => Set<SurveyMatchResolution>();
    public DbSet<SurveyPublishedService> SurveyPublishedServices => Set<SurveyPublishedService>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Auth.ApiKey> ApiKeys => Set<Auth.ApiKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("postgis");
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ResourceMapDbContext).Assembly);
        // The sharing rule's one SQL rendering, for EF queries (see SharingRule).
        var mayRead = modelBuilder.HasDbFunction(typeof(Sharing.SharingRule).GetMethod(nameof(Sharing.SharingRule.MayReadInDatabase))!)
            .HasName("resourcemap_may_read");
        mayRead.HasParameter("scope").HasStoreType("text");
        mayRead.HasParameter("owner").HasStoreType("text");
        mayRead.HasParameter("sharedWithRegions").HasStoreType("text[]");
        mayRead.HasParameter("viewerAll").HasStoreType("boolean");
        mayRead.HasParameter("viewerHome").HasStoreType("text");
        mayRead.HasParameter("viewerRegions").HasStoreType("text[]");
    }
}

/// <summary>Records which seed data set (by checksum) is loaded, so re-running the seed step is a no-op.</summary>
public class SeedRun
{
    public required string Dataset { get; set; }
    public required string Checksum { get; set; }
    public DateTimeOffset LoadedAt { get; set; }
}
