using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The coverage search reads the read model: service_coverage_rows gains the search filter columns (the same names
    /// as service_search_rows, so one filter rendering serves both) and the drawn district's geometry, and is rebuilt
    /// with them. service_search_rows is clustered by location, so a dense tile or viewport reads hundreds of pages,
    /// not thousands (a database filled after the earlier CLUSTER kept its insertion order), and gets an index for the
    /// gap analysis' per-municipality counts.
    /// </summary>
    [DbContext(typeof(ResourceMapDbContext))]
    [Migration("20261130000000_CoverageSearchReadModel")]
    public partial class CoverageSearchReadModel : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(JitOff);
            migrationBuilder.Sql(Refresh);
            migrationBuilder.Sql($"""
                DROP TABLE service_coverage_rows;
                CREATE TABLE service_coverage_rows (
                    service_id uuid PRIMARY KEY,
                    category text NOT NULL,
                    level text NOT NULL,
                    covered_municipality_codes text[] NOT NULL,
                    prefecture_code text,
                    -- A drawn district (clipped to its municipality): the place must lie inside it.
                    district geometry(MultiPolygon, 4326),
                    target_groups text[] NOT NULL,
                    problem_keywords text[] NOT NULL,
                    channels text[] NOT NULL,
                    anonymous_ok boolean NOT NULL,
                    accepts_other_municipalities boolean NOT NULL,
                    search_text text NOT NULL,
                    hours jsonb NOT NULL,
                    public_readable boolean NOT NULL,
                    service_scope text NOT NULL,
                    service_owner text NOT NULL,
                    service_shared_with text[] NOT NULL,
                    organization_scope text NOT NULL,
                    organization_owner text NOT NULL,
                    organization_shared_with text[] NOT NULL);
                INSERT INTO service_coverage_rows {CoverageRowsSelect} WHERE s.archived_at IS NULL AND o.archived_at IS NULL;
                CREATE INDEX ix_service_coverage_rows_local_codes ON service_coverage_rows USING gin (covered_municipality_codes)
                    WHERE level IN ({Domain.Directory.ServiceAreaLevels.LocalSqlList});
                CREATE INDEX ix_service_coverage_rows_wide ON service_coverage_rows (level, prefecture_code, category);
                ANALYZE service_coverage_rows;
                """);
            // Outside the migration's transaction: VACUUM cannot run in one, and each step commits on its own.
            migrationBuilder.Sql("CLUSTER service_search_rows USING ix_service_search_rows_geom", suppressTransaction: true);
            migrationBuilder.Sql("""
                CREATE INDEX ix_service_search_rows_municipality_counts ON service_search_rows (municipality_code, category, service_id)
                    INCLUDE (public_readable)
                """, suppressTransaction: true);
            migrationBuilder.Sql("DROP INDEX ix_service_search_rows_municipality", suppressTransaction: true);
            migrationBuilder.Sql("VACUUM ANALYZE service_search_rows", suppressTransaction: true);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX ix_service_search_rows_municipality ON service_search_rows (municipality_code, category);
                DROP INDEX ix_service_search_rows_municipality_counts;
                ALTER TABLE service_coverage_rows DROP COLUMN district, DROP COLUMN target_groups, DROP COLUMN problem_keywords,
                    DROP COLUMN channels, DROP COLUMN anonymous_ok, DROP COLUMN accepts_other_municipalities,
                    DROP COLUMN search_text, DROP COLUMN hours;
                """);
        }

        /// <summary>
        /// Every query here runs in milliseconds, but the planner's cost estimates for the gap analysis and the tiles pass
        /// the JIT threshold, and compiling took seconds (8 of the gap analysis' 13.8 s at a million services). Set for
        /// the database (so a standby's sessions and every client get it) when the migrating role may; otherwise left to
        /// the operator.
        /// </summary>
        private const string JitOff = """
            DO $$
            BEGIN
                IF EXISTS (SELECT 1 FROM pg_database d WHERE d.datname = current_database() AND pg_has_role(current_user, d.datdba, 'MEMBER'))
                   OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
                    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
                ELSE
                    RAISE NOTICE 'jit stays on: % may not alter database %', current_user, current_database();
                END IF;
            END $$;
            """;

        /// <summary>A service's coverage row, from services s, organizations o and service_areas sa.</summary>
        // In two parts, so that a later migration can add columns between them (CoverageRowsCarryTheirSites).
        internal const string CoverageRowsSelectColumns = """
            SELECT s.id, s.category, sa.level, sa.covered_municipality_codes, sa.prefecture_code::text, sa.geometry,
                   s.target_groups, s.problem_keywords, s.channels, s.anonymous_ok, s.accepts_other_municipalities,
                   s.search_text, s.hours,
                   resourcemap_may_read(s.sharing_scope, s.owner_municipality_code, s.shared_with_regions, false, NULL, '{}')
                   AND resourcemap_may_read(o.sharing_scope, o.owner_municipality_code, o.shared_with_regions, false, NULL, '{}'),
                   s.sharing_scope, s.owner_municipality_code::text, s.shared_with_regions,
                   o.sharing_scope, o.owner_municipality_code::text, o.shared_with_regions
            """;

        internal const string CoverageRowsSelectFrom = """

            FROM services s
            JOIN organizations o ON o.id = s.organization_id
            JOIN service_areas sa ON sa.service_id = s.id
            """;

        internal const string CoverageRowsSelect = CoverageRowsSelectColumns + CoverageRowsSelectFrom;

        internal const string Refresh = $$"""
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
                {{CoverageRowsSelect}}
                WHERE s.id = ANY (ids) AND s.archived_at IS NULL AND o.archived_at IS NULL;
            END $$;
            """;
    }
}
