using FluentValidation;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Common;
using ResourceMap.Domain.Text;
using ResourceMap.Infrastructure.Persistence;
using static ResourceMap.Api.Common.DirectoryWrites;
using Location = ResourceMap.Domain.Directory.Location;
using MunicipalityCode = ResourceMap.Domain.Geography.MunicipalityCode;
using Point = NetTopologySuite.Geometries.Point;

namespace ResourceMap.Api.Locations;

/// <summary>
/// Writes sites for every caller: a site belongs to the municipality it lies in, checked against the municipal
/// boundaries in PostGIS, so editors place sites only in their own municipality.
/// </summary>
public sealed class LocationWriter(ResourceMapDbContext db, IValidator<LocationRequest> validator)
    : IDirectoryRecordWriter<Location, LocationRequest>
{
    /// <summary>How far outside its stated municipality a point may lie (simplified boundaries, coastal sites).</summary>
    public const double BoundaryToleranceMetres = 2000;

    public string What => "location";

    public string OwnerOf(Location entity) => entity.MunicipalityCode;

    public Task<Location?> FindAsync(Guid id, CancellationToken ct) => db.Locations.SingleOrDefaultAsync(l => l.Id == id, ct);

    public LocationRequest ToRequest(Location entity) => LocationResponse.ToRequest(entity);

    /// <summary>Creates and saves a site.</summary>
    public async Task<WriteResult<Location>> CreateAsync(LocationRequest request, DirectoryActor actor, CancellationToken ct)
    {
        var staged = await StageAsync(null, request, actor, ct);
        if (!staged.Succeeded) return staged;
        await db.SaveChangesAsync(ct);
        return staged;
    }

    /// <summary>Validates and applies the request to <paramref name="existing"/> or a new site (added); the caller saves.</summary>
    public async Task<WriteResult<Location>> StageAsync(Location? existing, LocationRequest request, DirectoryActor actor,
        CancellationToken ct, Guid? newId = null)
    {
        var validation = await validator.ValidateAsync(request, ct);
        if (!validation.IsValid) return WriteError.Invalid(validation.ToSnakeCaseDictionary());
        var location = existing ?? new Location
        {
            Id = newId ?? Guid.CreateVersion7(), Address = "", MunicipalityCode = "", Point = Point.Empty, Precision = "",
        };
        if (await ChangeAsync(location, request, actor, ct) is { } refused) return refused;
        if (existing is null)
        {
            StampCreated(location);
            db.Locations.Add(location);
        }
        else StampUpdated(location);
        return location;
    }

    public async Task<WriteError?> ChangeAsync(Location entity, LocationRequest request, DirectoryActor actor, CancellationToken ct)
    {
        if (await ApplyAsync(request, entity, ct) is { } invalid) return invalid;
        // A site belongs to the municipality it lies in: editors place sites only in their own.
        return actor.RefuseAssignment("municipality_code", entity.MunicipalityCode);
    }

    public void Archive(Location entity, DateTimeOffset now)
    {
        entity.ArchivedAt = now;
        entity.UpdatedAt = now;
    }

    public Task<Location> SavedAsync(Location entity, bool changed, CancellationToken ct) => Task.FromResult(entity);

    public WriteError Duplicate(LocationRequest request) => WriteError.Conflict("Another location has the same id.");

    /// <summary>Checks the point against the municipal boundaries in PostGIS, then copies the request.</summary>
    private async Task<WriteError?> ApplyAsync(LocationRequest request, Location location, CancellationToken ct)
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
                return WriteError.Invalid("municipality_code", $"No municipality has the code {municipalityCode}.");
            if (actual is null) return OutsideJapan(request);
            if (stated.DistanceMetres > BoundaryToleranceMetres)
            {
                return WriteError.Invalid("municipality_code",
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

    private static WriteError OutsideJapan(LocationRequest request) =>
        WriteError.Invalid(new Dictionary<string, string[]>
        {
            ["lat"] = [$"The point ({request.Lat}, {request.Lng}) is outside Japan: it is not within 2 km of any municipality."],
            ["lng"] = [$"The point ({request.Lat}, {request.Lng}) is outside Japan: it is not within 2 km of any municipality."],
        });
}
