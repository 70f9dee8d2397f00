using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ResourceMap.Infrastructure.Persistence;

/// <summary>A region's geometry is the union of its members' boundaries, computed by PostGIS.</summary>
public static class RegionGeometry
{
    public static Task RecomputeAsync(ResourceMapDbContext db, string[] regionIds, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            UPDATE regions r SET geometry = u.geometry
            FROM (SELECT rm.region_id,
                         ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(m.boundary)), 3)) AS geometry
                  FROM region_members rm JOIN municipalities m ON m.code = rm.municipality_code
                  WHERE rm.region_id = ANY(@ids)
                  GROUP BY rm.region_id) u
            WHERE r.id = u.region_id
            """, [new NpgsqlParameter("ids", regionIds)], ct);
}
