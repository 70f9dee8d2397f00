using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The service-level half of the search read model: one row per live service of a live organisation with its
    /// category, its service area's level, covered codes and prefecture, and the same visibility columns as
    /// service_search_rows, so the gap analysis counts coverage without joining services and organisations. Kept by the
    /// same refresh as service_search_rows (now also called for service-area writes), in the writing transaction.
    /// </summary>
    [DbContext(typeof(ResourceMapDbContext))]
    [Migration("20261129213000_ServiceCoverageRows")]
    public partial class ServiceCoverageRows : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                CREATE TABLE service_coverage_rows (
                    service_id uuid PRIMARY KEY,
                    category text NOT NULL,
                    level text NOT NULL,
                    covered_municipality_codes text[] NOT NULL,
                    prefecture_code text,
                    public_readable boolean NOT NULL,
                    service_scope text NOT NULL,
                    service_owner text NOT NULL,
                    service_shared_with text[] NOT NULL,
                    organization_scope text NOT NULL,
                    organization_owner text NOT NULL,
                    organization_shared_with text[] NOT NULL);
                CREATE INDEX ix_service_coverage_rows_local_codes ON service_coverage_rows USING gin (covered_municipality_codes)
                    WHERE level IN ({Domain.Directory.ServiceAreaLevels.LocalSqlList});
                CREATE INDEX ix_service_coverage_rows_wide ON service_coverage_rows (level, prefecture_code, category);
                """);
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION resourcemap_refresh_search_rows(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
                    IF cardinality(ids) = 0 THEN RETURN; END IF;
                    IF cardinality(ids) <= 10000 THEN
                        PERFORM 1 FROM services WHERE id = ANY (ids) ORDER BY id FOR NO KEY UPDATE;
                    END IF;
                    DELETE FROM service_search_rows WHERE service_id = ANY (ids);
                    INSERT INTO service_search_rows
                    SELECT s.id, l.id, s.organization_id,
                           ('x' || left(md5(s.id::text || l.id::text), 13))::bit(52)::bigint,
                           l.point::geometry, ST_Transform(l.point::geometry, 3857), l.municipality_code::text, s.name, s.category,
                           s.target_groups, s.problem_keywords, s.channels, s.anonymous_ok, s.accepts_other_municipalities,
                           s.search_text, s.hours,
                           resourcemap_may_read(s.sharing_scope, s.owner_municipality_code, s.shared_with_regions, false, NULL, '{}')
                           AND resourcemap_may_read(o.sharing_scope, o.owner_municipality_code, o.shared_with_regions, false, NULL, '{}'),
                           s.sharing_scope, s.owner_municipality_code::text, s.shared_with_regions,
                           o.sharing_scope, o.owner_municipality_code::text, o.shared_with_regions
                    FROM services s
                    JOIN organizations o ON o.id = s.organization_id
                    JOIN service_at_location sal ON sal.service_id = s.id
                    JOIN locations l ON l.id = sal.location_id
                    WHERE s.id = ANY (ids) AND s.archived_at IS NULL AND l.archived_at IS NULL;
                    DELETE FROM service_coverage_rows WHERE service_id = ANY (ids);
                    INSERT INTO service_coverage_rows
                    SELECT s.id, s.category, sa.level, sa.covered_municipality_codes, sa.prefecture_code::text,
                           resourcemap_may_read(s.sharing_scope, s.owner_municipality_code, s.shared_with_regions, false, NULL, '{}')
                           AND resourcemap_may_read(o.sharing_scope, o.owner_municipality_code, o.shared_with_regions, false, NULL, '{}'),
                           s.sharing_scope, s.owner_municipality_code::text, s.shared_with_regions,
                           o.sharing_scope, o.owner_municipality_code::text, o.shared_with_regions
                    FROM services s
                    JOIN organizations o ON o.id = s.organization_id
                    JOIN service_areas sa ON sa.service_id = s.id
                    WHERE s.id = ANY (ids) AND s.archived_at IS NULL AND o.archived_at IS NULL;
                END $$;

                CREATE FUNCTION resourcemap_search_rows_from_areas() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM resourcemap_refresh_search_rows(ARRAY(SELECT DISTINCT service_id FROM changed));
                    RETURN NULL;
                END $$;
                CREATE TRIGGER search_rows_areas_insert AFTER INSERT ON service_areas
                    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION resourcemap_search_rows_from_areas();
                CREATE TRIGGER search_rows_areas_update AFTER UPDATE ON service_areas
                    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION resourcemap_search_rows_from_areas();
                CREATE TRIGGER search_rows_areas_delete AFTER DELETE ON service_areas
                    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION resourcemap_search_rows_from_areas();
                """);
            migrationBuilder.Sql("""
                INSERT INTO service_coverage_rows
                SELECT s.id, s.category, sa.level, sa.covered_municipality_codes, sa.prefecture_code::text,
                       resourcemap_may_read(s.sharing_scope, s.owner_municipality_code, s.shared_with_regions, false, NULL, '{}')
                       AND resourcemap_may_read(o.sharing_scope, o.owner_municipality_code, o.shared_with_regions, false, NULL, '{}'),
                       s.sharing_scope, s.owner_municipality_code::text, s.shared_with_regions,
                       o.sharing_scope, o.owner_municipality_code::text, o.shared_with_regions
                FROM services s
                JOIN organizations o ON o.id = s.organization_id
                JOIN service_areas sa ON sa.service_id = s.id
                WHERE s.archived_at IS NULL AND o.archived_at IS NULL;
                ANALYZE service_coverage_rows;
                """);
            // Sites near each other on the same pages: a dense tile or viewport then reads hundreds of pages, not
            // thousands. New rows go where there is room, so the order decays slowly; CLUSTER again to restore it.
            migrationBuilder.Sql("CLUSTER service_search_rows USING ix_service_search_rows_geom; ANALYZE service_search_rows;");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER search_rows_areas_insert ON service_areas;
                DROP TRIGGER search_rows_areas_update ON service_areas;
                DROP TRIGGER search_rows_areas_delete ON service_areas;
                DROP FUNCTION resourcemap_search_rows_from_areas();
                DROP TABLE service_coverage_rows;
                """);
        }
    }
}
