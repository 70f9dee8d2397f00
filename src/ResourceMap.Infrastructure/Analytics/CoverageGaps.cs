using System.Globalization;
using Npgsql;
using ResourceMap.Infrastructure.Search;

namespace ResourceMap.Infrastructure.Analytics;

/// <summary>One member municipality of a region and one service category, with what serves it.</summary>
public sealed record CoverageCell(
    string MunicipalityCode,
    string OfficialCode,
    string MunicipalityName,
    string MunicipalityFullName,
    string Category,
    int Located,
    int Covering,
    int? Population,
    DateOnly? PopulationAsOf,
    string? PopulationSource,
    double? LocatedPer10k,
    double? CoveringPer10k);

/// <summary>
/// The gap analysis of a region: for every member municipality × service category, how many services have a live
/// site there (located) and how many have a service area covering it (covering), counted in PostgreSQL over the
/// services the caller may read. "Covers" is the rule of the coverage search and shared capacity
/// (<see cref="ServiceSearch.AreaCoversMunicipality"/>); the sharing scopes are the searches' own condition.
///
/// Every count starts from the region, never from the whole directory, and reads the search read model (sites in
/// service_search_rows, service areas in service_coverage_rows, each with the category and the visibility as plain
/// columns): sites by municipality code, local service areas by covered municipality (service_coverage_codes),
/// prefecture-wide areas by prefecture code, national ones by level. A service has one service area, so the levels add
/// up without double counting. Each count is one grouped scan, joined to the member × category grid by hash: the sites
/// and the local areas are counted from indexes that hold the category and public_readable, so the public's counts
/// read no table pages. (Filtering every service first and joining afterwards took minutes at a million services; a
/// lookup into the counts per municipality and category, seconds.)
/// </summary>
public sealed record CoverageGapsQuery(string RegionId, IReadOnlyList<string> Categories, SearchViewer Viewer) : ISearchQuery
{
    public RenderedSql Render()
    {
        var (regionId, categories, viewer) = (RegionId, Categories, Viewer);
        var parameters = new List<NpgsqlParameter> { new("region", regionId), new("categories", categories.ToArray()) };
        // Sites from the search read model, service areas from its service-level half: both carry the category and
        // the visibility columns, so nothing joins services or organisations (see SharingRule.SearchRowSql).
        Sharing.SharingRule.AddParameters(parameters, viewer);
        string Readable(string alias) => $"{alias}.category = ANY (@categories) AND {Sharing.SharingRule.SearchRowSql(viewer, alias)}";

        var sql = $"""
            WITH members AS MATERIALIZED (
                SELECT m.code::text AS code, m.official_code::text AS official_code, m.name,
                       coalesce(m.district_or_city, '') || m.name AS full_name, left(m.code::text, 2) AS prefecture_code
                FROM region_members rm JOIN municipalities m ON m.code = rm.municipality_code
                WHERE rm.region_id = @region),
            member_codes AS MATERIALIZED (
                SELECT array_agg(code) AS codes, array_agg(DISTINCT prefecture_code) AS prefecture_codes FROM members),
            categories AS (
                SELECT c.category, c.position FROM unnest(@categories::text[]) WITH ORDINALITY AS c(category, position)),
            located AS (
                SELECT r.municipality_code AS code, r.category, count(DISTINCT r.service_id) AS services
                FROM service_search_rows r
                WHERE r.municipality_code = ANY ((SELECT codes FROM member_codes)::text[]) AND {Readable("r")}
                GROUP BY 1, 2),
            covered_locally AS (
                SELECT k.municipality_code AS code, k.category, count(*) AS services
                FROM service_coverage_codes k{(viewer.IsPublic ? "" : " JOIN service_coverage_rows c ON c.service_id = k.service_id")}
                WHERE k.municipality_code = ANY ((SELECT codes FROM member_codes)::text[]) AND k.category = ANY (@categories)
                  AND {(viewer.IsPublic ? "k.public_readable" : Sharing.SharingRule.SearchRowSql(viewer, "c"))}
                GROUP BY 1, 2),
            covered_nationally AS (
                SELECT c.category, count(*) AS services FROM service_coverage_rows c
                WHERE c.level = 'national' AND {Readable("c")}
                GROUP BY 1),
            covered_prefecture_wide AS (
                SELECT c.prefecture_code, c.category, count(*) AS services FROM service_coverage_rows c
                WHERE c.level = 'prefecture' AND c.prefecture_code = ANY ((SELECT prefecture_codes FROM member_codes)::text[])
                  AND {Readable("c")}
                GROUP BY 1, 2)
            SELECT mb.code, mb.official_code, mb.name, mb.full_name, c.category,
                   coalesce(lo.services, 0)::int AS located,
                   (coalesce(cl.services, 0) + coalesce(cn.services, 0) + coalesce(cp.services, 0))::int AS covering,
                   p.population, p.as_of, p.source,
                   round(coalesce(lo.services, 0) * 10000.0 / nullif(p.population, 0), 2)::float8 AS located_per_10k,
                   round((coalesce(cl.services, 0) + coalesce(cn.services, 0) + coalesce(cp.services, 0)) * 10000.0
                         / nullif(p.population, 0), 2)::float8 AS covering_per_10k
            FROM members mb
            CROSS JOIN categories c
            LEFT JOIN located lo ON lo.code = mb.code AND lo.category = c.category
            LEFT JOIN covered_locally cl ON cl.code = mb.code AND cl.category = c.category
            LEFT JOIN covered_nationally cn ON cn.category = c.category
            LEFT JOIN covered_prefecture_wide cp ON cp.prefecture_code = mb.prefecture_code AND cp.category = c.category
            LEFT JOIN municipality_populations p ON p.municipality_code = mb.code
            ORDER BY mb.code, c.position
            """;
        return new RenderedSql(sql, parameters);
    }
}

public sealed class CoverageGaps(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<CoverageCell>> ForRegionAsync(string regionId, IReadOnlyList<string> categories, SearchViewer viewer,
        CancellationToken ct)
    {
        var rendered = new CoverageGapsQuery(regionId, categories, viewer).Render();
        await using var command = dataSource.CreateCommand(rendered.Sql);
        command.Parameters.AddRange(rendered.Parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        var cells = new List<CoverageCell>();
        while (await reader.ReadAsync(ct))
        {
            cells.Add(new CoverageCell(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetInt32(5), reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetInt32(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetDouble(10),
                reader.IsDBNull(11) ? null : reader.GetDouble(11)));
        }
        return cells;
    }
}
