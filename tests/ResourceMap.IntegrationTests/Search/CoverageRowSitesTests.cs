using Npgsql;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Search;

/// <summary>
/// service_coverage_rows.sites, which the coverage search ranks services by, stays the MultiPoint of the service's
/// sites in the read model (null without one) through the writes that add, move and remove sites: a second site, a
/// moved site, a removed link, an archived site and the last site gone.
/// </summary>
[Collection(ApiCollection.Name)]
public class CoverageRowSitesTests(ApiFixture api)
{
    /// <summary>Coverage rows whose sites differ from their service's search rows.</summary>
    private const string Stale = """
        SELECT count(*) FROM service_coverage_rows c
        WHERE c.sites IS DISTINCT FROM (SELECT ST_Multi(ST_Collect(r.geom ORDER BY r.location_id)) FROM service_search_rows r WHERE r.service_id = c.service_id)
        """;

    private static async Task AssertSitesFollowAsync(NpgsqlConnection connection, string step, Guid service, int expectedPoints)
    {
        await using var command = new NpgsqlCommand($"{Stale}; SELECT coalesce(ST_NumGeometries(sites), 0) FROM service_coverage_rows WHERE service_id = '{service}'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.True(reader.GetInt64(0) == 0, $"{step}: {reader.GetInt64(0)} coverage rows with stale sites");
        await reader.NextResultAsync();
        await reader.ReadAsync();
        Assert.True(expectedPoints == reader.GetInt32(0), $"{step}: the service has {reader.GetInt32(0)} sites, expected {expectedPoints}");
    }

    [Fact]
    public async Task Coverage_rows_carry_the_sites_of_their_service_through_every_write_that_moves_one()
    {
        await using var connection = await api.OpenDatabaseAsync();
        var organization = Guid.NewGuid();
        var service = Guid.NewGuid();
        var sites = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        await DirectoryRows.InsertAsync(connection, organization, "対象範囲検証", "consultation",
            [(sites[0], 141.10, 42.42), (sites[1], 141.15, 42.45), (sites[2], 141.05, 42.40)], [service]);
        await connection.ExecuteAsync($"""
            INSERT INTO service_areas (service_id, level, municipality_codes, covered_municipality_codes)
            VALUES ('{service}', 'municipality', ARRAY['01230'], ARRAY['01230']);
            """);
        await AssertSitesFollowAsync(connection, "without a site", service, 0);

        await connection.ExecuteAsync($"INSERT INTO service_at_location (service_id, location_id) VALUES ('{service}', '{sites[0]}'), ('{service}', '{sites[1]}')");
        await AssertSitesFollowAsync(connection, "after linking two sites", service, 2);

        await connection.ExecuteAsync($"UPDATE locations SET point = ST_SetSRID(ST_MakePoint(141.2, 42.5), 4326)::geography WHERE id = '{sites[1]}'");
        await AssertSitesFollowAsync(connection, "after moving a site", service, 2);

        await connection.ExecuteAsync($"UPDATE service_at_location SET location_id = '{sites[2]}' WHERE service_id = '{service}' AND location_id = '{sites[0]}'");
        await AssertSitesFollowAsync(connection, "after relinking to another site", service, 2);

        await connection.ExecuteAsync($"UPDATE locations SET archived_at = now() WHERE id = '{sites[1]}'");
        await AssertSitesFollowAsync(connection, "after archiving a site", service, 1);

        await connection.ExecuteAsync($"DELETE FROM service_at_location WHERE service_id = '{service}'");
        await AssertSitesFollowAsync(connection, "after removing the last link", service, 0);

        // The shared database keeps no trace of this test in searches.
        await connection.ExecuteAsync($"UPDATE services SET archived_at = now() WHERE id = '{service}'; UPDATE locations SET archived_at = now() WHERE id IN ('{sites[0]}', '{sites[2]}')");
    }
}
