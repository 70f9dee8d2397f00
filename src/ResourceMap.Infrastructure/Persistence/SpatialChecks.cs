using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;

namespace ResourceMap.Infrastructure.Persistence;

public record MunicipalityDistance(string Code, string Name, double DistanceMetres);

/// <summary>Point-in-municipality checks, answered by PostGIS on the stored boundaries.</summary>
public class SpatialChecks(ResourceMapDbContext db)
{
    /// <summary>Distance in metres from the point to the municipality's boundary (0 inside); null if no such code.</summary>
    public async Task<MunicipalityDistance?> DistanceToMunicipalityAsync(string code, Point point, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<MunicipalityDistance>("""
            SELECT code::text AS code, coalesce(district_or_city, '') || name AS name,
                   ST_Distance(boundary::geography, @point::geography) AS distance_metres
            FROM municipalities WHERE code = @code
            """, new NpgsqlParameter("code", code), new NpgsqlParameter("point", point))
            .SingleOrDefaultAsync(ct);

    /// <summary>The municipality containing the point, else the nearest one within <paramref name="toleranceMetres"/>.</summary>
    public async Task<MunicipalityDistance?> MunicipalityAtAsync(Point point, double toleranceMetres, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<MunicipalityDistance>("""
            SELECT code::text AS code, coalesce(district_or_city, '') || name AS name,
                   ST_Distance(boundary::geography, @point::geography) AS distance_metres
            FROM municipalities
            WHERE ST_DWithin(boundary::geography, @point::geography, @tolerance)
              AND boundary && ST_Expand(@point, 0.05)
            ORDER BY ST_Distance(boundary::geography, @point::geography), code
            LIMIT 1
            """, new NpgsqlParameter("point", point), new NpgsqlParameter("tolerance", toleranceMetres))
            .SingleOrDefaultAsync(ct);
}

/// <summary>
/// Derives a service area's covered municipality codes (GIN-indexed) from its level and members, and for a drawn
/// district its geometry clipped to the municipality (GiST-indexed). Whole-municipality areas need no copy of the
/// boundaries: coverage of a place is "its municipality is covered", or "its point lies in the drawn district".
/// </summary>
public static class ServiceAreaGeometry
{
    public static Task RecomputeAsync(ResourceMapDbContext db, Guid serviceId, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            UPDATE service_areas sa SET (geometry, covered_municipality_codes) = (
                SELECT CASE
                         WHEN sa.drawn_area IS NOT NULL THEN ST_Multi(ST_CollectionExtract(
                              ST_Intersection(sa.drawn_area, ST_UnaryUnion(ST_Collect(m.boundary))), 3))
                       END,
                       coalesce(array_agg(m.code::text ORDER BY m.code) FILTER (WHERE m.code IS NOT NULL), ARRAY[]::text[])
                FROM municipalities m
                WHERE sa.level <> 'national' AND (
                      (sa.level IN ('part_of_municipality', 'municipality', 'multiple_municipalities')
                           AND m.code = ANY (sa.municipality_codes))
                   OR (sa.level = 'region'
                           AND m.code IN (SELECT rm.municipality_code FROM region_members rm WHERE rm.region_id = sa.region_id))
                   OR (sa.level = 'prefecture' AND m.prefecture_code = sa.prefecture_code)))
            WHERE sa.service_id = @id
            """, [new NpgsqlParameter("id", serviceId)], ct);
}
