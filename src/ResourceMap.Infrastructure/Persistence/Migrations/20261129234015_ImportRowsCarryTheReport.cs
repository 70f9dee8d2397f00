using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ImportRowsCarryTheReport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "answer_id",
                table: "survey_answer_rows",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "data",
                table: "survey_answer_rows",
                type: "jsonb",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<string>(
                name: "data_hash",
                table: "survey_answer_rows",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "match_detail",
                table: "survey_answer_rows",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "municipality_code",
                table: "survey_answer_rows",
                type: "char(5)",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "superseded_by",
                table: "survey_answer_rows",
                type: "integer",
                nullable: true);

            // The report rows become columns of the import's rows. Rows of committed imports keep their match and
            // supersession; rows of dry-run reports (kept a day) are carried as rows of their import. The interpreted
            // values of reports made before this change are not recoverable from the report's labelled form: they stay
            // empty ({}), while the archived original cells and the stored answers are untouched.
            migrationBuilder.Sql("""
                UPDATE survey_answer_rows r SET match_detail = i.item::jsonb -> 'match', superseded_by = (i.item::jsonb ->> 'superseded_by')::int
                FROM survey_import_report_rows i WHERE i.import_id = r.import_id AND i.row_number = r.row_number;

                INSERT INTO survey_answer_rows (import_id, survey_id, row_number, raw_cells, match, match_detail, target_id, outcome, superseded_by, issues)
                SELECT rr.import_id, im.survey_id, rr.row_number, '{}', rr.item::jsonb -> 'match' ->> 'status', rr.item::jsonb -> 'match',
                       (rr.item::jsonb -> 'match' ->> 'target_id')::uuid, rr.item::jsonb ->> 'outcome', (rr.item::jsonb ->> 'superseded_by')::int,
                       coalesce(rr.item::jsonb -> 'issues', '[]')
                FROM survey_import_report_rows rr JOIN survey_imports im ON im.id = rr.import_id
                WHERE NOT EXISTS (SELECT 1 FROM survey_answer_rows r WHERE r.import_id = rr.import_id AND r.row_number = rr.row_number);
                """);

            migrationBuilder.DropTable(
                name: "survey_import_report_rows");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "answer_id",
                table: "survey_answer_rows");

            migrationBuilder.DropColumn(
                name: "data",
                table: "survey_answer_rows");

            migrationBuilder.DropColumn(
                name: "data_hash",
                table: "survey_answer_rows");

            migrationBuilder.DropColumn(
                name: "match_detail",
                table: "survey_answer_rows");

            migrationBuilder.DropColumn(
                name: "municipality_code",
                table: "survey_answer_rows");

            migrationBuilder.DropColumn(
                name: "superseded_by",
                table: "survey_answer_rows");

            migrationBuilder.CreateTable(
                name: "survey_import_report_rows",
                columns: table => new
                {
                    import_id = table.Column<Guid>(type: "uuid", nullable: false),
                    seq = table.Column<int>(type: "integer", nullable: false),
                    item = table.Column<string>(type: "text", nullable: false),
                    row_number = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_survey_import_report_rows", x => new { x.import_id, x.seq });
                    table.ForeignKey(
                        name: "fk_survey_import_report_rows_survey_imports_import_id",
                        column: x => x.import_id,
                        principalTable: "survey_imports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }
    }
}
