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
/// The covering services come from service_coverage_rows (covered codes through the partial GIN index, prefecture-wide
/// and national areas through the (level, prefecture) index, filters and visibility as plain columns); each one's
/// nearest site from service_search_rows by its primary key. The levels are the branches of a UNION ALL under the
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

    /// <summary>Whether the coverage row c of this level covers the place. The level is written into the SQL so the planner can use the partial index.</summary>
    private string Covers(string level) => level switch
    {
        ServiceAreaLevels.National => "c.level = 'national'",
        ServiceAreaLevels.Prefecture => "c.level = 'prefecture' AND c.prefecture_code = ANY (ARRAY(SELECT left(code, 2) FROM unnest(place.codes) AS code))",
        _ when MunicipalityCode is not null => $"c.level = '{level}' AND c.covered_municipality_codes && place.codes",
        // A drawn district lists its municipality among the covered codes: the codes narrow, the polygon decides.
        _ => $"c.level = '{level}' AND c.covered_municipality_codes && place.codes AND coalesce(ST_Intersects(c.district, place.origin), true)",
    };

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

        var levels = ServiceAreaLevels.All;
        var branches = new List<string>();
        for (var rank = After?.LevelRank ?? 0; rank < levels.Count; rank++)
        {
            var cursor = After is not null && After.LevelRank == rank
                ? " AND (coalesce(nearest.d, 'Infinity'::float8), c.service_id) > (@after_distance, @after_service)"
                : "";
            branches.Add($"""
                (SELECT {rank.ToString(CultureInfo.InvariantCulture)} AS rank, c.service_id, nearest.location_id, nearest.d
                 FROM place
                 JOIN service_coverage_rows c ON {Covers(levels[rank])}{filters}
                 LEFT JOIN LATERAL (
                     SELECT r.location_id, {SearchSql.DistanceFrom("r", "place.origin")} AS d FROM service_search_rows r
                     WHERE r.service_id = c.service_id ORDER BY 2, r.location_id LIMIT 1) nearest ON true
                 WHERE true{cursor}
                 ORDER BY coalesce(nearest.d, 'Infinity'::float8), c.service_id LIMIT @limit)
                """);
        }
        var sql = $"""
            WITH place AS MATERIALIZED ({Place}),
            page AS (SELECT * FROM (
            {string.Join("\nUNION ALL\n", branches)}
            ) levels LIMIT @limit)
            {SearchSql.HitsOf("page", siteOptional: true)}
            ORDER BY p.rank, coalesce(p.d, 'Infinity'::float8), p.service_id
            """;
        return new RenderedSql(sql, parameters);
    }
}
