using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// service_coverage_codes: one row per municipality a local-level service area covers (part of a municipality to a
    /// region), with the level, category and the public's visibility, kept from service_coverage_rows by statement
    /// triggers in the writing transaction. "Which services of this level cover these municipalities" becomes a B-tree
    /// range the planner estimates well (the GIN lookup on the covered-codes array, with codes only known at run time,
    /// lost to a sequential scan of the municipal level's 600,000 rows), and the gap analysis counts local coverage from
    /// the index alone.
    /// </summary>
    [DbContext(typeof(ResourceMapDbContext))]
    [Migration("20261130000700_ServiceCoverageCodes")]
    public partial class ServiceCoverageCodes : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                CREATE TABLE service_coverage_codes (
                    municipality_code text NOT NULL,
                    level text NOT NULL,
                    service_id uuid NOT NULL,
                    category text NOT NULL,
                    public_readable boolean NOT NULL,
                    PRIMARY KEY (municipality_code, level, service_id) INCLUDE (category, public_readable));
                INSERT INTO service_coverage_codes
                SELECT DISTINCT code, c.level, c.service_id, c.category, c.public_readable
                FROM service_coverage_rows c CROSS JOIN LATERAL unnest(c.covered_municipality_codes) AS code
                WHERE c.level IN ({Domain.Directory.ServiceAreaLevels.LocalSqlList});
                CREATE INDEX ix_service_coverage_codes_service ON service_coverage_codes (service_id);

                CREATE FUNCTION resourcemap_coverage_codes_from_rows() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        INSERT INTO service_coverage_codes
                        SELECT DISTINCT code, c.level, c.service_id, c.category, c.public_readable
                        FROM changed c CROSS JOIN LATERAL unnest(c.covered_municipality_codes) AS code
                        WHERE c.level IN ({Domain.Directory.ServiceAreaLevels.LocalSqlList});
                    ELSE
                        DELETE FROM service_coverage_codes WHERE service_id IN (SELECT service_id FROM changed);
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER coverage_codes_rows_insert AFTER INSERT ON service_coverage_rows
                    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION resourcemap_coverage_codes_from_rows();
                CREATE TRIGGER coverage_codes_rows_delete AFTER DELETE ON service_coverage_rows
                    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION resourcemap_coverage_codes_from_rows();
                ANALYZE service_coverage_codes;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER coverage_codes_rows_insert ON service_coverage_rows;
                DROP TRIGGER coverage_codes_rows_delete ON service_coverage_rows;
                DROP FUNCTION resourcemap_coverage_codes_from_rows();
                DROP TABLE service_coverage_codes;
                """);
        }
    }
}
