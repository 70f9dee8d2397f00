using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;
using ResourceMap.Infrastructure.Sharing;

namespace ResourceMap.Infrastructure.Search;

/// <summary>
/// Nearest first from an anchor, exactly: walk the read model in planar order through its geometry GiST index (KNN,
/// about a millisecond at a million rows, where geography KNN costs twenty) until a page of matching rows is found,
/// and take the largest exact sphere distance among them as the reach; every row that can be on the page lies within
/// that reach, so the answer is the rows within it (a geometry box, then the exact distance), sorted by
/// (distance, service id, site id). When the walk ends before a page is full, it already holds every match.
/// An area that is a circle around the anchor holds everything within the reach (the reach is the distance of a row
/// inside it): then the second pass does not test the area again (<paramref name="areaHoldsTheReach"/>), which was a
/// sixth of the database's work for a nearby search.
/// </summary>
internal static class NearestFirst
{
    public static string Render(string area, bool areaHoldsTheReach, SearchFilters filters, SearchCursor? after, int limit,
        List<NpgsqlParameter> parameters, string extraColumns = "")
    {
        var conditions = new StringBuilder();
        SearchSql.AppendFilters(conditions, parameters, filters, "r", SharingRule.SearchRowSql(filters.Viewer, "r"));
        if (after is not null)
        {
            conditions.Append(CultureInfo.InvariantCulture, $" AND ({SearchSql.RowDistance}, r.service_id, r.location_id) > (@after_distance, @after_service, @after_location)");
            parameters.AddRange([new("after_distance", after.Distance ?? 0), new("after_service", after.ServiceId),
                new("after_location", after.LocationId ?? Guid.Empty)]);
        }
        var areaInReach = areaHoldsTheReach ? "" : $" AND {area}";
        parameters.Add(new("limit", limit + 1));
        return $"""
            WITH walk AS MATERIALIZED (
                SELECT r.service_id, r.location_id, {SearchSql.RowDistance} AS d
                FROM service_search_rows r
                WHERE {area}{conditions}
                ORDER BY r.geom <-> {SearchSql.AnchorGeometry}
                LIMIT @limit),
            reach AS (SELECT count(*) = @limit AS cut, max(d) AS d FROM walk),
            candidates AS (
                SELECT service_id, location_id, d FROM walk WHERE NOT (SELECT cut FROM reach)
                UNION ALL
                SELECT r.service_id, r.location_id, {SearchSql.RowDistance} AS d
                FROM reach, service_search_rows r
                WHERE reach.cut AND r.geom && {SearchSql.SphereBox("reach.d")} AND {SearchSql.RowDistance} <= reach.d
                 {areaInReach}{conditions}),
            page AS (SELECT * FROM candidates ORDER BY d, service_id, location_id LIMIT @limit)
            {SearchSql.HitsOf("page", extraColumns)}
            ORDER BY p.d, p.service_id, p.location_id
            """;
    }
}

/// <summary>Each service at each site within the radius, nearest first.</summary>
public sealed record NearbyQuery(double Lat, double Lng, double RadiusMetres, SearchFilters Filters, SearchCursor? After, int Limit)
    : ISearchQuery
{
    public RenderedSql Render()
    {
        var parameters = new List<NpgsqlParameter> { new("lat", Lat), new("lng", Lng), new("radius", RadiusMetres) };
        var area = $"r.geom && {SearchSql.SphereBox("@radius")} AND {SearchSql.RowDistance} <= @radius";
        return new RenderedSql(NearestFirst.Render(area, areaHoldsTheReach: true, Filters, After, Limit, parameters), parameters);
    }
}

/// <summary>
/// A map viewport: the sites inside the rectangle (edges included, exactly), nearest to its centre first; with
/// <paramref name="WithTotal"/> every row also carries how many sites the viewport holds, counted up to
/// <see cref="ServiceSearch.TotalCap"/> in the same statement (one round trip, not two).
/// </summary>
public sealed record MapViewQuery(Envelope Box, SearchFilters Filters, SearchCursor? After, int Limit, bool WithTotal = false) : ISearchQuery
{
    public const string InBox = "ST_Intersects(r.geom, ST_MakeEnvelope(@min_lng, @min_lat, @max_lng, @max_lat, 4326))";

    public RenderedSql Render()
    {
        List<NpgsqlParameter> parameters =
            [new("min_lng", Box.MinX), new("min_lat", Box.MinY), new("max_lng", Box.MaxX), new("max_lat", Box.MaxY),
             new("lat", Box.Centre.Y), new("lng", Box.Centre.X)];
        var total = "";
        if (WithTotal)
        {
            // The same conditions as the page; their parameters are already among the page's.
            var counted = new StringBuilder(InBox);
            SearchSql.AppendFilters(counted, [], Filters, "r", SharingRule.SearchRowSql(Filters.Viewer, "r"));
            total = $", (SELECT count(*) FROM (SELECT 1 FROM service_search_rows r WHERE {counted} LIMIT {ServiceSearch.TotalCap}) counted) AS total";
        }
        return new RenderedSql(NearestFirst.Render(InBox, areaHoldsTheReach: false, Filters, After, Limit, parameters, total), parameters);
    }
}

/// <summary>
/// The sites inside a stored boundary or a posted polygon (point-in-polygon), by (service id, site id); on the first
/// page every row also carries the total, counted in the same statement.
/// </summary>
public sealed record WithinQuery(SearchArea Area, SearchFilters Filters, SearchCursor? After, int Limit, bool WithTotal) : ISearchQuery
{
    public RenderedSql Render()
    {
        var parameters = new List<NpgsqlParameter>();
        string shape;
        if (Area.MunicipalityCode is not null)
        {
            shape = "SELECT boundary AS g FROM municipalities WHERE code = @area_code";
            parameters.Add(new("area_code", Area.MunicipalityCode));
        }
        else if (Area.RegionId is not null)
        {
            shape = "SELECT geometry AS g FROM regions WHERE id = @area_region";
            parameters.Add(new("area_region", Area.RegionId));
        }
        else if (Area.Polygon is not null)
        {
            shape = "SELECT @area_polygon AS g";
            parameters.Add(new NpgsqlParameter("area_polygon", NpgsqlDbType.Geometry) { Value = Area.Polygon });
        }
        else throw new ArgumentException("A search area needs a municipality, region or polygon.", nameof(Area));

        var conditions = new StringBuilder("ST_Intersects(r.geom, area.g)");
        SearchSql.AppendFilters(conditions, parameters, Filters, "r", SharingRule.SearchRowSql(Filters.Viewer, "r"));
        var cursor = "";
        if (After is not null)
        {
            cursor = "WHERE (service_id, location_id) > (@after_service, @after_location)";
            parameters.AddRange([new("after_service", After.ServiceId), new("after_location", After.LocationId ?? Guid.Empty)]);
        }
        parameters.Add(new("limit", Limit + 1));
        var sql = $"""
            WITH area AS ({shape}),
            matching AS MATERIALIZED (
                SELECT r.service_id, r.location_id, NULL::float8 AS d FROM area, service_search_rows r WHERE {conditions}),
            page AS (SELECT * FROM matching {cursor} ORDER BY service_id, location_id LIMIT @limit)
            {SearchSql.HitsOf("page", WithTotal ? ", (SELECT count(*) FROM matching) AS total" : "")}
            ORDER BY p.service_id, p.location_id
            """;
        return new RenderedSql(sql, parameters);
    }
}

/// <summary>
/// A vector tile of service sites (layer "services"), honouring the search filters. Every feature has an MVT id (the
/// read model's feature_id). Below <see cref="ClusterBelowZoom"/> sites are aggregated on a grid of
/// <see cref="ClusterCellPixels"/>-unit cells: a cell with several sites is one feature with count, cluster = true and
/// the id of a representative service (the one with the smallest feature id); a lone site is an ordinary feature
/// (count 1). From that zoom on every site is a feature, up to <paramref name="MaxFeatures"/> (by feature id).
/// The public's unfiltered tiles below that zoom read the cells kept in service_tile_cells (migration ServiceTileCells:
/// the same grid, counts, mean positions and representatives, maintained by the writes); filtered tiles and staff
/// tiles, which may show records the public does not see, group the sites themselves.
/// </summary>
public sealed record ServiceTileQuery(int Z, int X, int Y, SearchFilters Filters, int MaxFeatures) : ISearchQuery
{
    public const int ClusterBelowZoom = 14;
    /// <summary>
    /// Cells of 256 tile units: 16 × 16 a tile, 32 screen pixels on a 512-pixel tile (about a marker's size), so a
    /// clustered tile holds at most 256 features however dense the area. service_tile_cells uses the same grid.
    /// </summary>
    public const int ClusterCellPixels = 256;
    private const int Extent = 4096;

    public RenderedSql Render()
    {
        var parameters = new List<NpgsqlParameter> { new("z", Z), new("x", X), new("y", Y), new("max", MaxFeatures) };
        // ST_Intersects, not just &&: the index compares rounded boxes and would add sites up to metres outside the tile.
        var conditions = new StringBuilder("ST_Intersects(r.geom_mercator, bounds.merc)");
        SearchSql.AppendFilters(conditions, parameters, Filters, "r", SharingRule.SearchRowSql(Filters.Viewer, "r"));
        const string bounds = "WITH bounds AS (SELECT ST_TileEnvelope(@z, @x, @y) AS merc)";
        if (Z >= ClusterBelowZoom)
        {
            return new RenderedSql($"""
                {bounds}
                SELECT ST_AsMVT(tile, 'services', {Extent}, 'geom', 'feature_id') FROM (
                    SELECT ST_AsMVTGeom(r.geom_mercator, bounds.merc, {Extent}) AS geom, r.feature_id,
                           r.service_id::text AS id, r.name, r.category, r.anonymous_ok, 1 AS count
                    FROM bounds, service_search_rows r
                    WHERE {conditions}
                    ORDER BY r.feature_id LIMIT @max) tile
                """, parameters);
        }
        if (Filters.SelectsEverything && Filters.Viewer.IsPublic)
        {
            return new RenderedSql($"""
                {bounds}
                SELECT ST_AsMVT(tile, 'services', {Extent}, 'geom', 'feature_id') FROM (
                    SELECT ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(c.sum_x / c.sites, c.sum_y / c.sites), 3857), bounds.merc, {Extent}) AS geom,
                           c.feature_id, c.service_id::text AS id, CASE WHEN c.sites = 1 THEN c.name END AS name,
                           CASE WHEN c.sites = 1 THEN c.category END AS category, CASE WHEN c.sites = 1 THEN c.anonymous_ok END AS anonymous_ok,
                           c.sites AS count, c.sites > 1 AS cluster
                    FROM bounds, service_tile_cells c
                    WHERE c.zoom = @z AND c.tile_x = @x AND c.tile_y = @y AND c.sites > 0
                    ORDER BY c.feature_id LIMIT @max) tile
                """, parameters);
        }
        // Cells in tile pixels: ST_AsMVTGeom would put every site of a cell within the same few pixels anyway.
        var cells = Extent / ClusterCellPixels;
        return new RenderedSql($"""
            {bounds},
            cells AS MATERIALIZED (
                SELECT count(*) AS n, avg(ST_X(r.geom_mercator)) AS mx, avg(ST_Y(r.geom_mercator)) AS my, min(r.feature_id) AS feature_id
                FROM bounds, service_search_rows r
                WHERE {conditions}
                GROUP BY floor((ST_X(r.geom_mercator) - ST_XMin(bounds.merc)) / (ST_XMax(bounds.merc) - ST_XMin(bounds.merc)) * {cells}),
                         floor((ST_Y(r.geom_mercator) - ST_YMin(bounds.merc)) / (ST_YMax(bounds.merc) - ST_YMin(bounds.merc)) * {cells}))
            SELECT ST_AsMVT(tile, 'services', {Extent}, 'geom', 'feature_id') FROM (
                SELECT ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(c.mx, c.my), 3857), bounds.merc, {Extent}) AS geom, c.feature_id,
                       rep.service_id::text AS id, CASE WHEN c.n = 1 THEN rep.name END AS name,
                       CASE WHEN c.n = 1 THEN rep.category END AS category, CASE WHEN c.n = 1 THEN rep.anonymous_ok END AS anonymous_ok,
                       c.n::int AS count, c.n > 1 AS cluster
                FROM bounds, cells c
                CROSS JOIN LATERAL (SELECT r.service_id, r.name, r.category, r.anonymous_ok FROM service_search_rows r
                                    WHERE r.feature_id = c.feature_id LIMIT 1) rep
                ORDER BY c.feature_id LIMIT @max) tile
            """, parameters);
    }
}

/// <summary>
/// A vector tile of municipal boundaries (layer "municipalities": code, name, prefecture; MVT id = the code as a
/// number), drawn from the shape simplified for the zoom band (a z0 tile of Japan stays light, z13+ is the stored shape).
/// </summary>
public sealed record MunicipalityTileQuery(int Z, int X, int Y) : ISearchQuery
{
    public static string ShapeFor(int z) => z switch
    {
        <= 5 => "m.tile_boundary_z5",
        <= 9 => "m.tile_boundary_z9",
        <= 12 => "m.tile_boundary_z12",
        _ => "m.tile_boundary",
    };

    public RenderedSql Render() => new($"""
        WITH bounds AS (SELECT ST_TileEnvelope(@z, @x, @y) AS merc)
        SELECT ST_AsMVT(tile, 'municipalities', 4096, 'geom', 'feature_id') FROM (
            SELECT ST_AsMVTGeom({ShapeFor(Z)}, bounds.merc) AS geom, m.code::text::bigint AS feature_id,
                   m.code::text AS code, coalesce(m.district_or_city, '') || m.name AS name, m.prefecture
            FROM bounds, municipalities m
            WHERE m.tile_boundary && bounds.merc) tile
        WHERE tile.geom IS NOT NULL
        """, [new("z", Z), new("x", X), new("y", Y)]);
}
