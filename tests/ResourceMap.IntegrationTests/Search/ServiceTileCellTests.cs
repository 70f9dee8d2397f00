using Npgsql;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Search;

/// <summary>
/// service_tile_cells, which the public's clustered tiles are drawn from, stays equal to grouping the public's sites
/// directly — counts, mean positions and the representative (smallest feature id) at every clustering zoom — through
/// the writes that move sites between cells: new services, a second service at a site, a moved site, a service made
/// owner-only, a removed link and archiving, representative first.
/// </summary>
[Collection(ApiCollection.Name)]
public class ServiceTileCellTests(ApiFixture api)
{
    /// <summary>The cells as they should be, computed here from the sites (Web Mercator, 16 cells a tile side, from the north-west).</summary>
    private const string Expected = """
        SELECT z.zoom, floor((ST_X(r.geom_mercator) + 20037508.342789244) / 40075016.685578488 * 16 * 2 ^ z.zoom)::int AS gx,
               floor((20037508.342789244 - ST_Y(r.geom_mercator)) / 40075016.685578488 * 16 * 2 ^ z.zoom)::int AS gy,
               count(*)::int AS sites, round((avg(ST_X(r.geom_mercator)))::numeric, 3) AS mean_x,
               round((avg(ST_Y(r.geom_mercator)))::numeric, 3) AS mean_y,
               min(r.feature_id) AS feature_id
        FROM service_search_rows r CROSS JOIN generate_series(0, 13) AS z(zoom)
        WHERE r.public_readable
        GROUP BY 1, 2, 3
        """;

    private const string Stored = """
        SELECT zoom, tile_x * 16 + cell_x, tile_y * 16 + cell_y, sites, round((sum_x / sites)::numeric, 3), round((sum_y / sites)::numeric, 3),
               feature_id
        FROM service_tile_cells WHERE sites > 0
        """;

    private static async Task AssertCellsMatchTheSitesAsync(NpgsqlConnection connection, string step)
    {
        await using var difference = new NpgsqlCommand($"""
            SELECT (SELECT count(*) FROM (({Expected}) EXCEPT ({Stored})) missing),
                   (SELECT count(*) FROM (({Stored}) EXCEPT ({Expected})) unexpected),
                   (SELECT count(*) FROM service_tile_cells c
                    WHERE c.sites > 0 AND NOT EXISTS (SELECT 1 FROM service_search_rows r
                                                      WHERE r.feature_id = c.feature_id AND r.service_id = c.service_id AND r.name = c.name
                                                        AND r.category = c.category AND r.anonymous_ok = c.anonymous_ok)) AS stale_representatives
            """, connection);
        await using var reader = await difference.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.True(reader.GetInt64(0) == 0 && reader.GetInt64(1) == 0 && reader.GetInt64(2) == 0,
            $"{step}: {reader.GetInt64(0)} cells missing, {reader.GetInt64(1)} unexpected, {reader.GetInt64(2)} with a stale representative");
    }

    [Fact]
    public async Task Tile_cells_follow_every_write_that_moves_a_site()
    {
        await using var connection = await api.OpenDatabaseAsync();
        var organization = Guid.NewGuid();
        var services = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        var sites = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        // In 登別 (01230, which the sites say): three sites a few metres apart (one zoom-13 cell) and one 5 km away; a
        // fifth service shares the first site.
        (double Lng, double Lat)[] points = [(141.10001, 42.42001), (141.10003, 42.42002), (141.10002, 42.42004), (141.15001, 42.45001)];
        await DirectoryRows.InsertAsync(connection, organization, "タイル検証", "ibasho",
            sites.Select((id, i) => (id, points[i].Lng, points[i].Lat)).ToList(), services);
        await connection.ExecuteAsync($"""
            INSERT INTO service_at_location (service_id, location_id)
            VALUES ('{services[0]}', '{sites[0]}'), ('{services[1]}', '{sites[1]}'), ('{services[2]}', '{sites[2]}'),
                   ('{services[3]}', '{sites[3]}'), ('{services[4]}', '{sites[0]}');
            """);
        await AssertCellsMatchTheSitesAsync(connection, "after inserting");
        await using (var cluster = new NpgsqlCommand($"""
            SELECT max(c.sites) FROM service_tile_cells c JOIN service_search_rows r ON r.feature_id = c.feature_id
            WHERE c.zoom = 13 AND r.organization_id = '{organization}'
            """, connection))
            Assert.Equal(4, (int)(await cluster.ExecuteScalarAsync())!);

        await connection.ExecuteAsync($"UPDATE locations SET point = ST_SetSRID(ST_MakePoint(141.05, 42.44), 4326)::geography WHERE id = '{sites[1]}'");
        await AssertCellsMatchTheSitesAsync(connection, "after moving a site");

        await connection.ExecuteAsync($"UPDATE services SET sharing_scope = 'owner' WHERE id = '{services[2]}'");
        await AssertCellsMatchTheSitesAsync(connection, "after making a service owner-only");

        await connection.ExecuteAsync($"UPDATE services SET name = 'タイル検証 改名' WHERE id IN ('{services[0]}', '{services[4]}')");
        await AssertCellsMatchTheSitesAsync(connection, "after renaming");

        await connection.ExecuteAsync($"DELETE FROM service_at_location WHERE service_id = '{services[4]}'");
        await AssertCellsMatchTheSitesAsync(connection, "after removing a link");

        // Archive the public's representatives one by one, until none of these services is left on the public's tiles.
        foreach (var _ in services)
        {
            await connection.ExecuteAsync($"""
                UPDATE services SET archived_at = now()
                WHERE id = (SELECT c.service_id FROM service_tile_cells c JOIN service_search_rows r ON r.feature_id = c.feature_id
                            WHERE c.zoom = 13 AND c.sites > 0 AND r.organization_id = '{organization}' ORDER BY c.feature_id LIMIT 1)
                """);
            await AssertCellsMatchTheSitesAsync(connection, "after archiving a representative");
        }
        // The sites go too, so the shared database keeps no trace of this test on a map.
        await connection.ExecuteAsync($"UPDATE locations SET archived_at = now() WHERE id IN ({string.Join(", ", sites.Select(id => $"'{id}'"))})");
        await AssertCellsMatchTheSitesAsync(connection, "after archiving the sites");
        await using var left = new NpgsqlCommand(
            $"SELECT count(*) FROM service_search_rows WHERE organization_id = '{organization}'", connection);
        Assert.Equal(0L, (long)(await left.ExecuteScalarAsync())!);
    }
}
