using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResourceMap.Api.Common;
using ResourceMap.Api.Locations;
using ResourceMap.Api.Organizations;
using ResourceMap.Api.Services;
using ResourceMap.Domain.Directory;
using ResourceMap.Infrastructure.Persistence;
using Location = ResourceMap.Domain.Directory.Location;

namespace ResourceMap.Api.Seeding;

/// <summary>
/// Loads the fictional sample directory of seed-data/sample-directory.json through the same writers (validation
/// and write rules) as the API (sharing scopes and restricted fields included), so the sample can never hold what the API would
/// refuse. Organisations already present (by id) are left as they are, services and all, so re-running never
/// overwrites edits: a database loaded from an older sample keeps that sample (drop it to load the new one). The
/// whole load is one transaction.
/// </summary>
public class SampleDirectorySeeder(
    ResourceMapDbContext db,
    OrganizationWriter organizations,
    LocationWriter locations,
    ServiceWriter services,
    IOptions<JsonOptions> json,
    ILogger<SampleDirectorySeeder> logger)
{
    public const string FileName = "sample-directory.json";

    /// <summary>The API's JSON names, tolerating the file's extra (documentation) members.</summary>
    private readonly JsonSerializerOptions _fileOptions = new(json.Value.SerializerOptions)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    };

    public async Task SeedAsync(string seedDirectory, CancellationToken ct = default)
    {
        await using var stream = File.OpenRead(Path.Combine(seedDirectory, FileName));
        var file = await JsonSerializer.DeserializeAsync<SampleFile>(stream, _fileOptions, ct)
                   ?? throw new InvalidDataException($"{FileName} is empty.");

        var existing = (await db.Organizations.Select(o => o.Id).ToListAsync(ct)).ToHashSet();
        var pending = file.Organizations.Where(o => !existing.Contains(o.Id)).ToList();
        if (pending.Count == 0)
        {
            logger.LogInformation("Sample directory already loaded ({Count} organizations); existing records are never " +
                                  "overwritten, so changes to {File} reach only a fresh database", file.Organizations.Count, FileName);
            return;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var sample in pending)
        {
            Ensure(await organizations.StageAsync(null, sample.ToRequest(), DirectoryActor.System, ct, sample.Id, RecordSources.Sample),
                $"organization {sample.Id}");

            foreach (var site in sample.Locations)
            {
                Ensure(await locations.StageAsync(null, site.ToRequest(), DirectoryActor.System, ct, site.Id), $"location {site.Id}");
            }
            await db.SaveChangesAsync(ct);

            foreach (var sampleService in sample.Services)
            {
                var service = Ensure(await services.StageAsync(null, sampleService.ToRequest(sample.Id), DirectoryActor.System, ct,
                    sampleService.Id, RecordSources.Sample), $"service {sampleService.Id}");
                await services.SaveAsync(service, ct);
            }
        }
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        logger.LogInformation("Loaded {Count} sample organizations", pending.Count);
    }

    /// <summary>The sample must pass every rule the API applies; a record that does not stops the load.</summary>
    private static T Ensure<T>(WriteResult<T> result, string what) where T : class =>
        result.Value ?? throw new InvalidDataException($"{FileName}: {what} is invalid: {result.Error}");

    private sealed record SampleFile(List<SampleOrganization> Organizations);

    private sealed record SampleOrganization(
        Guid Id, string Name, string? NameKana, string LegalForm, string? CorporateNumber, string? Description,
        string? Website, string? Email, List<PhoneDto>? Phones, bool PlatformMember, string? PlatformRole,
        DateOnly? PlatformJoinedOn, string OwnerMunicipalityCode, List<SampleLocation> Locations, List<SampleService> Services,
        string? SharingScope = null, List<string>? SharedWithRegions = null, string? ContactPerson = null, string? InternalNotes = null)
    {
        public OrganizationRequest ToRequest() => new(Name, NameKana, LegalForm, CorporateNumber, Description, Website, Email,
            Phones, PlatformMember, PlatformRole, PlatformJoinedOn, OwnerMunicipalityCode, SharingScope, SharedWithRegions,
            ContactPerson, InternalNotes);
    }

    private sealed record SampleLocation(Guid Id, string? Name, string Address, string? PostalCode, string MunicipalityCode,
        double Lat, double Lng, string Precision)
    {
        public LocationRequest ToRequest() => new(Name, Address, PostalCode, MunicipalityCode, Lat, Lng, Precision);
    }

    private sealed record SampleService(
        Guid Id, string Name, string? Description, string Category, List<string>? TargetGroups, List<string>? ProblemKeywords,
        List<string>? Channels, bool AnonymousOk, List<OpeningPeriodDto>? Hours, string? HoursNotes, string? Frequency,
        string? Fee, List<string>? Languages, bool CommissionedByMunicipality, string? CapacityNote,
        bool AcceptsOtherMunicipalities, List<Guid>? LocationIds, ServiceAreaDto ServiceArea,
        string? SharingScope = null, List<string>? SharedWithRegions = null, string? RestrictedPhone = null,
        string? RestrictedEmail = null, string? CapacityDetails = null)
    {
        public ServiceRequest ToRequest(Guid organizationId) => new(organizationId, Name, Description, Category, TargetGroups,
            ProblemKeywords, Channels, AnonymousOk, Hours, HoursNotes, Frequency, Fee, Languages, CommissionedByMunicipality,
            CapacityNote, AcceptsOtherMunicipalities, null, LocationIds, ServiceArea, SharingScope, SharedWithRegions,
            RestrictedPhone, RestrictedEmail, CapacityDetails);
    }
}
