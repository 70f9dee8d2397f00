using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;
using ResourceMap.Api.Common;
using ResourceMap.Api.Hosting;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Geography;
using ResourceMap.Domain.Text;
using ResourceMap.Infrastructure.Persistence;
using static ResourceMap.Api.Common.DirectoryWrites;

namespace ResourceMap.Api.Services;

public static class ServicesApi
{
    public static RouteGroupBuilder MapServicesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/services").WithTags("Services");
        group.MapGet("/", ListAsync).WithName("ListServices").WithSummary("List services")
            .WithDescription("Paged; archived services are left out. Filter by the municipality of their sites, category or organisation.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetService").WithSummary("Get a service with its sites and service area");
        group.MapPost("/", CreateAsync).WithName("CreateService").WithSummary("Create a service")
            .WithDescription("The service area's geometry and covered municipalities are derived in PostGIS from its level and members.")
            .RequireAuthorization(AuthPolicies.Editor).WithValidation<ServiceRequest>();
        group.MapPut("/{id:guid}", ReplaceAsync).WithName("ReplaceService").WithSummary("Replace a service")
            .RequireAuthorization(AuthPolicies.Editor).WithValidation<ServiceRequest>();
        group.MapPatch("/{id:guid}", PatchAsync).WithName("PatchService").WithSummary("Change some fields of a service (JSON merge patch)")
            .Accepts<ServiceRequest>(JsonMergePatch.MediaType)
            .RequireAuthorization(AuthPolicies.Editor);
        group.MapDelete("/{id:guid}", ArchiveAsync).WithName("ArchiveService").WithSummary("Archive a service")
            .RequireAuthorization(AuthPolicies.Editor);
        group.MapPost("/{id:guid}/verify", VerifyAsync).WithName("VerifyService").WithSummary("Confirm that the service is unchanged")
            .WithDescription("Confirmed unchanged: records that the service was checked and is still correct by setting last_verified_at to now (so it is no longer stale), changing nothing else. Send the ETag you read in If-Match; a stale one is answered 412. Archived records are read-only (409).")
            .RequireAuthorization(AuthPolicies.Editor);
        return group;
    }

    private static IQueryable<Service> Full(ResourceMapDbContext db) => db.Services
        .Include(s => s.Organization).Include(s => s.ServiceArea).Include(s => s.Locations).ThenInclude(l => l.Location)
        .AsSplitQuery();

    private static async Task<Results<Ok<Page<ServiceResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] ServiceListQuery query, HttpContext http, ResourceMapDbContext db, TaxonomyCatalog catalog, CancellationToken ct)
    {
        var viewer = await Viewer.ForAsync(http.User, db, ct);
        var errors = query.Validate();
        if (query.Category is not null && !catalog.Contains(Vocabularies.ServiceCategory, query.Category))
            errors["category"] = [$"'{query.Category}' is not a service_category code; use one of: {catalog.Codes(Vocabularies.ServiceCategory)}."];
        var services = db.Services.AsNoTracking().Where(s => s.ArchivedAt == null).Where(viewer.ReadableServices());
        if (query.Municipality is not null)
        {
            if (MunicipalityCode.TryParse(query.Municipality, out var code, out var error))
                services = services.Where(s => s.Locations.Any(l => l.Location!.MunicipalityCode == code.Value));
            else errors["municipality"] = [error!];
        }
        if (errors.Count > 0) return Problems.ValidationProblem(errors);
        if (query.Category is not null) services = services.Where(s => s.Category == query.Category);
        if (query.OrganizationId is not null) services = services.Where(s => s.OrganizationId == query.OrganizationId);
        var total = await services.CountAsync(ct);
        var ids = await services.OrderBy(s => s.Name).ThenBy(s => s.Id)
            .Skip((query.PageOrDefault - 1) * query.SizeOrDefault).Take(query.SizeOrDefault).Select(s => s.Id).ToListAsync(ct);
        var page = await Full(db).AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(ct);
        var items = ids.Select(id => page.Single(s => s.Id == id)).Select(s => ServiceResponse.From(s, viewer.SeesRestricted(s))).ToList();
        return TypedResults.Ok(new Page<ServiceResponse>(items, query.PageOrDefault, query.SizeOrDefault, total));
    }

    private static async Task<Results<Ok<ServiceResponse>, ProblemHttpResult>> GetAsync(Guid id, HttpResponse response,
        ResourceMapDbContext db, CancellationToken ct)
    {
        var service = await Full(db).AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        var viewer = await Viewer.ForAsync(response.HttpContext.User, db, ct);
        if (service is null || !viewer.MayRead(service)) return Problems.NotFoundProblem("service", id);
        ETags.Set(response, service.Version);
        return TypedResults.Ok(ServiceResponse.From(service, viewer.SeesRestricted(service)));
    }

    private static async Task<Results<CreatedAtRoute<ServiceResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ServiceRequest request, HttpResponse response, ResourceMapDbContext db, CancellationToken ct)
    {
        var service = NewService(Guid.CreateVersion7());
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var problem = await ApplyAsync(request, service, db, ct, await Viewer.ForAsync(response.HttpContext.User, db, ct));
        if (problem is not null) return problem;
        // The owner is the body's, or else the organisation's: either way it must be the editor's home.
        if (Ownership.RefuseAssignment(response.HttpContext.User, "owner_municipality_code", service.OwnerMunicipalityCode) is { } refused)
            return refused;
        var (hiddenOrganization, foreignOrganization) = await CheckOrganizationAsync(response.HttpContext, service.OrganizationId, db, ct);
        if (hiddenOrganization is not null) return hiddenOrganization;
        if (foreignOrganization is not null) return foreignOrganization;
        StampCreated(service);
        db.Services.Add(service);
        await db.SaveChangesAsync(ct);
        await ServiceAreaGeometry.RecomputeAsync(db, service.Id, ct);
        await tx.CommitAsync(ct);
        var saved = await ReloadAsync(db, service.Id, ct);
        ETags.Set(response, saved.Version);
        return TypedResults.CreatedAtRoute(ServiceResponse.From(saved, restricted: true), "GetService", new { id = service.Id });
    }

    private static async Task<Results<Ok<ServiceResponse>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        Guid id, ServiceRequest request, HttpRequest httpRequest, HttpResponse response, ResourceMapDbContext db, CancellationToken ct)
    {
        var service = await Full(db).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (service is null || !Ownership.MayWrite(httpRequest.HttpContext.User, service.OwnerMunicipalityCode))
            return Problems.NotFoundProblem("service", id);
        return await UpdateAsync(service, request, httpRequest, response, db, ct);
    }

    private static async Task<Results<Ok<ServiceResponse>, ValidationProblem, ProblemHttpResult>> PatchAsync(
        Guid id, HttpRequest httpRequest, HttpResponse response, ResourceMapDbContext db, IValidator<ServiceRequest> validator,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        var service = await Full(db).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (service is null || !Ownership.MayWrite(httpRequest.HttpContext.User, service.OwnerMunicipalityCode))
            return Problems.NotFoundProblem("service", id);
        var (merged, errors) = await MergeAsync(ServiceResponse.ToRequest(service), httpRequest, json.Value.SerializerOptions, ct);
        if (errors is not null) return Problems.ValidationProblem(errors);
        var validation = await validator.ValidateAsync(merged!, ct);
        if (!validation.IsValid) return Problems.ValidationProblem(validation.ToSnakeCaseDictionary());
        return await UpdateAsync(service, merged!, httpRequest, response, db, ct);
    }

    private static async Task<Results<Ok<ServiceResponse>, ProblemHttpResult>> VerifyAsync(Guid id, HttpRequest httpRequest,
        HttpResponse response, ResourceMapDbContext db, CancellationToken ct)
    {
        var service = await db.Services.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (service is null || !Ownership.MayWrite(httpRequest.HttpContext.User, service.OwnerMunicipalityCode))
            return Problems.NotFoundProblem("service", id);
        if (service.ArchivedAt is not null) return Problems.ConflictProblem("The service is archived; archived records are read-only.");
        if (!MatchesIfMatch(httpRequest, db, service)) return Problems.StaleProblem("service");
        StampVerified(service);
        if (await SaveAsync(db, ct) == SaveOutcome.Stale) return Problems.StaleProblem("service");
        var saved = await ReloadAsync(db, service.Id, ct);
        ETags.Set(response, saved.Version);
        return TypedResults.Ok(ServiceResponse.From(saved, restricted: true));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ArchiveAsync(Guid id, HttpRequest httpRequest,
        ResourceMapDbContext db, CancellationToken ct)
    {
        var service = await db.Services.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (service is null || !Ownership.MayWrite(httpRequest.HttpContext.User, service.OwnerMunicipalityCode))
            return Problems.NotFoundProblem("service", id);
        if (service.ArchivedAt is not null) return TypedResults.NoContent();
        if (!MatchesIfMatch(httpRequest, db, service)) return Problems.StaleProblem("service");
        service.ArchivedAt = DateTimeOffset.UtcNow;
        service.UpdatedAt = service.ArchivedAt.Value;
        return await SaveAsync(db, ct) == SaveOutcome.Stale ? Problems.StaleProblem("service") : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ServiceResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Service service, ServiceRequest request, HttpRequest httpRequest, HttpResponse response, ResourceMapDbContext db,
        CancellationToken ct)
    {
        if (service.ArchivedAt is not null) return Problems.ConflictProblem("The service is archived; archived records are read-only.");
        if (!MatchesIfMatch(httpRequest, db, service)) return Problems.StaleProblem("service");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var previousOrganization = service.OrganizationId;
        // Moving the service under another organisation: one the caller may not read answers like a missing id.
        var reader = request.OrganizationId == previousOrganization ? null : await Viewer.ForAsync(httpRequest.HttpContext.User, db, ct);
        var problem = await ApplyAsync(request, service, db, ct, reader);
        if (problem is not null) return problem;
        if (Ownership.RefuseAssignment(httpRequest.HttpContext.User, "owner_municipality_code", service.OwnerMunicipalityCode) is { } refused)
            return refused;
        // Only a move is checked, so a link an admin made between municipalities stays editable by the service's owner.
        if (service.OrganizationId != previousOrganization)
        {
            var (hiddenOrganization, foreignOrganization) = await CheckOrganizationAsync(httpRequest.HttpContext, service.OrganizationId, db, ct);
            if (hiddenOrganization is not null) return hiddenOrganization;
            if (foreignOrganization is not null) return foreignOrganization;
        }
        StampUpdated(service);
        if (await SaveAsync(db, ct) == SaveOutcome.Stale) return Problems.StaleProblem("service");
        await ServiceAreaGeometry.RecomputeAsync(db, service.Id, ct);
        await tx.CommitAsync(ct);
        var saved = await ReloadAsync(db, service.Id, ct);
        ETags.Set(response, saved.Version);
        return TypedResults.Ok(ServiceResponse.From(saved, restricted: true));
    }

    /// <summary>
    /// A service is listed under its organisation, so putting one under another municipality's organisation writes into
    /// that municipality's record: 403, like any assignment to another municipality. An organisation the caller may not
    /// even read answers like a missing one (400), so the refusal does not reveal that it exists.
    /// </summary>
    private static async Task<(ValidationProblem? Hidden, ProblemHttpResult? Refused)> CheckOrganizationAsync(HttpContext http,
        Guid organizationId, ResourceMapDbContext db, CancellationToken ct)
    {
        if (Ownership.MayWrite(http.User, null)) return (null, null);
        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == organizationId, ct);
        if (!(await Viewer.ForAsync(http.User, db, ct)).MayRead(organization))
            return (Problems.ValidationProblem("organization_id", $"No organization has id {organizationId}."), null);
        return (null, Ownership.RefuseAssignment(http.User, "the organisation's owner_municipality_code", organization.OwnerMunicipalityCode));
    }

    internal static Service NewService(Guid id) =>
        new() { Id = id, Name = "", Category = "", OwnerMunicipalityCode = "" };

    private static async Task<Service> ReloadAsync(ResourceMapDbContext db, Guid id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await Full(db).AsNoTracking().SingleAsync(s => s.Id == id, ct);
    }

    /// <summary>
    /// Checks references (organisation, sites, municipalities, region) and copies the request. With a
    /// <paramref name="reader"/>, an organisation that caller may not read is reported exactly like a missing id
    /// (archived or not, whoever owns it), so the answer is no existence oracle.
    /// </summary>
    internal static async Task<ValidationProblem?> ApplyAsync(ServiceRequest request, Service service,
        ResourceMapDbContext db, CancellationToken ct, Viewer? reader = null)
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

        string owner;
        if (request.OwnerMunicipalityCode is not null) owner = MunicipalityCode.Parse(request.OwnerMunicipalityCode).Value;
        else owner = organization?.OwnerMunicipalityCode ?? "";
        if (request.OwnerMunicipalityCode is not null && !await db.Municipalities.AnyAsync(m => m.Code == owner, ct))
            errors["owner_municipality_code"] = [$"No municipality has the code {owner}."];
        if (errors.Count > 0) return Problems.ValidationProblem(errors);

        service.OrganizationId = request.OrganizationId;
        service.Name = JapaneseText.Clean(request.Name);
        service.Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        service.Category = request.Category;
        service.TargetGroups = Distinct(request.TargetGroups);
        service.ProblemKeywords = Distinct(request.ProblemKeywords);
        service.Channels = Distinct(request.Channels);
        service.AnonymousOk = request.AnonymousOk;
        service.Hours = (request.Hours ?? []).Select(h => new OpeningPeriod(h.Day, TimeOnly.Parse(h.Opens, CultureInfo.InvariantCulture), TimeOnly.Parse(h.Closes, CultureInfo.InvariantCulture))).ToList();
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
        service.SearchText = await SearchTextAsync(db, service, organization!, ct);

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
    private static async Task<string> SearchTextAsync(ResourceMapDbContext db, Service service, Organization organization, CancellationToken ct)
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
