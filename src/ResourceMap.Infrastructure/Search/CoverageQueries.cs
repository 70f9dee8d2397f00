using System.Globalization;
using System.Text;
using Npgsql;
using ResourceMap.Domain.Directory;
using ResourceMap.Infrastructure.Sharing;

namespace ResourceMap.Infrastructure.Search;

/// <summary>
/// "What serves this place", in one statement on the read model: the services whose service area covers the point (or
/// the municipality), level by level from the most local (<see cref="ServiceAreaLevels.All"/>), within a level by
/// (distance to the service's nearest site, service id), site-less services last; each service once.
///
/// The covering services come from the read model (local levels through service_coverage_codes, prefecture-wide and
/// national areas through service_coverage_rows' (level, prefecture) index, filters and visibility as plain columns),
/// ranked by the distance to the nearest of the sites their row carries (a MultiPoint: decision 17); which site that
/// is, is looked up in service_search_rows for the page's services only. The levels are the branches of a UNION ALL under the
/// page's LIMIT: PostgreSQL runs them in order and stops as soon as the page is full, so the wide levels (thousands
/// of prefecture-wide services) are ranked only for the places whose local levels do not fill a page.
/// </summary>
public sealed record CoverageQuery(double? Lat, double? Lng, string? MunicipalityCode, SearchFilters Filters, SearchCursor? After,
    int Limit) : ISearchQuery
{
    private string Place => MunicipalityCode is not null
        ? "SELECT ARRAY[code::text] AS codes, representative_point AS origin FROM municipalities WHERE code = @code"
        : """
          SELECT coalesce((SELECT array_agg(code::text) FROM municipalities
                           WHERE ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(@lng, @lat), 4326))), ARRAY[]::text[]) AS codes,
                 ST_SetSRID(ST_MakePoint(@lng, @lat), 4326) AS origin
          """;

    /// <summary>
    /// The coverage rows c of this level that cover the place. Local levels are found through service_coverage_codes (a
    /// B-tree on municipality and level; a service covering two municipalities at a border counts once); the level is
    /// written into the SQL.
    /// </summary>
    private string Covering(string level, string filters) => level switch
    {
        ServiceAreaLevels.National => $"JOIN service_coverage_rows c ON c.level = 'national'{filters}",
        ServiceAreaLevels.Prefecture => "JOIN service_coverage_rows c ON c.level = 'prefecture'"
            + $" AND c.prefecture_code = ANY (ARRAY(SELECT left(code, 2) FROM unnest(place.codes) AS code)){filters}",
        // Each covering service's row by key: not knowing the place's codes, the planner would rather hash the whole
        // table (OFFSET 0 keeps the lookup a lookup).
        _ => $"""
            CROSS JOIN LATERAL (SELECT DISTINCT k.service_id FROM service_coverage_codes k
                                WHERE k.municipality_code = ANY (place.codes) AND k.level = '{level}') covering
             CROSS JOIN LATERAL (SELECT c.* FROM service_coverage_rows c
                                 WHERE c.service_id = covering.service_id{District}{filters} OFFSET 0) c
            """,
    };

    /// <summary>A drawn district lists its municipality among the covered codes: the codes narrow, the polygon decides (for a point).</summary>
    private string District => MunicipalityCode is null ? " AND coalesce(ST_Intersects(c.district, place.origin), true)" : "";

    public RenderedSql Render()
    {
        List<NpgsqlParameter> parameters = MunicipalityCode is not null
            ? [new("code", MunicipalityCode)]
            : [new("lat", Lat!.Value), new("lng", Lng!.Value)];
        var filters = new StringBuilder();
        SearchSql.AppendFilters(filters, parameters, Filters, "c", SharingRule.SearchRowSql(Filters.Viewer, "c"));
        if (After is not null)
            parameters.AddRange([new("after_distance", After.Distance ?? double.PositiveInfinity), new("after_service", After.ServiceId)]);
        parameters.Add(new("limit", Limit + 1));

        // The distance to the service's nearest site; site-less services (no MultiPoint) rank last.
        const string distance = "coalesce((c.sites::geography <-> place.origin::geography), 'Infinity'::float8)";
        var levels = ServiceAreaLevels.All;
        var branches = new List<string>();
        for (var rank = After?.LevelRank ?? 0; rank < levels.Count; rank++)
        {
            var cursor = After is not null && After.LevelRank == rank ? $" AND ({distance}, c.service_id) > (@after_distance, @after_service)" : "";
            branches.Add($"""
                (SELECT {rank.ToString(CultureInfo.InvariantCulture)} AS rank, c.service_id, {distance} AS d
                 FROM place
                 {Covering(levels[rank], filters.ToString())}
                 WHERE true{cursor}
                 ORDER BY 3, c.service_id LIMIT @limit)
                """);
        }
        // The page's services at their nearest site (by distance, then site id), as the MultiPoint's distance counted it.
        var sql = $"""
            WITH place AS MATERIALIZED ({Place}),
            page AS (SELECT * FROM (
            {string.Join("\nUNION ALL\n", branches)}
            ) levels LIMIT @limit),
            sited AS (
                SELECT p.rank, p.service_id, nearest.location_id, nearest.d
                FROM page p CROSS JOIN place
                LEFT JOIN LATERAL (
                    SELECT r.location_id, {SearchSql.DistanceFrom("r", "place.origin")} AS d FROM service_search_rows r
                    WHERE r.service_id = p.service_id ORDER BY 2, r.location_id LIMIT 1) nearest ON true)
            {SearchSql.HitsWithOptionalSiteOf("sited")}
            ORDER BY p.rank, coalesce(p.d, 'Infinity'::float8), p.service_id
            """;
        return new RenderedSql(sql, parameters);
    }
}
