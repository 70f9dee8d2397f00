using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// A coverage row carries its service's sites as one MultiPoint (null without a site), so the coverage search ranks
    /// covering services by the distance to their nearest site from the row it already reads, instead of one look-up of
    /// the service's sites per covering service (a thousand and more in a city); the nearest site itself is looked up
    /// for the page's services only (decision 17). The geography distance to a MultiPoint is the least of its points'
    /// distances, computed alike, so results and cursors stay as they were. The refresh function fills the column from
    /// the search rows it has just written; the triggers that call it already fire on every change of a site or link.
    /// </summary>
    public partial class CoverageRowsCarryTheirSites : Migration
    {
        /// <summary>The coverage rows' select with the sites, from the service's search rows (one per site), in site order.</summary>
        internal const string CoverageRowsSelect = CoverageSearchReadModel.CoverageRowsSelectColumns + """
            ,
                   (SELECT ST_Multi(ST_Collect(r.geom ORDER BY r.location_id)) FROM service_search_rows r WHERE r.service_id = s.id)
            """ + CoverageSearchReadModel.CoverageRowsSelectFrom;

        /// <summary>The refresh of SearchRowsCarryHitColumns, its coverage rows written with their sites.</summary>
        internal static readonly string Refresh = ReplaceOnce(SearchRowsCarryHitColumns.Refresh, CoverageSearchReadModel.CoverageRowsSelect, CoverageRowsSelect);

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE service_coverage_rows ADD COLUMN sites geometry(MultiPoint, 4326);
                UPDATE service_coverage_rows c SET sites = x.sites
                FROM (SELECT service_id, ST_Multi(ST_Collect(geom ORDER BY location_id)) AS sites FROM service_search_rows GROUP BY service_id) x
                WHERE x.service_id = c.service_id;
                """);
            migrationBuilder.Sql(Refresh);
            // The update left a dead copy of every row: rewrite the table in its clustered order (outside the transaction).
            migrationBuilder.Sql("CLUSTER service_coverage_rows", suppressTransaction: true);
            migrationBuilder.Sql("VACUUM ANALYZE service_coverage_rows", suppressTransaction: true);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SearchRowsCarryHitColumns.Refresh);
            migrationBuilder.Sql("ALTER TABLE service_coverage_rows DROP COLUMN sites");
        }

        private static string ReplaceOnce(string text, string part, string replacement) =>
            text.Split(part).Length == 2 ? text.Replace(part, replacement) : throw new InvalidOperationException("The refresh no longer holds the coverage rows' select once.");
    }
}
