using FluentValidation;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Common;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Geography;
using ResourceMap.Domain.Text;
using ResourceMap.Infrastructure.Persistence;
using static ResourceMap.Api.Common.DirectoryWrites;

namespace ResourceMap.Api.Organizations;

/// <summary>
/// Writes organisations for every caller (the API, survey publishing, target import, the sample seeder): the request's
/// rules, the owner municipality's rights, and archiving with the organisation's services.
/// </summary>
public sealed class OrganizationWriter(ResourceMapDbContext db, IValidator<OrganizationRequest> validator)
    : IDirectoryRecordWriter<Organization, OrganizationRequest>
{
    public string What => "organization";

    public string OwnerOf(Organization entity) => entity.OwnerMunicipalityCode;

    public Task<Organization?> FindAsync(Guid id, CancellationToken ct) =>
        db.Organizations.Include(o => o.Services).SingleOrDefaultAsync(o => o.Id == id, ct);

    public OrganizationRequest ToRequest(Organization entity) => OrganizationResponse.ToRequest(entity);

    /// <summary>Creates and saves an organisation; a taken corporate number is a conflict.</summary>
    public async Task<WriteResult<Organization>> CreateAsync(OrganizationRequest request, DirectoryActor actor, CancellationToken ct)
    {
        var staged = await StageAsync(null, request, actor, ct);
        if (!staged.Succeeded) return staged;
        return await SaveAsync(db, ct) == SaveOutcome.Duplicate ? Duplicate(request) : staged;
    }

    /// <summary>
    /// Validates the request and applies it to <paramref name="existing"/> (or to a new organisation, added to the
    /// context), stamped as created or edited; the caller saves, with whatever else it writes in the same unit.
    /// </summary>
    public async Task<WriteResult<Organization>> StageAsync(Organization? existing, OrganizationRequest request, DirectoryActor actor,
        CancellationToken ct, Guid? newId = null, string source = RecordSources.Manual)
    {
        var validation = await validator.ValidateAsync(request, ct);
        if (!validation.IsValid) return WriteError.Invalid(validation.ToSnakeCaseDictionary());
        var organization = existing ?? new Organization
        {
            Id = newId ?? Guid.CreateVersion7(), Name = "", LegalForm = "", OwnerMunicipalityCode = "", Source = source,
        };
        if (await ChangeAsync(organization, request, actor, ct) is { } refused) return refused;
        if (existing is null)
        {
            StampCreated(organization);
            db.Organizations.Add(organization);
        }
        else StampUpdated(organization);
        return organization;
    }

    public async Task<WriteError?> ChangeAsync(Organization entity, OrganizationRequest request, DirectoryActor actor, CancellationToken ct)
    {
        if (actor.RefuseAssignment("owner_municipality_code", MunicipalityCode.Parse(request.OwnerMunicipalityCode).Value) is { } refused)
            return refused;
        return await ApplyAsync(request, entity, ct);
    }

    /// <summary>An organisation leaves the directory with its services.</summary>
    public void Archive(Organization entity, DateTimeOffset now)
    {
        entity.ArchivedAt = now;
        entity.UpdatedAt = now;
        foreach (var service in entity.Services.Where(s => s.ArchivedAt is null))
        {
            service.ArchivedAt = now;
            service.UpdatedAt = now;
        }
    }

    public Task<Organization> SavedAsync(Organization entity, bool changed, CancellationToken ct) => Task.FromResult(entity);

    public WriteError Duplicate(OrganizationRequest request) =>
        WriteError.Conflict($"Another organization already has corporate number {request.CorporateNumber}.");

    /// <summary>Copies a validated request onto the entity after the checks that need the database.</summary>
    private async Task<WriteError?> ApplyAsync(OrganizationRequest request, Organization organization, CancellationToken ct)
    {
        var owner = MunicipalityCode.Parse(request.OwnerMunicipalityCode).Value;
        if (!await db.Municipalities.AnyAsync(m => m.Code == owner, ct))
            return WriteError.Invalid("owner_municipality_code", $"No municipality has the code {owner}.");
        var regions = (request.SharedWithRegions ?? []).Distinct().ToList();
        // Most organisations share with no region: no query then (a national list creates tens of thousands in a row).
        var knownRegions = regions.Count == 0 ? new List<string>() : await db.Regions.Where(r => regions.Contains(r.Id)).Select(r => r.Id).ToListAsync(ct);
        var unknownRegions = regions.Except(knownRegions).ToList();
        if (unknownRegions.Count > 0)
            return WriteError.Invalid("shared_with_regions", $"No region has the id {string.Join(", ", unknownRegions)}.");
        string? corporateNumber = null;
        if (request.CorporateNumber is not null && CorporateNumber.TryParse(request.CorporateNumber, out var parsed, out _))
            corporateNumber = parsed.Value;
        organization.Name = JapaneseText.Clean(request.Name);
        organization.NameKana = NullIfEmpty(JapaneseText.Clean(request.NameKana));
        organization.LegalForm = request.LegalForm;
        organization.CorporateNumber = corporateNumber;
        organization.Description = NullIfEmpty(request.Description?.Trim());
        organization.Website = request.Website;
        organization.Email = request.Email;
        organization.Phones = (request.Phones ?? []).Select(p => new Phone(JapaneseText.Clean(p.Number), p.Description)).ToList();
        organization.PlatformMember = request.PlatformMember;
        organization.PlatformRole = request.PlatformRole;
        organization.PlatformJoinedOn = request.PlatformJoinedOn;
        organization.OwnerMunicipalityCode = owner;
        organization.SharingScope = request.SharingScope ?? SharingScopes.Public;
        organization.SharedWithRegions = regions;
        organization.ContactPerson = NullIfEmpty(request.ContactPerson?.Trim());
        organization.InternalNotes = NullIfEmpty(request.InternalNotes?.Trim());
        organization.SearchText = JapaneseText.SearchKey(organization.Name, organization.NameKana);
        return null;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
