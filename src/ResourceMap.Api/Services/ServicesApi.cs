using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Common;
using ResourceMap.Domain.Text;
using ResourceMap.Api.Hosting;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Geography;
using ResourceMap.Infrastructure.Persistence;

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
        var writes = group.MapDirectoryWrites<Service, ServiceRequest, ServiceResponse>(
            "service", s => s.OwnerMunicipalityCode, (s, freshness) => ServiceResponse.From(s, restricted: true, freshness));
        writes.Replace.WithName("ReplaceService").WithSummary("Replace a service").RequireAuthorization(AuthPolicies.Editor);
        writes.Patch.WithName("PatchService").WithSummary("Change some fields of a service (JSON merge patch)")
            .RequireAuthorization(AuthPolicies.Editor);
        writes.Archive.WithName("ArchiveService").WithSummary("Archive a service").RequireAuthorization(AuthPolicies.Editor);
        writes.Verify.WithName("VerifyService").WithSummary("Confirm that the service is unchanged")
            .WithDescription("Confirmed unchanged: records that the service was checked and is still correct by setting last_verified_at to now (so it is no longer stale), changing nothing else. Send the ETag you read in If-Match; a stale one is answered 412. Archived records are read-only (409).")
            .RequireAuthorization(AuthPolicies.Editor);
        return group;
    }

    private static IQueryable<Service> Full(ResourceMapDbContext db) => db.Services
        .Include(s => s.Organization).Include(s => s.ServiceArea).Include(s => s.Locations).ThenInclude(l => l.Location)
        .AsSplitQuery();

    private static async Task<Results<Ok<Page<ServiceResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] ServiceListQuery query, HttpContext http, ResourceMapDbContext db, TaxonomyCatalog catalog, Freshness freshness,
        CancellationToken ct)
    {
        var viewer = await Viewer.ForAsync(http.User, db, ct);
        var errors = query.Validate();
        if (query.Category is not null && !catalog.Contains(Vocabularies.ServiceCategory, query.Category))
            errors["category"] = [$"'{query.Category}' is not a service_category code; use one of: {catalog.Codes(Vocabularies.ServiceCategory)}."];
        if (query.ModifiedAfter is not null && query.UpdatedSince is not null)
            errors["updated_since"] = ["Give modified_after or its older name updated_since, not both."];
        var since = ChangeFeed.Parse(query.ModifiedAfter ?? query.UpdatedSince,
            query.ModifiedAfter is null ? "updated_since" : "modified_after", errors);
        if (query.Q is not null && JapaneseText.SearchKey(query.Q).Length < 2)
            errors["q"] = ["q needs at least 2 characters."];
        var services = ChangeFeed.Filter(db.Services.AsNoTracking(), since).Where(viewer.ReadableServices());
        if (query.Municipality is not null)
        {
            if (MunicipalityCode.TryParse(query.Municipality, out var code, out var error))
                services = services.Where(s => s.Locations.Any(l => l.Location!.MunicipalityCode == code.Value));
            else errors["municipality"] = [error!];
        }
        if (errors.Count > 0) return Problems.ValidationProblem(errors);
        if (query.Category is not null) services = services.Where(s => s.Category == query.Category);
        if (query.OrganizationId is not null) services = services.Where(s => s.OrganizationId == query.OrganizationId);
        if (query.Q is not null)
        {
            var key = JapaneseText.SearchKey(query.Q);
            services = services.Where(s => s.SearchText.Contains(key));
        }
        var total = await services.CountAsync(ct);
        var ordered = since is null ? services.OrderBy(s => s.Name).ThenBy(s => s.Id) : ChangeFeed.Order(services);
        var ids = await ordered
            .Skip((query.PageOrDefault - 1) * query.SizeOrDefault).Take(query.SizeOrDefault).Select(s => s.Id).ToListAsync(ct);
        var page = await Full(db).AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(ct);
        var items = ids.Select(id => page.Single(s => s.Id == id)).Select(s => ServiceResponse.From(s, viewer.SeesRestricted(s), freshness)).ToList();
        return TypedResults.Ok(new Page<ServiceResponse>(items, query.PageOrDefault, query.SizeOrDefault, total));
    }

    private static async Task<Results<Ok<ServiceResponse>, ProblemHttpResult>> GetAsync(Guid id, HttpResponse response,
        ResourceMapDbContext db, Freshness freshness, CancellationToken ct)
    {
        var service = await Full(db).AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        var viewer = await Viewer.ForAsync(response.HttpContext.User, db, ct);
        if (service is null || !viewer.MayRead(service)) return Problems.NotFoundProblem("service", id);
        ETags.Set(response, service.Version);
        return TypedResults.Ok(ServiceResponse.From(service, viewer.SeesRestricted(service), freshness));
    }

    private static async Task<Results<CreatedAtRoute<ServiceResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ServiceRequest request, HttpContext http, ServiceWriter writer, Freshness freshness, CancellationToken ct)
    {
        var result = await writer.CreateAsync(request, new DirectoryActor(http.User), ct);
        if (!result.Succeeded) return result.Error!.Problem<CreatedAtRoute<ServiceResponse>>();
        var saved = result.Value!;
        ETags.Set(http.Response, saved.Version);
        return TypedResults.CreatedAtRoute(ServiceResponse.From(saved, restricted: true, freshness), "GetService", new { id = saved.Id });
    }
}
