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

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Coverage_rows_carry_the_sites_of_their_service_through_every_write_that_moves_one()
    {
        await using var connection = await api.OpenDatabaseAsync();
        var organization = Guid.NewGuid();
        var service = Guid.NewGuid();
        var sites = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        await ExecuteAsync(connection, $"""
            INSERT INTO organizations (id, name, legal_form, owner_municipality_code, phones, platform_member, source, search_text,
                                       created_at, updated_at, last_verified_at)
            VALUES ('{organization}', '対象範囲検証の会', 'npo', '01230', '[]', false, 'test', 'たいしょうはんい検証の会', now(), now(), now());
            INSERT INTO locations (id, address, municipality_code, point, precision, created_at, updated_at, last_verified_at)
            SELECT id, '検証住所', '01230', ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography, 'exact', now(), now(), now()
            FROM (VALUES ('{sites[0]}'::uuid, 141.10, 42.42), ('{sites[1]}'::uuid, 141.15, 42.45), ('{sites[2]}'::uuid, 141.05, 42.40)) AS p(id, lng, lat);
            INSERT INTO services (id, organization_id, name, category, target_groups, problem_keywords, channels, anonymous_ok, hours,
                                  languages, commissioned_by_municipality, accepts_other_municipalities, owner_municipality_code,
                                  source, search_text, created_at, updated_at, last_verified_at)
            VALUES ('{service}', '{organization}', '対象範囲検証', 'consultation', ARRAY['anyone'], ARRAY['loneliness'], ARRAY['phone'], true, '[]',
                    ARRAY['ja'], false, true, '01230', 'test', 'たいしょうはんい検証', now(), now(), now());
            INSERT INTO service_areas (service_id, level, municipality_codes, covered_municipality_codes)
            VALUES ('{service}', 'municipality', ARRAY['01230'], ARRAY['01230']);
            """);
        await AssertSitesFollowAsync(connection, "without a site", service, 0);

        await ExecuteAsync(connection, $"INSERT INTO service_at_location (service_id, location_id) VALUES ('{service}', '{sites[0]}'), ('{service}', '{sites[1]}')");
        await AssertSitesFollowAsync(connection, "after linking two sites", service, 2);

        await ExecuteAsync(connection, $"UPDATE locations SET point = ST_SetSRID(ST_MakePoint(141.2, 42.5), 4326)::geography WHERE id = '{sites[1]}'");
        await AssertSitesFollowAsync(connection, "after moving a site", service, 2);

        await ExecuteAsync(connection, $"UPDATE service_at_location SET location_id = '{sites[2]}' WHERE service_id = '{service}' AND location_id = '{sites[0]}'");
        await AssertSitesFollowAsync(connection, "after relinking to another site", service, 2);

        await ExecuteAsync(connection, $"UPDATE locations SET archived_at = now() WHERE id = '{sites[1]}'");
        await AssertSitesFollowAsync(connection, "after archiving a site", service, 1);

        await ExecuteAsync(connection, $"DELETE FROM service_at_location WHERE service_id = '{service}'");
        await AssertSitesFollowAsync(connection, "after removing the last link", service, 0);

        // The shared database keeps no trace of this test in searches.
        await ExecuteAsync(connection, $"UPDATE services SET archived_at = now() WHERE id = '{service}'; UPDATE locations SET archived_at = now() WHERE id IN ('{sites[0]}', '{sites[2]}')");
    }
}
