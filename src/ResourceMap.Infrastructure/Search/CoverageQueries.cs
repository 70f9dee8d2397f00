using System.Globalization;
using System.Text;
using Npgsql;
using ResourceMap.Infrastructure.Sharing;

namespace ResourceMap.Infrastructure.Search;

/// <summary>
/// One service-area level of a coverage search ("what serves this place"): services of that level whose area covers
/// the point (or the municipality), each once at its nearest site, by (distance, service id), site-less ones last.
/// Three renderings: how many areas of the level cover the place (capped), the fast path over a window of the nearest
/// sites, and the exhaustive ranking.
/// </summary>
public sealed record CoverageLevelQuery(double? Lat, double? Lng, string? MunicipalityCode, string Level, SearchFilters Filters,
    SearchCursor? After, int Take)
{
    private string Place => MunicipalityCode is not null
        ? "SELECT ARRAY[code::text] AS codes, representative_point AS origin FROM municipalities WHERE code = @code"
        : """
          SELECT coalesce((SELECT array_agg(code::text) FROM municipalities
                           WHERE ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(@lng, @lat), 4326))), ARRAY[]::text[]) AS codes,
                 ST_SetSRID(ST_MakePoint(@lng, @lat), 4326) AS origin
          """;

    private List<NpgsqlParameter> PlaceParameters() => MunicipalityCode is not null
        ? [new("code", MunicipalityCode)]
        : [new("lat", Lat!.Value), new("lng", Lng!.Value)];

    /// <summary>The level is one of the fixed names, written into the SQL so the planner can use the partial index.</summary>
    private string Covers => Level switch
    {
        "national" => "sa.level = 'national'",
        "prefecture" => "sa.level = 'prefecture' AND sa.prefecture_code = ANY (ARRAY(SELECT left(c, 2) FROM unnest(place.codes) AS c))",
        _ when MunicipalityCode is not null => $"sa.level = '{Level}' AND sa.covered_municipality_codes && place.codes",
        // A drawn district lists its municipality among the covered codes: the codes narrow, the polygon decides.
        // (coalesce, not "geometry IS NULL OR …": PostgreSQL would answer IS NULL by scanning the whole GiST index.)
        _ => $"""
            sa.level = '{Level}' AND sa.covered_municipality_codes && place.codes
            AND coalesce(ST_Intersects(sa.geometry, place.origin), true)
            """,
    };

    public RenderedSql RenderCount() => new(
        $"WITH place AS ({Place}) SELECT count(*) FROM (SELECT 1 FROM place JOIN service_areas sa ON {Covers} LIMIT {ServiceSearch.ExhaustiveCoverageLimit + 1}) covering",
        PlaceParameters());

    /// <summary>
    /// The covering services at the <paramref name="window"/> sites nearest to the place, every (service, site) row in
    /// distance order; the caller keeps each service at its first row.
    /// </summary>
    public RenderedSql RenderWindow(int window)
    {
        var parameters = PlaceParameters();
        var sql = new StringBuilder($"""
            WITH place AS ({Place}),
            -- The window's sites exactly by sphere distance, found through the geometry index: the planar KNN walk's
            -- largest exact distance bounds the window, then the sites within it are sorted exactly (see NearestFirst).
            -- Materialised so the walk runs once: as a lateral join, a low row estimate for the joins after it
            -- let the planner re-run the walk for every covering service (seconds instead of milliseconds).
            walk AS MATERIALIZED (
                SELECT site.point <-> place.origin::geography AS d
                FROM place CROSS JOIN LATERAL (
                    SELECT site.point FROM locations site WHERE site.archived_at IS NULL
                    ORDER BY site.point::geometry <-> place.origin LIMIT {window}) site),
            reach AS (SELECT max(d) AS d FROM walk),
            l AS MATERIALIZED (
                SELECT site.id, site.point, site.address, site.municipality_code, site.point <-> place.origin::geography AS d
                FROM place, reach, locations site
                WHERE site.archived_at IS NULL
                  AND site.point::geometry && {SearchSql.SphereBox("reach.d", "place.origin", "ST_Y(place.origin)")}
                  AND site.point <-> place.origin::geography <= reach.d
                ORDER BY 5, site.id LIMIT {window})
            SELECT {SearchSql.HitColumns}, l.d
            FROM place CROSS JOIN l
            JOIN service_at_location sal ON sal.location_id = l.id
            JOIN services s ON s.id = sal.service_id AND s.archived_at IS NULL
            JOIN service_areas sa ON sa.service_id = s.id AND {Covers}
            JOIN organizations o ON o.id = s.organization_id
            WHERE true
            """);
        SearchSql.AppendFilters(sql, parameters, Filters, "s", SharingRule.ServiceSql(Filters.Viewer, "s", "o"));
        sql.Append(" ORDER BY l.d, s.id, l.id");
        return new RenderedSql(sql.ToString(), parameters);
    }

    /// <summary>Every covering service of the level with its nearest site, ranked.</summary>
    public RenderedSql Render()
    {
        var parameters = PlaceParameters();
        var sql = new StringBuilder($"""
            WITH place AS ({Place})
            SELECT {SearchSql.HitColumns}, nearest.distance_m
            FROM place
            JOIN service_areas sa ON {Covers}
            JOIN services s ON s.id = sa.service_id AND s.archived_at IS NULL
            JOIN organizations o ON o.id = s.organization_id
            LEFT JOIN LATERAL (
                SELECT site.*, site.point <-> place.origin::geography AS distance_m
                FROM service_at_location at JOIN locations site ON site.id = at.location_id
                WHERE at.service_id = s.id AND site.archived_at IS NULL
                ORDER BY distance_m, site.id LIMIT 1) nearest ON true
            LEFT JOIN locations l ON l.id = nearest.id
            WHERE true
            """);
        SearchSql.AppendFilters(sql, parameters, Filters, "s", SharingRule.ServiceSql(Filters.Viewer, "s", "o"));
        if (After is not null)
        {
            sql.Append(" AND (coalesce(nearest.distance_m, 'Infinity'::float8), s.id) > (@after_distance, @after_service)");
            parameters.AddRange([new("after_distance", After.Distance ?? double.PositiveInfinity), new("after_service", After.ServiceId)]);
        }
        sql.Append(" ORDER BY coalesce(nearest.distance_m, 'Infinity'::float8), s.id LIMIT @limit");
        parameters.Add(new("limit", Take));
        return new RenderedSql(sql.ToString(), parameters);
    }
}
