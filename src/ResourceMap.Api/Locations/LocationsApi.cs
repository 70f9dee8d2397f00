using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Point = NetTopologySuite.Geometries.Point;
using Location = ResourceMap.Domain.Directory.Location;
using ResourceMap.Api.Common;
using ResourceMap.Api.Hosting;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Geography;
using ResourceMap.Domain.Text;
using ResourceMap.Infrastructure.Persistence;
using static ResourceMap.Api.Common.DirectoryWrites;

namespace ResourceMap.Api.Locations;

public static class LocationsApi
{
    /// <summary>How far outside its stated municipality a point may lie (simplified boundaries, coastal sites).</summary>
    public const double BoundaryToleranceMetres = 2000;

    public static RouteGroupBuilder MapLocationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/locations").WithTags("Locations");
        group.MapGet("/", ListAsync).WithName("ListLocations").WithSummary("List sites").WithDescription("Paged; archived sites are left out.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetLocation").WithSummary("Get a site");
        group.MapPost("/", CreateAsync).WithName("CreateLocation").WithSummary("Create a site")
            .WithDescription("The point must lie in Japan, inside the stated municipality or within 2 km of its boundary; otherwise the error names both municipalities.")
            .RequireAuthorization(AuthPolicies.Editor).WithValidation<LocationRequest>();
        group.MapPut("/{id:guid}", ReplaceAsync).WithName("ReplaceLocation").WithSummary("Replace a site")
            .RequireAuthorization(AuthPolicies.Editor).WithValidation<LocationRequest>();
        group.MapPatch("/{id:guid}", PatchAsync).WithName("PatchLocation").WithSummary("Change some fields of a site (JSON merge patch)")
            .Accepts<LocationRequest>(JsonMergePatch.MediaType)
            .RequireAuthorization(AuthPolicies.Editor);
        group.MapDelete("/{id:guid}", ArchiveAsync).WithName("ArchiveLocation").WithSummary("Archive a site")
            .RequireAuthorization(AuthPolicies.Editor);
        group.MapPost("/{id:guid}/verify", VerifyAsync).WithName("VerifyLocation").WithSummary("Confirm that the site is unchanged")
            .WithDescription("Confirmed unchanged: records that the site was checked and is still correct by setting last_verified_at to now (so it is no longer stale), changing nothing else. Send the ETag you read in If-Match; a stale one is answered 412. Archived records are read-only (409).")
            .RequireAuthorization(AuthPolicies.Editor);
        return group;
    }

    private static async Task<Results<Ok<Page<LocationResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] LocationListQuery query, ResourceMapDbContext db, CancellationToken ct)
    {
        var errors = query.Validate();
        var locations = db.Locations.AsNoTracking().Where(l => l.ArchivedAt == null);
        if (query.Municipality is not null)
        {
            if (MunicipalityCode.TryParse(query.Municipality, out var code, out var error))
                locations = locations.Where(l => l.MunicipalityCode == code.Value);
            else errors["municipality"] = [error!];
        }
        if (errors.Count > 0) return Problems.ValidationProblem(errors);
        var total = await locations.CountAsync(ct);
        var items = await locations.OrderBy(l => l.MunicipalityCode).ThenBy(l => l.Address).ThenBy(l => l.Id)
            .Skip((query.PageOrDefault - 1) * query.SizeOrDefault).Take(query.SizeOrDefault).ToListAsync(ct);
        return TypedResults.Ok(new Page<LocationResponse>(items.Select(LocationResponse.From).ToList(),
            query.PageOrDefault, query.SizeOrDefault, total));
    }

    private static async Task<Results<Ok<LocationResponse>, ProblemHttpResult>> GetAsync(Guid id, HttpResponse response,
        ResourceMapDbContext db, CancellationToken ct)
    {
        var location = await db.Locations.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, ct);
        if (location is null) return Problems.NotFoundProblem("location", id);
        ETags.Set(response, location.Version);
        return TypedResults.Ok(LocationResponse.From(location));
    }

    private static async Task<Results<CreatedAtRoute<LocationResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        LocationRequest request, HttpResponse response, ResourceMapDbContext db, CancellationToken ct)
    {
        var location = new Location { Id = Guid.CreateVersion7(), Address = "", MunicipalityCode = "", Point = Point.Empty, Precision = "" };
        var problem = await ApplyAsync(request, location, db, ct);
        if (problem is not null) return problem;
        // A site belongs to the municipality it lies in: editors place sites only in their own.
        if (Ownership.RefuseAssignment(response.HttpContext.User, "municipality_code", location.MunicipalityCode) is { } refused)
            return refused;
        StampCreated(location);
        db.Locations.Add(location);
        await db.SaveChangesAsync(ct);
        ETags.Set(response, location.Version);
        return TypedResults.CreatedAtRoute(LocationResponse.From(location), "GetLocation", new { id = location.Id });
    }

    private static async Task<Results<Ok<LocationResponse>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        Guid id, LocationRequest request, HttpRequest httpRequest, HttpResponse response, ResourceMapDbContext db, CancellationToken ct)
    {
        var location = await db.Locations.SingleOrDefaultAsync(l => l.Id == id, ct);
        if (location is null || !Ownership.MayWrite(httpRequest.HttpContext.User, location.MunicipalityCode))
            return Problems.NotFoundProblem("location", id);
        return await UpdateAsync(location, request, httpRequest, response, db, ct);
    }

    private static async Task<Results<Ok<LocationResponse>, ValidationProblem, ProblemHttpResult>> PatchAsync(
        Guid id, HttpRequest httpRequest, HttpResponse response, ResourceMapDbContext db, IValidator<LocationRequest> validator,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        var location = await db.Locations.SingleOrDefaultAsync(l => l.Id == id, ct);
        if (location is null || !Ownership.MayWrite(httpRequest.HttpContext.User, location.MunicipalityCode))
            return Problems.NotFoundProblem("location", id);
        var (merged, errors) = await MergeAsync(LocationResponse.ToRequest(location), httpRequest, json.Value.SerializerOptions, ct);
        if (errors is not null) return Problems.ValidationProblem(errors);
        var validation = await validator.ValidateAsync(merged!, ct);
        if (!validation.IsValid) return Problems.ValidationProblem(validation.ToSnakeCaseDictionary());
        return await UpdateAsync(location, merged!, httpRequest, response, db, ct);
    }

    private static async Task<Results<Ok<LocationResponse>, ProblemHttpResult>> VerifyAsync(Guid id, HttpRequest httpRequest,
        HttpResponse response, ResourceMapDbContext db, CancellationToken ct)
    {
        var location = await db.Locations.SingleOrDefaultAsync(l => l.Id == id, ct);
        if (location is null || !Ownership.MayWrite(httpRequest.HttpContext.User, location.MunicipalityCode))
            return Problems.NotFoundProblem("location", id);
        if (location.ArchivedAt is not null) return Problems.ConflictProblem("The location is archived; archived records are read-only.");
        if (!MatchesIfMatch(httpRequest, db, location)) return Problems.StaleProblem("location");
        StampVerified(location);
        if (await SaveAsync(db, ct) == SaveOutcome.Stale) return Problems.StaleProblem("location");
        ETags.Set(response, location.Version);
        return TypedResults.Ok(LocationResponse.From(location));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ArchiveAsync(Guid id, HttpRequest httpRequest,
        ResourceMapDbContext db, CancellationToken ct)
    {
        var location = await db.Locations.SingleOrDefaultAsync(l => l.Id == id, ct);
        if (location is null || !Ownership.MayWrite(httpRequest.HttpContext.User, location.MunicipalityCode))
            return Problems.NotFoundProblem("location", id);
        if (location.ArchivedAt is not null) return TypedResults.NoContent();
        if (!MatchesIfMatch(httpRequest, db, location)) return Problems.StaleProblem("location");
        location.ArchivedAt = DateTimeOffset.UtcNow;
        location.UpdatedAt = location.ArchivedAt.Value;
        return await SaveAsync(db, ct) == SaveOutcome.Stale ? Problems.StaleProblem("location") : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<LocationResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Location location, LocationRequest request, HttpRequest httpRequest, HttpResponse response, ResourceMapDbContext db,
        CancellationToken ct)
    {
        if (location.ArchivedAt is not null) return Problems.ConflictProblem("The location is archived; archived records are read-only.");
        if (!MatchesIfMatch(httpRequest, db, location)) return Problems.StaleProblem("location");
        var problem = await ApplyAsync(request, location, db, ct);
        if (problem is not null) return problem;
        if (Ownership.RefuseAssignment(httpRequest.HttpContext.User, "municipality_code", location.MunicipalityCode) is { } refused)
            return refused;
        StampUpdated(location);
        if (await SaveAsync(db, ct) == SaveOutcome.Stale) return Problems.StaleProblem("location");
        ETags.Set(response, location.Version);
        return TypedResults.Ok(LocationResponse.From(location));
    }

    /// <summary>Checks the point against the municipal boundaries in PostGIS, then copies the request.</summary>
    internal static async Task<ValidationProblem?> ApplyAsync(LocationRequest request, Location location,
        ResourceMapDbContext db, CancellationToken ct)
    {
        var point = new Point(request.Lng, request.Lat) { SRID = 4326 };
        var checks = new SpatialChecks(db);
        var actual = await checks.MunicipalityAtAsync(point, BoundaryToleranceMetres, ct);
        string municipalityCode;
        if (request.MunicipalityCode is null)
        {
            if (actual is null) return OutsideJapan(request);
            municipalityCode = actual.Code;
        }
        else
        {
            municipalityCode = MunicipalityCode.Parse(request.MunicipalityCode).Value;
            var stated = await checks.DistanceToMunicipalityAsync(municipalityCode, point, ct);
            if (stated is null)
                return Problems.ValidationProblem("municipality_code", $"No municipality has the code {municipalityCode}.");
            if (actual is null) return OutsideJapan(request);
            if (stated.DistanceMetres > BoundaryToleranceMetres)
            {
                return Problems.ValidationProblem("municipality_code",
                    $"The point ({request.Lat}, {request.Lng}) lies {stated.DistanceMetres / 1000:F1} km outside {stated.Name} ({stated.Code}), " +
                    $"more than the {BoundaryToleranceMetres / 1000:F0} km allowed; it is in {actual.Name} ({actual.Code}).");
            }
        }
        location.Name = string.IsNullOrWhiteSpace(request.Name) ? null : JapaneseText.Clean(request.Name);
        location.Address = JapaneseText.Clean(request.Address);
        location.PostalCode = request.PostalCode is null ? null : JapaneseText.Clean(request.PostalCode);
        location.MunicipalityCode = municipalityCode;
        location.Point = point;
        location.Precision = request.Precision;
        return null;
    }

    private static ValidationProblem OutsideJapan(LocationRequest request) =>
        Problems.ValidationProblem(new Dictionary<string, string[]>
        {
            ["lat"] = [$"The point ({request.Lat}, {request.Lng}) is outside Japan: it is not within 2 km of any municipality."],
            ["lng"] = [$"The point ({request.Lat}, {request.Lng}) is outside Japan: it is not within 2 km of any municipality."],
        });
}
