using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The read model carries every column a search hit shows (the organisation's name, the site's address, the service
    /// area's level, the service's last verification), so a page of hits is read from service_search_rows by its
    /// primary key instead of four primary-key lookups per hit into services, organisations, sites and service areas
    /// (SearchSql.HitsOf). The refresh function fills them; the triggers that call it already fire on every table they
    /// come from. A service without a service area keeps its row with a null level, as before (it counts in totals and
    /// tiles, and a hit needs the level).
    /// </summary>
    [DbContext(typeof(ResourceMapDbContext))]
    [Migration("20261130020000_SearchRowsCarryHitColumns")]
    public partial class SearchRowsCarryHitColumns : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE service_search_rows
                    ADD COLUMN organization_name text, ADD COLUMN address text, ADD COLUMN service_area_level text,
                    ADD COLUMN last_verified_at timestamptz;
                UPDATE service_search_rows r
                SET organization_name = o.name, address = l.address, service_area_level = sa.level, last_verified_at = s.last_verified_at
                FROM services s
                JOIN organizations o ON o.id = s.organization_id
                LEFT JOIN service_areas sa ON sa.service_id = s.id,
                locations l
                WHERE s.id = r.service_id AND l.id = r.location_id;
                ALTER TABLE service_search_rows ALTER COLUMN organization_name SET NOT NULL, ALTER COLUMN last_verified_at SET NOT NULL;
                """);
            migrationBuilder.Sql(Refresh);
            // The update left a dead copy of every row: rewrite the table in its clustered order (outside the transaction).
            migrationBuilder.Sql("CLUSTER service_search_rows", suppressTransaction: true);
            migrationBuilder.Sql("VACUUM ANALYZE service_search_rows", suppressTransaction: true);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CoverageSearchReadModel.Refresh);
            migrationBuilder.Sql("""
                ALTER TABLE service_search_rows DROP COLUMN organization_name, DROP COLUMN address, DROP COLUMN service_area_level,
                    DROP COLUMN last_verified_at;
                """);
        }

        // The coverage rows are refreshed as before (CoverageSearchReadModel).
        internal const string Refresh = $$"""
            CREATE OR REPLACE FUNCTION resourcemap_refresh_search_rows(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                IF cardinality(ids) = 0 THEN RETURN; END IF;
                IF cardinality(ids) <= 10000 THEN
                    PERFORM 1 FROM services WHERE id = ANY (ids) ORDER BY id FOR NO KEY UPDATE;
                END IF;
                DELETE FROM service_search_rows WHERE service_id = ANY (ids);
                INSERT INTO service_search_rows (service_id, location_id, organization_id, feature_id, geom, geom_mercator,
                       municipality_code, name, category, target_groups, problem_keywords, channels, anonymous_ok,
                       accepts_other_municipalities, search_text, hours, public_readable, service_scope, service_owner,
                       service_shared_with, organization_scope, organization_owner, organization_shared_with,
                       organization_name, address, service_area_level, last_verified_at)
                SELECT s.id, l.id, s.organization_id,
                       ('x' || left(md5(s.id::text || l.id::text), 13))::bit(52)::bigint,
                       l.point::geometry, ST_Transform(l.point::geometry, 3857), l.municipality_code::text, s.name, s.category,
                       s.target_groups, s.problem_keywords, s.channels, s.anonymous_ok, s.accepts_other_municipalities,
                       s.search_text, s.hours,
                       resourcemap_may_read(s.sharing_scope, s.owner_municipality_code, s.shared_with_regions, false, NULL, '{}')
                       AND resourcemap_may_read(o.sharing_scope, o.owner_municipality_code, o.shared_with_regions, false, NULL, '{}'),
                       s.sharing_scope, s.owner_municipality_code::text, s.shared_with_regions,
                       o.sharing_scope, o.owner_municipality_code::text, o.shared_with_regions,
                       o.name, l.address, sa.level, s.last_verified_at
                FROM services s
                JOIN organizations o ON o.id = s.organization_id
                JOIN service_at_location sal ON sal.service_id = s.id
                JOIN locations l ON l.id = sal.location_id
                LEFT JOIN service_areas sa ON sa.service_id = s.id
                WHERE s.id = ANY (ids) AND s.archived_at IS NULL AND l.archived_at IS NULL;
                DELETE FROM service_coverage_rows WHERE service_id = ANY (ids);
                INSERT INTO service_coverage_rows
                {{CoverageSearchReadModel.CoverageRowsSelect}}
                WHERE s.id = ANY (ids) AND s.archived_at IS NULL AND o.archived_at IS NULL;
            END $$;
            """;
    }
}
