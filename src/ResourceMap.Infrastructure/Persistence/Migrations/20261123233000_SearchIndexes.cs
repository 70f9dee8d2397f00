using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Indexes the search endpoints need that EF's model cannot express (expression indexes), so the model
    /// snapshot is unchanged:
    /// - planar bounding-box, region and tile queries on the site points: GiST on (point::geometry);
    /// - Japanese free text: 2-character queries such as 居場 have no trigram, so a GIN index over the bigrams of
    ///   the normalised search text answers them (pg_bigm's idea, in plain SQL); a LIKE recheck keeps it exact.
    /// </summary>
    [DbContext(typeof(ResourceMapDbContext))]
    [Migration("20261123233000_SearchIndexes")]
    public partial class SearchIndexes : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION resourcemap_bigrams(text) RETURNS text[]
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
                    SELECT coalesce(array_agg(DISTINCT substr($1, i, 2)), ARRAY[]::text[])
                    FROM generate_series(1, char_length($1) - 1) AS i
                    WHERE position(' ' IN substr($1, i, 2)) = 0
                $$;
                """);
            migrationBuilder.Sql("CREATE INDEX ix_services_search_bigrams ON services USING gin (resourcemap_bigrams(search_text));");
            migrationBuilder.Sql("CREATE INDEX ix_locations_point_geometry ON locations USING gist ((point::geometry));");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_locations_point_geometry;");
            migrationBuilder.Sql("DROP INDEX ix_services_search_bigrams;");
            migrationBuilder.Sql("DROP FUNCTION resourcemap_bigrams(text);");
        }
    }
}
