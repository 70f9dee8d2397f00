using System.ComponentModel;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResourceMap.Api.Common;
using ResourceMap.Api.Hosting;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Geography;
using ResourceMap.Domain.Text;
using ResourceMap.Infrastructure.Persistence;
using static ResourceMap.Api.Common.DirectoryWrites;

namespace ResourceMap.Api.Organizations;

public static class OrganizationsApi
{
    public static RouteGroupBuilder MapOrganizationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/organizations").WithTags("Organizations");

        group.MapGet("/", ListAsync).WithName("ListOrganizations").WithSummary("List organisations")
            .WithDescription("Paged; archived organisations are left out. Filter by municipality, service category, legal form or name.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetOrganization").WithSummary("Get an organisation")
            .WithDescription("Archived organisations stay readable by id (archived: true). The ETag header carries the version for If-Match.");
        group.MapPost("/", CreateAsync).WithName("CreateOrganization").WithSummary("Create an organisation")
            .RequireAuthorization(AuthPolicies.Editor).WithValidation<OrganizationRequest>();
        group.MapPut("/{id:guid}", ReplaceAsync).WithName("ReplaceOrganization").WithSummary("Replace an organisation")
            .WithDescription("Send the ETag you read in If-Match; a stale one is answered 412.")
            .RequireAuthorization(AuthPolicies.Editor).WithValidation<OrganizationRequest>();
        group.MapPatch("/{id:guid}", PatchAsync).WithName("PatchOrganization").WithSummary("Change some fields of an organisation (JSON merge patch)")
            .WithDescription("RFC 7396 merge patch (application/merge-patch+json or application/json); null clears a field. Validated like PUT.")
            .Accepts<OrganizationRequest>(JsonMergePatch.MediaType)
            .RequireAuthorization(AuthPolicies.Editor);
        group.MapDelete("/{id:guid}", ArchiveAsync).WithName("ArchiveOrganization").WithSummary("Archive an organisation and its services")
            .WithDescription("Soft delete: the records leave lists and searches but stay readable by id, with their history.")
            .RequireAuthorization(AuthPolicies.Editor);
        group.MapPost("/{id:guid}/verify", VerifyAsync).WithName("VerifyOrganization").WithSummary("Confirm that the organisation is unchanged")
            .WithDescription("Confirmed unchanged: records that the organisation was checked and is still correct by setting last_verified_at to now (so it is no longer stale), changing nothing else. Send the ETag you read in If-Match; a stale one is answered 412. Archived records are read-only (409).")
            .RequireAuthorization(AuthPolicies.Editor);
        return group;
    }

    private static IQueryable<Organization> WithServices(ResourceMapDbContext db) => db.Organizations.Include(o => o.Services);

    private static async Task<Results<Ok<Page<OrganizationResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] OrganizationListQuery query, HttpContext http, ResourceMapDbContext db, TaxonomyCatalog catalog, CancellationToken ct)
    {
        var viewer = await Viewer.ForAsync(http.User, db, ct);
        var errors = query.Validate();
        if (query.Category is not null && !catalog.Contains(Vocabularies.ServiceCategory, query.Category))
            errors["category"] = [$"'{query.Category}' is not a service_category code; use one of: {catalog.Codes(Vocabularies.ServiceCategory)}."];
        if (query.LegalForm is not null && !catalog.Contains(Vocabularies.LegalForm, query.LegalForm))
            errors["legal_form"] = [$"'{query.LegalForm}' is not a legal_form code; use one of: {catalog.Codes(Vocabularies.LegalForm)}."];
        string? municipality = null;
        if (query.Municipality is not null)
        {
            if (MunicipalityCode.TryParse(query.Municipality, out var code, out var error)) municipality = code.Value;
            else errors["municipality"] = [error!];
        }
        if (errors.Count > 0) return Problems.ValidationProblem(errors);

        var organizations = db.Organizations.AsNoTracking().Where(o => o.ArchivedAt == null).Where(viewer.ReadableOrganizations());
        if (municipality is not null)
        {
            organizations = organizations.Where(o => o.OwnerMunicipalityCode == municipality
                || o.Services.Any(s => s.ArchivedAt == null && s.Locations.Any(l => l.Location!.MunicipalityCode == municipality)));
        }
        if (query.Category is not null)
            organizations = organizations.Where(o => o.Services.Any(s => s.ArchivedAt == null && s.Category == query.Category));
        if (query.LegalForm is not null) organizations = organizations.Where(o => o.LegalForm == query.LegalForm);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var key = JapaneseText.SearchKey(query.Q);
            organizations = organizations.Where(o => o.SearchText.Contains(key));
        }

        var total = await organizations.CountAsync(ct);
        var items = await organizations.Include(o => o.Services)
            .OrderBy(o => o.Name).ThenBy(o => o.Id)
            .Skip((query.PageOrDefault - 1) * query.SizeOrDefault).Take(query.SizeOrDefault)
            .AsSplitQuery().ToListAsync(ct);
        return TypedResults.Ok(new Page<OrganizationResponse>(items.Select(o => Hide(OrganizationResponse.From(o, viewer.SeesRestricted(o)), o, viewer)).ToList(),
            query.PageOrDefault, query.SizeOrDefault, total));
    }

    private static async Task<Results<Ok<OrganizationResponse>, ProblemHttpResult>> GetAsync(Guid id, HttpResponse response,
        ResourceMapDbContext db, CancellationToken ct)
    {
        var organization = await WithServices(db).AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        var viewer = await Viewer.ForAsync(response.HttpContext.User, db, ct);
        if (organization is null || !viewer.MayRead(organization)) return Problems.NotFoundProblem("organization", id);
        ETags.Set(response, organization.Version);
        return TypedResults.Ok(Hide(OrganizationResponse.From(organization, viewer.SeesRestricted(organization)), organization, viewer));
    }

    private static async Task<Results<CreatedAtRoute<OrganizationResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        OrganizationRequest request, HttpResponse response, ResourceMapDbContext db, CancellationToken ct)
    {
        if (Ownership.RefuseAssignment(response.HttpContext.User, "owner_municipality_code",
                MunicipalityCode.Parse(request.OwnerMunicipalityCode).Value) is { } refused) return refused;
        var organization = new Organization { Id = Guid.CreateVersion7(), Name = "", LegalForm = "", OwnerMunicipalityCode = "" };
        var problem = await ApplyAsync(request, organization, db, ct);
        if (problem is not null) return problem;
        StampCreated(organization);
        db.Organizations.Add(organization);
        return await SaveAsync(db, ct) switch
        {
            SaveOutcome.Duplicate => DuplicateCorporateNumber(request.CorporateNumber),
            _ => Created(organization, response),
        };
    }

    private static async Task<Results<Ok<OrganizationResponse>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        Guid id, OrganizationRequest request, HttpRequest httpRequest, HttpResponse response, ResourceMapDbContext db, CancellationToken ct)
    {
        var organization = await WithServices(db).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (organization is null || !Ownership.MayWrite(httpRequest.HttpContext.User, organization.OwnerMunicipalityCode))
            return Problems.NotFoundProblem("organization", id);
        return await UpdateAsync(organization, request, httpRequest, response, db, ct);
    }

    private static async Task<Results<Ok<OrganizationResponse>, ValidationProblem, ProblemHttpResult>> PatchAsync(
        Guid id, HttpRequest httpRequest, HttpResponse response, ResourceMapDbContext db, IValidator<OrganizationRequest> validator,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        var organization = await WithServices(db).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (organization is null || !Ownership.MayWrite(httpRequest.HttpContext.User, organization.OwnerMunicipalityCode))
            return Problems.NotFoundProblem("organization", id);
        var (merged, errors) = await MergeAsync(OrganizationResponse.ToRequest(organization), httpRequest, json.Value.SerializerOptions, ct);
        if (errors is not null) return Problems.ValidationProblem(errors);
        var validation = await validator.ValidateAsync(merged!, ct);
        if (!validation.IsValid) return Problems.ValidationProblem(validation.ToSnakeCaseDictionary());
        return await UpdateAsync(organization, merged!, httpRequest, response, db, ct);
    }

    private static async Task<Results<Ok<OrganizationResponse>, ProblemHttpResult>> VerifyAsync(Guid id, HttpRequest httpRequest,
        HttpResponse response, ResourceMapDbContext db, CancellationToken ct)
    {
        var organization = await WithServices(db).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (organization is null || !Ownership.MayWrite(httpRequest.HttpContext.User, organization.OwnerMunicipalityCode))
            return Problems.NotFoundProblem("organization", id);
        if (organization.ArchivedAt is not null)
            return Problems.ConflictProblem("The organization is archived; archived records are read-only.");
        if (!MatchesIfMatch(httpRequest, db, organization)) return Problems.StaleProblem("organization");
        StampVerified(organization);
        if (await SaveAsync(db, ct) == SaveOutcome.Stale) return Problems.StaleProblem("organization");
        ETags.Set(response, organization.Version);
        return TypedResults.Ok(OrganizationResponse.From(organization, restricted: true));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ArchiveAsync(Guid id, HttpRequest httpRequest,
        ResourceMapDbContext db, CancellationToken ct)
    {
        var organization = await WithServices(db).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (organization is null || !Ownership.MayWrite(httpRequest.HttpContext.User, organization.OwnerMunicipalityCode))
            return Problems.NotFoundProblem("organization", id);
        if (organization.ArchivedAt is not null) return TypedResults.NoContent();
        if (!MatchesIfMatch(httpRequest, db, organization)) return Problems.StaleProblem("organization");
        var now = DateTimeOffset.UtcNow;
        organization.ArchivedAt = now;
        organization.UpdatedAt = now;
        foreach (var service in organization.Services.Where(s => s.ArchivedAt is null))
        {
            service.ArchivedAt = now;
            service.UpdatedAt = now;
        }
        return await SaveAsync(db, ct) == SaveOutcome.Stale ? Problems.StaleProblem("organization") : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<OrganizationResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Organization organization, OrganizationRequest request, HttpRequest httpRequest, HttpResponse response,
        ResourceMapDbContext db, CancellationToken ct)
    {
        if (organization.ArchivedAt is not null)
            return Problems.ConflictProblem("The organization is archived; archived records are read-only.");
        if (!MatchesIfMatch(httpRequest, db, organization)) return Problems.StaleProblem("organization");
        if (Ownership.RefuseAssignment(httpRequest.HttpContext.User, "owner_municipality_code",
                MunicipalityCode.Parse(request.OwnerMunicipalityCode).Value) is { } refused) return refused;
        var problem = await ApplyAsync(request, organization, db, ct);
        if (problem is not null) return problem;
        StampUpdated(organization);
        switch (await SaveAsync(db, ct))
        {
            case SaveOutcome.Stale: return Problems.StaleProblem("organization");
            case SaveOutcome.Duplicate: return DuplicateCorporateNumber(request.CorporateNumber);
        }
        ETags.Set(response, organization.Version);
        return TypedResults.Ok(OrganizationResponse.From(organization, restricted: true));
    }

    /// <summary>Copies a validated request onto the entity after the checks that need the database.</summary>
    internal static async Task<ValidationProblem?> ApplyAsync(OrganizationRequest request, Organization organization,
        ResourceMapDbContext db, CancellationToken ct)
    {
        var owner = MunicipalityCode.Parse(request.OwnerMunicipalityCode).Value;
        if (!await db.Municipalities.AnyAsync(m => m.Code == owner, ct))
            return Problems.ValidationProblem("owner_municipality_code", $"No municipality has the code {owner}.");
        var regions = (request.SharedWithRegions ?? []).Distinct().ToList();
        var unknownRegions = regions.Except(await db.Regions.Where(r => regions.Contains(r.Id)).Select(r => r.Id).ToListAsync(ct)).ToList();
        if (unknownRegions.Count > 0)
            return Problems.ValidationProblem("shared_with_regions", $"No region has the id {string.Join(", ", unknownRegions)}.");
        string? corporateNumber = null;
        if (request.CorporateNumber is not null)
        {
            if (CorporateNumber.TryParse(request.CorporateNumber, out var parsed, out _)) corporateNumber = parsed.Value;
        }
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

    /// <summary>Leaves out the services the caller may not read.</summary>
    private static OrganizationResponse Hide(OrganizationResponse response, Organization organization, Viewer viewer)
    {
        var readable = organization.Services.Where(viewer.MayRead).Select(s => s.Id).ToHashSet();
        return response with { Services = response.Services.Where(s => readable.Contains(s.Id)).ToList() };
    }

    private static CreatedAtRoute<OrganizationResponse> Created(Organization organization, HttpResponse response)
    {
        ETags.Set(response, organization.Version);
        return TypedResults.CreatedAtRoute(OrganizationResponse.From(organization, restricted: true), "GetOrganization", new { id = organization.Id });
    }

    private static ProblemHttpResult DuplicateCorporateNumber(string? number) =>
        Problems.ConflictProblem($"Another organization already has corporate number {number}.");

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
