using System.Text;
using Npgsql;
using ResourceMap.Infrastructure.Search;

namespace ResourceMap.Infrastructure.Tiles;

/// <summary>Mapbox vector tiles rendered by PostGIS (ST_AsMVT), in Web Mercator tile coordinates.</summary>
public sealed class VectorTiles(NpgsqlDataSource dataSource)
{
    /// <summary>A Mapbox vector tile of service sites (layer "services"), honouring the search filters.</summary>
    public async Task<byte[]> ServiceTileAsync(int z, int x, int y, SearchFilters filters, int maxFeatures, CancellationToken ct)
    {
        var sql = new StringBuilder($"""
            WITH bounds AS (SELECT ST_TileEnvelope(@z, @x, @y) AS merc, ST_Transform(ST_TileEnvelope(@z, @x, @y), 4326) AS geo)
            SELECT ST_AsMVT(tile, 'services', 4096, 'geom') FROM (
                SELECT ST_AsMVTGeom(ST_Transform(l.point::geometry, 3857), bounds.merc) AS geom,
                       s.id::text AS id, s.name, s.category, s.anonymous_ok
                FROM bounds, locations l
                JOIN service_at_location sal ON sal.location_id = l.id
                JOIN services s ON s.id = sal.service_id
                WHERE l.archived_at IS NULL AND s.archived_at IS NULL AND l.point::geometry && bounds.geo
            """);
        var parameters = new List<NpgsqlParameter> { new("z", z), new("x", x), new("y", y) };
        ServiceSearch.AppendFilters(sql, parameters, filters);
        sql.Append(" LIMIT @max) tile");
        parameters.Add(new("max", maxFeatures));
        return await ReadTileAsync(sql.ToString(), parameters, ct);
    }

    /// <summary>A vector tile of municipal boundaries (layer "municipalities": code, name, prefecture).</summary>
    public Task<byte[]> MunicipalityTileAsync(int z, int x, int y, CancellationToken ct) =>
        ReadTileAsync("""
            WITH bounds AS (SELECT ST_TileEnvelope(@z, @x, @y) AS merc, ST_Transform(ST_TileEnvelope(@z, @x, @y), 4326) AS geo)
            SELECT ST_AsMVT(tile, 'municipalities', 4096, 'geom') FROM (
                SELECT ST_AsMVTGeom(ST_Transform(m.boundary, 3857), bounds.merc) AS geom,
                       m.code::text AS code, coalesce(m.district_or_city, '') || m.name AS name, m.prefecture
                FROM bounds, municipalities m
                WHERE m.boundary && bounds.geo) tile
            WHERE tile.geom IS NOT NULL
            """, [new("z", z), new("x", x), new("y", y)], ct);

    private async Task<byte[]> ReadTileAsync(string sql, List<NpgsqlParameter> parameters, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters.ToArray());
        var result = await command.ExecuteScalarAsync(ct);
        return result as byte[] ?? [];
    }
}
