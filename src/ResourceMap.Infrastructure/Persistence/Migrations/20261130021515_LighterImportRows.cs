using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LighterImportRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // An import writes 100,000 rows and a commit as many answers in one request; nothing queries inside their
            // JSON. json is only validated on the way in (jsonb is parsed into a tree), a row of up to 8 KB is stored
            // as it is instead of being compressed past 2 KB, and the rows' survey_id index served no query. The
            // conversion keeps every value (jsonb to json is lossless).
            migrationBuilder.DropIndex(
                name: "ix_survey_answer_rows_survey_id",
                table: "survey_answer_rows");

            migrationBuilder.AlterTable(
                name: "survey_answer_rows")
                .Annotation("Npgsql:StorageParameter:toast_tuple_target", 8160);

            migrationBuilder.AlterColumn<string>(
                name: "data",
                table: "survey_answers",
                type: "json",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb");

            migrationBuilder.AlterColumn<string>(
                name: "raw_cells",
                table: "survey_answer_rows",
                type: "json",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb");

            migrationBuilder.AlterColumn<string>(
                name: "match_detail",
                table: "survey_answer_rows",
                type: "json",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "jsonb",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "issues",
                table: "survey_answer_rows",
                type: "json",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb");

            migrationBuilder.AlterColumn<string>(
                name: "data",
                table: "survey_answer_rows",
                type: "json",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb");

            migrationBuilder.AlterColumn<string>(
                name: "previous_data",
                table: "survey_answer_changes",
                type: "json",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "survey_answer_rows")
                .OldAnnotation("Npgsql:StorageParameter:toast_tuple_target", 8160);

            migrationBuilder.AlterColumn<string>(
                name: "data",
                table: "survey_answers",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "json");

            migrationBuilder.AlterColumn<string>(
                name: "raw_cells",
                table: "survey_answer_rows",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "json");

            migrationBuilder.AlterColumn<string>(
                name: "match_detail",
                table: "survey_answer_rows",
                type: "jsonb",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "json",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "issues",
                table: "survey_answer_rows",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "json");

            migrationBuilder.AlterColumn<string>(
                name: "data",
                table: "survey_answer_rows",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "json");

            migrationBuilder.AlterColumn<string>(
                name: "previous_data",
                table: "survey_answer_changes",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "json");

            migrationBuilder.CreateIndex(
                name: "ix_survey_answer_rows_survey_id",
                table: "survey_answer_rows",
                column: "survey_id");
        }
    }
}
