using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Clustered service tiles without scanning the sites: service_tile_cells holds, for every zoom that clusters (0–13)
    /// and every cell of its 16 × 16 grid per tile (ServiceTileQuery.ClusterCellPixels), the public's sites in it — their number, the sums of their Web
    /// Mercator coordinates (for the mean position) and the representative (the site with the smallest feature id, with
    /// the name, category and anonymous_ok a lone site shows). Statement triggers on service_search_rows keep it in the
    /// writing transaction: counts and sums change by increments (exact under concurrent writes); a representative that
    /// leaves is recomputed from the cell's sites at zoom 13 and from the four child cells above. A dense zoom-12 tile
    /// then reads at most 256 rows by primary key instead of thousands of sites.
    /// </summary>
    [DbContext(typeof(ResourceMapDbContext))]
    [Migration("20261130001000_ServiceTileCells")]
    public partial class ServiceTileCells : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Table);
            migrationBuilder.Sql(Backfill);
            migrationBuilder.Sql(Maintenance);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER tile_cells_rows_insert ON service_search_rows;
                DROP TRIGGER tile_cells_rows_delete ON service_search_rows;
                DROP FUNCTION resourcemap_tile_cells_from_rows();
                DROP FUNCTION resourcemap_tile_cells_fix_representatives();
                DROP TABLE service_tile_cells;
                DROP FUNCTION resourcemap_tile_grid(float8, int);
                """);
        }

        /// <summary>Half the Web Mercator world's width in metres: cells count from the west and from the north edge.</summary>
        private const string Edge = "20037508.342789244";

        /// <summary>The sites of a set of read-model rows r (the public's only) at every clustering zoom, with their cell.</summary>
        private static string SitesAtEveryZoom(string rows) => $"""
            SELECT z.zoom, resourcemap_tile_grid(ST_X(r.geom_mercator) + {Edge}, z.zoom) AS gx,
                   resourcemap_tile_grid({Edge} - ST_Y(r.geom_mercator), z.zoom) AS gy,
                   ST_X(r.geom_mercator) AS mx, ST_Y(r.geom_mercator) AS my,
                   r.feature_id, r.service_id, r.name, r.category, r.anonymous_ok
            FROM {rows} r CROSS JOIN generate_series(0, 13) AS z(zoom)
            WHERE r.public_readable
            """;

        private const string Table = """
            -- The cell (0 … 16·2^zoom − 1) a Web Mercator offset from the west (or north) edge falls in at this zoom.
            CREATE FUNCTION resourcemap_tile_grid(offset_from_edge float8, zoom int) RETURNS int
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT least(greatest(floor(offset_from_edge / 40075016.685578488 * (16::bigint << zoom))::bigint, 0), (16::bigint << zoom) - 1)::int
            $$;
            CREATE TABLE service_tile_cells (
                zoom smallint NOT NULL,
                tile_x integer NOT NULL,
                tile_y integer NOT NULL,
                cell_x smallint NOT NULL,
                cell_y smallint NOT NULL,
                sites integer NOT NULL,
                sum_x float8 NOT NULL,
                sum_y float8 NOT NULL,
                feature_id bigint NOT NULL,
                service_id uuid NOT NULL,
                name text NOT NULL,
                category text NOT NULL,
                anonymous_ok boolean NOT NULL,
                -- The representative's site left the cell; the smallest remaining feature id is looked up at the end of the statement.
                representative_gone boolean NOT NULL DEFAULT false,
                PRIMARY KEY (zoom, tile_x, tile_y, cell_x, cell_y));
            CREATE INDEX ix_service_tile_cells_representative_gone ON service_tile_cells (zoom) WHERE representative_gone;
            """;

        private static readonly string Backfill = $$"""
            INSERT INTO service_tile_cells (zoom, tile_x, tile_y, cell_x, cell_y, sites, sum_x, sum_y, feature_id, service_id, name, category, anonymous_ok)
            SELECT DISTINCT ON (gx, gy) 13, gx >> 4, gy >> 4, gx & 15, gy & 15, count(*) OVER cell, sum(mx) OVER cell, sum(my) OVER cell,
                   feature_id, service_id, name, category, anonymous_ok
            FROM (SELECT resourcemap_tile_grid(ST_X(r.geom_mercator) + {{Edge}}, 13) AS gx, resourcemap_tile_grid({{Edge}} - ST_Y(r.geom_mercator), 13) AS gy,
                         ST_X(r.geom_mercator) AS mx, ST_Y(r.geom_mercator) AS my, r.feature_id, r.service_id, r.name, r.category, r.anonymous_ok
                  FROM service_search_rows r WHERE r.public_readable) sites
            WINDOW cell AS (PARTITION BY gx, gy)
            ORDER BY gx, gy, feature_id;
            DO $$
            BEGIN
                FOR level IN REVERSE 12..0 LOOP
                    INSERT INTO service_tile_cells (zoom, tile_x, tile_y, cell_x, cell_y, sites, sum_x, sum_y, feature_id, service_id, name, category, anonymous_ok)
                    SELECT DISTINCT ON (gx, gy) level, gx >> 4, gy >> 4, gx & 15, gy & 15, sum(sites) OVER cell, sum(sum_x) OVER cell,
                           sum(sum_y) OVER cell, feature_id, service_id, name, category, anonymous_ok
                    FROM (SELECT (c.tile_x * 16 + c.cell_x) >> 1 AS gx, (c.tile_y * 16 + c.cell_y) >> 1 AS gy, c.*
                          FROM service_tile_cells c WHERE c.zoom = level + 1) children
                    WINDOW cell AS (PARTITION BY gx, gy)
                    ORDER BY gx, gy, feature_id;
                END LOOP;
            END $$;
            ANALYZE service_tile_cells;
            """;

        private static readonly string Maintenance = $$"""
            -- Cells whose representative left get the smallest feature id still in them: at zoom 13 from the sites, above
            -- from the four child cells (already repaired, zoom 13 first).
            CREATE FUNCTION resourcemap_tile_cells_fix_representatives() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM service_tile_cells WHERE representative_gone AND sites > 0) THEN RETURN; END IF;
                UPDATE service_tile_cells t
                SET (feature_id, service_id, name, category, anonymous_ok, representative_gone) = (
                    SELECT r.feature_id, r.service_id, r.name, r.category, r.anonymous_ok, false
                    FROM service_search_rows r
                    WHERE r.public_readable
                      AND r.geom_mercator && ST_MakeEnvelope(
                            (t.tile_x * 16 + t.cell_x) * (40075016.685578488 / (16 << 13)) - {{Edge}},
                            {{Edge}} - (t.tile_y * 16 + t.cell_y + 1) * (40075016.685578488 / (16 << 13)),
                            (t.tile_x * 16 + t.cell_x + 1) * (40075016.685578488 / (16 << 13)) - {{Edge}},
                            {{Edge}} - (t.tile_y * 16 + t.cell_y) * (40075016.685578488 / (16 << 13)), 3857)
                      AND resourcemap_tile_grid(ST_X(r.geom_mercator) + {{Edge}}, 13) = t.tile_x * 16 + t.cell_x
                      AND resourcemap_tile_grid({{Edge}} - ST_Y(r.geom_mercator), 13) = t.tile_y * 16 + t.cell_y
                    ORDER BY r.feature_id LIMIT 1)
                WHERE t.zoom = 13 AND t.representative_gone AND t.sites > 0;
                FOR level IN REVERSE 12..0 LOOP
                    UPDATE service_tile_cells t
                    SET (feature_id, service_id, name, category, anonymous_ok, representative_gone) = (
                        SELECT c.feature_id, c.service_id, c.name, c.category, c.anonymous_ok, false
                        FROM service_tile_cells c
                        WHERE c.zoom = level + 1 AND c.sites > 0
                          AND c.tile_x = ((t.tile_x * 16 + t.cell_x) * 2) >> 4 AND c.cell_x IN ((t.cell_x * 2) & 15, ((t.cell_x * 2) & 15) + 1)
                          AND c.tile_y = ((t.tile_y * 16 + t.cell_y) * 2) >> 4 AND c.cell_y IN ((t.cell_y * 2) & 15, ((t.cell_y * 2) & 15) + 1)
                        ORDER BY c.feature_id LIMIT 1)
                    WHERE t.zoom = level AND t.representative_gone AND t.sites > 0;
                END LOOP;
            END $$;

            CREATE FUNCTION resourcemap_tile_cells_from_rows() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    -- A cell that was empty, or whose representative is not smaller than the smallest new site, takes that site.
                    INSERT INTO service_tile_cells AS t (zoom, tile_x, tile_y, cell_x, cell_y, sites, sum_x, sum_y, feature_id, service_id,
                                                         name, category, anonymous_ok)
                    SELECT DISTINCT ON (zoom, gx, gy) zoom, gx >> 4, gy >> 4, gx & 15, gy & 15, count(*) OVER cell, sum(mx) OVER cell,
                           sum(my) OVER cell, feature_id, service_id, name, category, anonymous_ok
                    FROM ({{SitesAtEveryZoom("changed")}}) sites
                    WINDOW cell AS (PARTITION BY zoom, gx, gy)
                    ORDER BY zoom, gx, gy, feature_id
                    ON CONFLICT (zoom, tile_x, tile_y, cell_x, cell_y) DO UPDATE SET
                        sites = t.sites + excluded.sites,
                        sum_x = CASE WHEN t.sites = 0 THEN excluded.sum_x ELSE t.sum_x + excluded.sum_x END,
                        sum_y = CASE WHEN t.sites = 0 THEN excluded.sum_y ELSE t.sum_y + excluded.sum_y END,
                        feature_id = CASE WHEN t.sites = 0 OR excluded.feature_id <= t.feature_id THEN excluded.feature_id ELSE t.feature_id END,
                        service_id = CASE WHEN t.sites = 0 OR excluded.feature_id <= t.feature_id THEN excluded.service_id ELSE t.service_id END,
                        name = CASE WHEN t.sites = 0 OR excluded.feature_id <= t.feature_id THEN excluded.name ELSE t.name END,
                        category = CASE WHEN t.sites = 0 OR excluded.feature_id <= t.feature_id THEN excluded.category ELSE t.category END,
                        anonymous_ok = CASE WHEN t.sites = 0 OR excluded.feature_id <= t.feature_id THEN excluded.anonymous_ok ELSE t.anonymous_ok END,
                        representative_gone = CASE WHEN t.sites = 0 OR excluded.feature_id <= t.feature_id THEN false ELSE t.representative_gone END;
                ELSE
                    -- The representative is the smallest feature id, so it left exactly when the smallest leaving one equals it.
                    UPDATE service_tile_cells t
                    SET sites = t.sites - c.sites, sum_x = t.sum_x - c.sum_x, sum_y = t.sum_y - c.sum_y,
                        representative_gone = t.representative_gone OR t.feature_id = c.smallest
                    FROM (SELECT zoom, gx >> 4 AS tile_x, gy >> 4 AS tile_y, gx & 15 AS cell_x, gy & 15 AS cell_y, count(*) AS sites,
                                 sum(mx) AS sum_x, sum(my) AS sum_y, min(feature_id) AS smallest
                          FROM ({{SitesAtEveryZoom("changed")}}) sites
                          GROUP BY zoom, gx, gy) c
                    WHERE (t.zoom, t.tile_x, t.tile_y, t.cell_x, t.cell_y) = (c.zoom, c.tile_x, c.tile_y, c.cell_x, c.cell_y);
                END IF;
                PERFORM resourcemap_tile_cells_fix_representatives();
                RETURN NULL;
            END $$;
            CREATE TRIGGER tile_cells_rows_insert AFTER INSERT ON service_search_rows
                REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION resourcemap_tile_cells_from_rows();
            CREATE TRIGGER tile_cells_rows_delete AFTER DELETE ON service_search_rows
                REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION resourcemap_tile_cells_from_rows();
            """;
    }
}
