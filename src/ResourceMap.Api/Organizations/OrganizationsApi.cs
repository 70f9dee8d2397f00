using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Common;
using ResourceMap.Api.Hosting;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Geography;
using ResourceMap.Domain.Text;
using ResourceMap.Infrastructure.Persistence;

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
        var writes = group.MapDirectoryWrites<Organization, OrganizationRequest, OrganizationResponse>(
            "organization", o => o.OwnerMunicipalityCode, (o, freshness) => OrganizationResponse.From(o, restricted: true, freshness));
        writes.Replace.WithName("ReplaceOrganization").WithSummary("Replace an organisation")
            .WithDescription("Send the ETag you read in If-Match; a stale one is answered 412.")
            .RequireAuthorization(AuthPolicies.Editor);
        writes.Patch.WithName("PatchOrganization").WithSummary("Change some fields of an organisation (JSON merge patch)")
            .WithDescription("RFC 7396 merge patch (application/merge-patch+json or application/json); null clears a field. Validated like PUT.")
            .RequireAuthorization(AuthPolicies.Editor);
        writes.Archive.WithName("ArchiveOrganization").WithSummary("Archive an organisation and its services")
            .WithDescription("Soft delete: the records leave lists and searches but stay readable by id, with their history.")
            .RequireAuthorization(AuthPolicies.Editor);
        writes.Verify.WithName("VerifyOrganization").WithSummary("Confirm that the organisation is unchanged")
            .WithDescription("Confirmed unchanged: records that the organisation was checked and is still correct by setting last_verified_at to now (so it is no longer stale), changing nothing else. Send the ETag you read in If-Match; a stale one is answered 412. Archived records are read-only (409).")
            .RequireAuthorization(AuthPolicies.Editor);
        return group;
    }

    private static IQueryable<Organization> WithServices(ResourceMapDbContext db) => db.Organizations.Include(o => o.Services);

    private static async Task<Results<Ok<Page<OrganizationResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] OrganizationListQuery query, HttpContext http, ResourceMapDbContext db, TaxonomyCatalog catalog, Freshness freshness,
        CancellationToken ct)
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
        var since = ChangeFeed.Parse(query.ModifiedAfter, "modified_after", errors);
        if (errors.Count > 0) return Problems.ValidationProblem(errors);

        var organizations = ChangeFeed.Filter(db.Organizations.AsNoTracking(), since).Where(viewer.ReadableOrganizations());
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
        var ordered = since is null ? organizations.OrderBy(o => o.Name).ThenBy(o => o.Id) : ChangeFeed.Order(organizations);
        var items = await ordered.Include(o => o.Services)
            .Skip((query.PageOrDefault - 1) * query.SizeOrDefault).Take(query.SizeOrDefault)
            .AsSplitQuery().ToListAsync(ct);
        return TypedResults.Ok(new Page<OrganizationResponse>(items.Select(o => Hide(OrganizationResponse.From(o, viewer.SeesRestricted(o), freshness), o, viewer)).ToList(),
            query.PageOrDefault, query.SizeOrDefault, total));
    }

    private static async Task<Results<Ok<OrganizationResponse>, ProblemHttpResult>> GetAsync(Guid id, HttpResponse response,
        ResourceMapDbContext db, Freshness freshness, CancellationToken ct)
    {
        var organization = await WithServices(db).AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        var viewer = await Viewer.ForAsync(response.HttpContext.User, db, ct);
        if (organization is null || !viewer.MayRead(organization)) return Problems.NotFoundProblem("organization", id);
        ETags.Set(response, organization.Version);
        return TypedResults.Ok(Hide(OrganizationResponse.From(organization, viewer.SeesRestricted(organization), freshness), organization, viewer));
    }

    private static async Task<Results<CreatedAtRoute<OrganizationResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        OrganizationRequest request, HttpContext http, OrganizationWriter writer, Freshness freshness, CancellationToken ct)
    {
        var result = await writer.CreateAsync(request, new DirectoryActor(http.User), ct);
        if (!result.Succeeded) return result.Error!.Problem<CreatedAtRoute<OrganizationResponse>>();
        var organization = result.Value!;
        ETags.Set(http.Response, organization.Version);
        return TypedResults.CreatedAtRoute(OrganizationResponse.From(organization, restricted: true, freshness), "GetOrganization", new { id = organization.Id });
    }

    /// <summary>Leaves out the services the caller may not read.</summary>
    private static OrganizationResponse Hide(OrganizationResponse response, Organization organization, Viewer viewer)
    {
        var readable = organization.Services.Where(viewer.MayRead).Select(s => s.Id).ToHashSet();
        return response with { Services = response.Services.Where(s => readable.Contains(s.Id)).ToList() };
    }
}
