using System.Globalization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using ResourceMap.Api.Common;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Geography;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Domain.Text;
using ResourceMap.Infrastructure.Persistence;
using static ResourceMap.Api.Common.DirectoryWrites;

namespace ResourceMap.Api.Services;

/// <summary>
/// Writes services for every caller: references (organisation, sites, municipalities, region), the owner (the body's,
/// or else the organisation's), the organisation's municipality, and the service area's geometry and covered
/// municipalities, derived in PostGIS after each save.
/// </summary>
public sealed class ServiceWriter(ResourceMapDbContext db, IValidator<ServiceRequest> validator)
    : IDirectoryRecordWriter<Service, ServiceRequest>
{
    public string What => "service";

    public string OwnerOf(Service entity) => entity.OwnerMunicipalityCode;

    public Task<Service?> FindAsync(Guid id, CancellationToken ct) => Full().SingleOrDefaultAsync(s => s.Id == id, ct);

    public ServiceRequest ToRequest(Service entity) => ServiceResponse.ToRequest(entity);

    /// <summary>Creates and saves a service with its derived service area, in one transaction; returns it as read back.</summary>
    public async Task<WriteResult<Service>> CreateAsync(ServiceRequest request, DirectoryActor actor, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var staged = await StageAsync(null, request, actor, ct);
        if (!staged.Succeeded) return staged;
        await SaveAsync(staged.Value!, ct);
        await transaction.CommitAsync(ct);
        return await ReloadAsync(staged.Value!.Id, ct);
    }

    /// <summary>
    /// Validates and applies the request to <paramref name="existing"/> or a new service (added), stamped; the caller
    /// then calls <see cref="SaveAsync"/>, which also derives the service area.
    /// </summary>
    public async Task<WriteResult<Service>> StageAsync(Service? existing, ServiceRequest request, DirectoryActor actor,
        CancellationToken ct, Guid? newId = null, string? source = null)
    {
        var validation = await validator.ValidateAsync(request, ct);
        if (!validation.IsValid) return WriteError.Invalid(validation.ToSnakeCaseDictionary());
        var service = existing ?? new Service { Id = newId ?? Guid.CreateVersion7(), Name = "", Category = "", OwnerMunicipalityCode = "" };
        if (source is not null) service.Source = source;
        if (await ChangeAsync(service, request, actor, ct) is { } refused) return refused;
        if (existing is null)
        {
            StampCreated(service);
            db.Services.Add(service);
        }
        else StampUpdated(service);
        return service;
    }

    /// <summary>Saves the service and derives its service area's geometry and covered municipalities.</summary>
    public async Task SaveAsync(Service service, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        await ServiceAreaGeometry.RecomputeAsync(db, service.Id, ct);
    }

    public async Task<WriteError?> ChangeAsync(Service entity, ServiceRequest request, DirectoryActor actor, CancellationToken ct)
    {
        var isNew = db.Entry(entity).State == EntityState.Detached;
        var previousOrganization = entity.OrganizationId;
        // A new or moved service names an organisation: one the caller may not read answers like a missing id
        // (an admin reads every organisation).
        var reader = (isNew || request.OrganizationId != previousOrganization) && !actor.MayWrite(null) ? await Viewer.ForAsync(actor.User, db, ct) : null;
        if (await ApplyAsync(request, entity, reader, ct) is { } invalid) return invalid;
        // The owner is the body's, or else the organisation's: either way it must be the editor's home.
        if (actor.RefuseAssignment("owner_municipality_code", entity.OwnerMunicipalityCode) is { } refused) return refused;
        // Only a move is checked, so a link an admin made between municipalities stays editable by the service's owner.
        if (isNew || entity.OrganizationId != previousOrganization) return await CheckOrganizationAsync(actor, entity.OrganizationId, ct);
        return null;
    }

    public void Archive(Service entity, DateTimeOffset now)
    {
        entity.ArchivedAt = now;
        entity.UpdatedAt = now;
    }

    public async Task<Service> SavedAsync(Service entity, bool changed, CancellationToken ct)
    {
        if (changed) await ServiceAreaGeometry.RecomputeAsync(db, entity.Id, ct);
        return await ReloadAsync(entity.Id, ct);
    }

    public WriteError Duplicate(ServiceRequest request) => WriteError.Conflict("Another service has the same id.");

    private IQueryable<Service> Full() => db.Services
        .Include(s => s.Organization).Include(s => s.ServiceArea).Include(s => s.Locations).ThenInclude(l => l.Location)
        .AsSplitQuery();

    private async Task<Service> ReloadAsync(Guid id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await Full().AsNoTracking().SingleAsync(s => s.Id == id, ct);
    }

    /// <summary>
    /// A service is listed under its organisation, so putting one under another municipality's organisation writes into
    /// that municipality's record: 403, like any assignment to another municipality. An organisation the caller may not
    /// even read answers like a missing one (400), so the refusal does not reveal that it exists.
    /// </summary>
    private async Task<WriteError?> CheckOrganizationAsync(DirectoryActor actor, Guid organizationId, CancellationToken ct)
    {
        if (actor.MayWrite(null)) return null;
        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == organizationId, ct);
        if (!(await Viewer.ForAsync(actor.User, db, ct)).MayRead(organization))
            return WriteError.Invalid("organization_id", $"No organization has id {organizationId}.");
        return actor.RefuseAssignment("the organisation's owner_municipality_code", organization.OwnerMunicipalityCode);
    }

    /// <summary>
    /// Checks references (organisation, sites, municipalities, region) and copies the request. With a
    /// <paramref name="reader"/>, an organisation that caller may not read is reported exactly like a missing id
    /// (archived or not, whoever owns it), so the answer is no existence oracle.
    /// </summary>
    private async Task<WriteError?> ApplyAsync(ServiceRequest request, Service service, Viewer? reader, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == request.OrganizationId, ct);
        if (organization is not null && reader is not null && !reader.MayRead(organization)) organization = null;
        if (organization is null) errors["organization_id"] = [$"No organization has id {request.OrganizationId}."];
        else if (organization.ArchivedAt is not null) errors["organization_id"] = ["The organization is archived."];

        var regions = (request.SharedWithRegions ?? []).Distinct().ToList();
        var unknownRegions = regions.Except(await db.Regions.Where(r => regions.Contains(r.Id)).Select(r => r.Id).ToListAsync(ct)).ToList();
        if (unknownRegions.Count > 0) errors["shared_with_regions"] = [$"No region has the id {string.Join(", ", unknownRegions)}."];

        var locationIds = (request.LocationIds ?? []).Distinct().ToList();
        var liveLocations = await db.Locations.Where(l => locationIds.Contains(l.Id) && l.ArchivedAt == null)
            .Select(l => l.Id).ToListAsync(ct);
        var missing = locationIds.Except(liveLocations).ToList();
        if (missing.Count > 0) errors["location_ids"] = [$"No live location has id {string.Join(", ", missing)}."];

        var area = request.ServiceArea;
        var areaCodes = (area.MunicipalityCodes ?? []).Select(c => MunicipalityCode.Parse(c).Value).Distinct().ToList();
        var knownCodes = await db.Municipalities.Where(m => areaCodes.Contains(m.Code)).Select(m => m.Code).ToListAsync(ct);
        if (areaCodes.Except(knownCodes).Any())
            errors["service_area.municipality_codes"] = [$"Unknown municipality codes: {string.Join(", ", areaCodes.Except(knownCodes))}."];
        if (area.RegionId is not null && !await db.Regions.AnyAsync(r => r.Id == area.RegionId, ct))
            errors["service_area.region_id"] = [$"No region has id '{area.RegionId}'."];
        if (area.PrefectureCode is not null && !await db.Municipalities.AnyAsync(m => m.PrefectureCode == area.PrefectureCode, ct))
            errors["service_area.prefecture_code"] = [$"No municipality belongs to prefecture {area.PrefectureCode}."];

        MultiPolygon? drawn = null;
        if (area.DrawnArea is not null && areaCodes.Count == 1 && knownCodes.Count == 1)
        {
            drawn = area.DrawnArea as MultiPolygon ?? new MultiPolygon([(Polygon)area.DrawnArea]);
            drawn.SRID = 4326;
            var overlaps = await db.Municipalities.AnyAsync(m => m.Code == areaCodes[0] && m.Boundary.Intersects(drawn), ct);
            if (!overlaps) errors["service_area.drawn_area"] = [$"The drawn area does not overlap municipality {areaCodes[0]}."];
        }

        // A service's owner defaults to its organisation's.
        string owner;
        if (request.OwnerMunicipalityCode is not null) owner = MunicipalityCode.Parse(request.OwnerMunicipalityCode).Value;
        else owner = organization?.OwnerMunicipalityCode ?? "";
        if (request.OwnerMunicipalityCode is not null && !await db.Municipalities.AnyAsync(m => m.Code == owner, ct))
            errors["owner_municipality_code"] = [$"No municipality has the code {owner}."];
        if (errors.Count > 0) return WriteError.Invalid(errors);

        service.OrganizationId = request.OrganizationId;
        service.Name = JapaneseText.Clean(request.Name);
        service.Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        service.Category = request.Category;
        service.TargetGroups = Distinct(request.TargetGroups);
        service.ProblemKeywords = Distinct(request.ProblemKeywords);
        service.Channels = Distinct(request.Channels);
        service.AnonymousOk = request.AnonymousOk;
        service.Hours = (request.Hours ?? [])
            .Select(h => new OpeningPeriod(h.Day, TimeOnly.Parse(h.Opens, CultureInfo.InvariantCulture), TimeOnly.Parse(h.Closes, CultureInfo.InvariantCulture)))
            .ToList();
        service.HoursNotes = request.HoursNotes;
        service.Frequency = request.Frequency;
        service.Fee = request.Fee;
        service.Languages = Distinct(request.Languages);
        service.CommissionedByMunicipality = request.CommissionedByMunicipality;
        service.CapacityNote = request.CapacityNote;
        service.AcceptsOtherMunicipalities = request.AcceptsOtherMunicipalities;
        service.OwnerMunicipalityCode = owner;
        service.SharingScope = request.SharingScope ?? SharingScopes.Public;
        service.SharedWithRegions = regions;
        service.RestrictedPhone = string.IsNullOrWhiteSpace(request.RestrictedPhone) ? null : request.RestrictedPhone.Trim();
        service.RestrictedEmail = string.IsNullOrWhiteSpace(request.RestrictedEmail) ? null : request.RestrictedEmail.Trim();
        service.CapacityDetails = string.IsNullOrWhiteSpace(request.CapacityDetails) ? null : request.CapacityDetails.Trim();
        service.SearchText = await SearchTextAsync(service, organization!, ct);

        service.Locations.RemoveAll(l => !locationIds.Contains(l.LocationId));
        foreach (var id in locationIds.Where(id => service.Locations.All(l => l.LocationId != id)))
            service.Locations.Add(new ServiceAtLocation { ServiceId = service.Id, LocationId = id });

        service.ServiceArea ??= new ServiceArea { ServiceId = service.Id, Level = area.Level };
        service.ServiceArea.Level = area.Level;
        service.ServiceArea.MunicipalityCodes = areaCodes;
        service.ServiceArea.RegionId = area.RegionId;
        service.ServiceArea.PrefectureCode = area.PrefectureCode;
        service.ServiceArea.DistrictName = area.DistrictName;
        service.ServiceArea.DrawnArea = drawn;
        return null;
    }

    /// <summary>
    /// What free-text search looks through: names, kana, description, and the Japanese labels of the category,
    /// target groups and problem keywords, so 「不登校」 finds a service tagged futoko.
    /// </summary>
    private async Task<string> SearchTextAsync(Service service, Organization organization, CancellationToken ct)
    {
        var codes = service.ProblemKeywords.Concat(service.TargetGroups).Append(service.Category).ToList();
        var labels = await db.TaxonomyTerms.AsNoTracking()
            .Where(t => (t.Vocabulary == Vocabularies.ProblemKeyword || t.Vocabulary == Vocabularies.TargetGroup
                         || t.Vocabulary == Vocabularies.ServiceCategory) && codes.Contains(t.Code))
            .Select(t => t.LabelJa).ToListAsync(ct);
        return JapaneseText.SearchKey([service.Name, organization.Name, organization.NameKana, service.Description, .. labels]);
    }

    private static List<string> Distinct(List<string>? codes) => (codes ?? []).Distinct().ToList();
}
