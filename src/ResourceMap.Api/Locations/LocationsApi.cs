using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Location = ResourceMap.Domain.Directory.Location;
using ResourceMap.Api.Common;
using ResourceMap.Api.Hosting;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Geography;
using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Api.Locations;

public static class LocationsApi
{
    public static RouteGroupBuilder MapLocationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/locations").WithTags("Locations");
        group.MapGet("/", ListAsync).WithName("ListLocations").WithSummary("List sites").WithDescription("Paged; archived sites are left out.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetLocation").WithSummary("Get a site");
        group.MapPost("/", CreateAsync).WithName("CreateLocation").WithSummary("Create a site")
            .WithDescription("The point must lie in Japan, inside the stated municipality or within 2 km of its boundary; otherwise the error names both municipalities.")
            .RequireAuthorization(AuthPolicies.Editor).WithValidation<LocationRequest>();
        var writes = group.MapDirectoryWrites<Location, LocationRequest, LocationResponse>(
            "location", l => l.MunicipalityCode, LocationResponse.From);
        writes.Replace.WithName("ReplaceLocation").WithSummary("Replace a site").RequireAuthorization(AuthPolicies.Editor);
        writes.Patch.WithName("PatchLocation").WithSummary("Change some fields of a site (JSON merge patch)")
            .RequireAuthorization(AuthPolicies.Editor);
        writes.Archive.WithName("ArchiveLocation").WithSummary("Archive a site").RequireAuthorization(AuthPolicies.Editor);
        writes.Verify.WithName("VerifyLocation").WithSummary("Confirm that the site is unchanged")
            .WithDescription("Confirmed unchanged: records that the site was checked and is still correct by setting last_verified_at to now (so it is no longer stale), changing nothing else. Send the ETag you read in If-Match; a stale one is answered 412. Archived records are read-only (409).")
            .RequireAuthorization(AuthPolicies.Editor);
        return group;
    }

    private static async Task<Results<Ok<Page<LocationResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] LocationListQuery query, ResourceMapDbContext db, Freshness freshness, CancellationToken ct)
    {
        var errors = query.Validate();
        var since = ChangeFeed.Parse(query.ModifiedAfter, "modified_after", errors);
        var locations = ChangeFeed.Filter(db.Locations.AsNoTracking(), since);
        if (query.Municipality is not null)
        {
            if (MunicipalityCode.TryParse(query.Municipality, out var code, out var error))
                locations = locations.Where(l => l.MunicipalityCode == code.Value);
            else errors["municipality"] = [error!];
        }
        if (errors.Count > 0) return Problems.ValidationProblem(errors);
        var total = await locations.CountAsync(ct);
        var ordered = since is null ? locations.OrderBy(l => l.MunicipalityCode).ThenBy(l => l.Address).ThenBy(l => l.Id) : ChangeFeed.Order(locations);
        var items = await ordered
            .Skip((query.PageOrDefault - 1) * query.SizeOrDefault).Take(query.SizeOrDefault).ToListAsync(ct);
        return TypedResults.Ok(new Page<LocationResponse>(items.Select(l => LocationResponse.From(l, freshness)).ToList(),
            query.PageOrDefault, query.SizeOrDefault, total));
    }

    private static async Task<Results<Ok<LocationResponse>, ProblemHttpResult>> GetAsync(Guid id, HttpResponse response,
        ResourceMapDbContext db, Freshness freshness, CancellationToken ct)
    {
        var location = await db.Locations.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, ct);
        if (location is null) return Problems.NotFoundProblem("location", id);
        ETags.Set(response, location.Version);
        return TypedResults.Ok(LocationResponse.From(location, freshness));
    }

    private static async Task<Results<CreatedAtRoute<LocationResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        LocationRequest request, HttpContext http, LocationWriter writer, Freshness freshness, CancellationToken ct)
    {
        var result = await writer.CreateAsync(request, new DirectoryActor(http.User), ct);
        if (!result.Succeeded) return result.Error!.Problem<CreatedAtRoute<LocationResponse>>();
        var location = result.Value!;
        ETags.Set(http.Response, location.Version);
        return TypedResults.CreatedAtRoute(LocationResponse.From(location, freshness), "GetLocation", new { id = location.Id });
    }
}
