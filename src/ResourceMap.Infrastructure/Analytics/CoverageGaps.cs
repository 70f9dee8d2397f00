using System.Text;
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
/// </summary>
public sealed class CoverageGaps(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<CoverageCell>> ForRegionAsync(string regionId, IReadOnlyList<string> categories, SearchViewer viewer,
        CancellationToken ct)
    {
        var parameters = new List<NpgsqlParameter> { new("region", regionId), new("categories", categories.ToArray()) };
        // Live services of live organisations in the asked categories that this caller may read (alias s, as the
        // visibility condition expects); both counts start from this set, so they can never disagree on scopes.
        var readable = new StringBuilder("""
            SELECT s.id, s.category FROM services s
            JOIN organizations o ON o.id = s.organization_id AND o.archived_at IS NULL
            WHERE s.archived_at IS NULL AND s.category = ANY (@categories)
            """);
        ServiceSearch.AppendVisibility(readable, parameters, viewer);

        var sql = $"""
            WITH members AS (
                SELECT m.code, m.official_code::text AS official_code, m.name,
                       coalesce(m.district_or_city, '') || m.name AS full_name
                FROM region_members rm JOIN municipalities m ON m.code = rm.municipality_code
                WHERE rm.region_id = @region),
            categories AS (
                SELECT c.category, c.position FROM unnest(@categories::text[]) WITH ORDINALITY AS c(category, position)),
            readable AS ({readable}),
            located AS (
                SELECT l.municipality_code AS code, s.category, count(DISTINCT s.id) AS services
                FROM readable s
                JOIN service_at_location sal ON sal.service_id = s.id
                JOIN locations l ON l.id = sal.location_id AND l.archived_at IS NULL
                WHERE l.municipality_code IN (SELECT code FROM members)
                GROUP BY 1, 2),
            covering AS (
                SELECT mb.code, s.category, count(DISTINCT s.id) AS services
                FROM members mb
                JOIN service_areas sa ON {ServiceSearch.AreaCoversMunicipality("mb.code")}
                JOIN readable s ON s.id = sa.service_id
                GROUP BY 1, 2)
            SELECT mb.code::text, mb.official_code, mb.name, mb.full_name, c.category,
                   coalesce(lo.services, 0)::int AS located, coalesce(co.services, 0)::int AS covering,
                   p.population, p.as_of, p.source,
                   round(coalesce(lo.services, 0) * 10000.0 / nullif(p.population, 0), 2)::float8 AS located_per_10k,
                   round(coalesce(co.services, 0) * 10000.0 / nullif(p.population, 0), 2)::float8 AS covering_per_10k
            FROM members mb
            CROSS JOIN categories c
            LEFT JOIN located lo ON lo.code = mb.code AND lo.category = c.category
            LEFT JOIN covering co ON co.code = mb.code AND co.category = c.category
            LEFT JOIN municipality_populations p ON p.municipality_code = mb.code
            ORDER BY mb.code, c.position
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters.ToArray());
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
