using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SurveyImportProfilesAndReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "header_row",
                table: "survey_imports",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ignored_headers",
                table: "survey_imports",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<int>(
                name: "needs_review",
                table: "survey_imports",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "profile_id",
                table: "survey_imports",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sheet_name",
                table: "survey_imports",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "superseded",
                table: "survey_imports",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "warnings",
                table: "survey_imports",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "municipality_code",
                table: "mapping_profiles",
                type: "character(5)",
                fixedLength: true,
                maxLength: 5,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "options",
                table: "mapping_profiles",
                type: "jsonb",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.CreateTable(
                name: "survey_import_report_rows",
                columns: table => new
                {
                    import_id = table.Column<Guid>(type: "uuid", nullable: false),
                    seq = table.Column<int>(type: "integer", nullable: false),
                    row_number = table.Column<int>(type: "integer", nullable: false),
                    item = table.Column<string>(type: "text", nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "ix_mapping_profiles_municipality_code",
                table: "mapping_profiles",
                column: "municipality_code");

            migrationBuilder.AddForeignKey(
                name: "fk_mapping_profiles_municipalities_municipality_code",
                table: "mapping_profiles",
                column: "municipality_code",
                principalTable: "municipalities",
                principalColumn: "code",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_mapping_profiles_municipalities_municipality_code",
                table: "mapping_profiles");

            migrationBuilder.DropTable(
                name: "survey_import_report_rows");

            migrationBuilder.DropIndex(
                name: "ix_mapping_profiles_municipality_code",
                table: "mapping_profiles");

            migrationBuilder.DropColumn(
                name: "header_row",
                table: "survey_imports");

            migrationBuilder.DropColumn(
                name: "ignored_headers",
                table: "survey_imports");

            migrationBuilder.DropColumn(
                name: "needs_review",
                table: "survey_imports");

            migrationBuilder.DropColumn(
                name: "profile_id",
                table: "survey_imports");

            migrationBuilder.DropColumn(
                name: "sheet_name",
                table: "survey_imports");

            migrationBuilder.DropColumn(
                name: "superseded",
                table: "survey_imports");

            migrationBuilder.DropColumn(
                name: "warnings",
                table: "survey_imports");

            migrationBuilder.DropColumn(
                name: "municipality_code",
                table: "mapping_profiles");

            migrationBuilder.DropColumn(
                name: "options",
                table: "mapping_profiles");
        }
    }
}
