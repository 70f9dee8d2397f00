using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// service_coverage_rows in the order of their first covered municipality (covered codes are sorted): the areas of
    /// one municipality, of one prefecture's municipalities and of one prefecture lie on neighbouring pages, so the gap
    /// analysis of Hokkaido's 194 municipalities reads a few thousand pages instead of most of the table. New rows go
    /// where there is room, so the order decays slowly; CLUSTER again to restore it.
    /// </summary>
    [DbContext(typeof(ResourceMapDbContext))]
    [Migration("20261130000500_ClusterCoverageRows")]
    public partial class ClusterCoverageRows : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE INDEX ix_service_coverage_rows_first_code ON service_coverage_rows ((covered_municipality_codes[1]), level)");
            migrationBuilder.Sql("CLUSTER service_coverage_rows USING ix_service_coverage_rows_first_code", suppressTransaction: true);
            migrationBuilder.Sql("VACUUM ANALYZE service_coverage_rows", suppressTransaction: true);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_service_coverage_rows_first_code");
        }
    }
}
