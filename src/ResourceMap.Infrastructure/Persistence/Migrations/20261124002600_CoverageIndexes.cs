using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Coverage looks up one service-area level at a time. A prefecture-wide area lists every code of its prefecture,
    /// so in the one GIN index over covered codes a single municipality matched thousands of prefecture-wide rows
    /// that the level filter then threw away. Local levels get a GIN index of their own; prefecture-wide areas are
    /// found by their prefecture code. Expression/partial indexes only: the EF model is unchanged.
    /// </summary>
    [DbContext(typeof(ResourceMapDbContext))]
    [Migration("20261124002600_CoverageIndexes")]
    public partial class CoverageIndexes : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                CREATE INDEX ix_service_areas_local_covered_codes ON service_areas USING gin (covered_municipality_codes)
                WHERE level IN ({Domain.Directory.ServiceAreaLevels.LocalSqlList});
                """);
            migrationBuilder.Sql("CREATE INDEX ix_service_areas_level_prefecture ON service_areas (level, prefecture_code);");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_service_areas_level_prefecture;");
            migrationBuilder.Sql("DROP INDEX ix_service_areas_local_covered_codes;");
        }
    }
}
