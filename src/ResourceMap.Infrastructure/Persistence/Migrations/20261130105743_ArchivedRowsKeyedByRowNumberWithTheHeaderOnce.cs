using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ArchivedRowsKeyedByRowNumberWithTheHeaderOnce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Decision 20: an import's row is known by its row number. The unique index on (import_id, row_number)
            // becomes the key as it is, without building it again.
            migrationBuilder.DropPrimaryKey(
                name: "pk_survey_answer_rows",
                table: "survey_answer_rows");

            migrationBuilder.DropColumn(
                name: "id",
                table: "survey_answer_rows");

            migrationBuilder.Sql("""
                ALTER TABLE survey_answer_rows
                    ADD CONSTRAINT pk_survey_answer_rows PRIMARY KEY USING INDEX ix_survey_answer_rows_import_id_row_number;
                """);

            // The header once per import; imports from before keep [] (their rows archived it with each row).
            migrationBuilder.AddColumn<string>(
                name: "headers",
                table: "survey_imports",
                type: "json",
                nullable: false,
                defaultValue: "[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_survey_answer_rows",
                table: "survey_answer_rows");

            migrationBuilder.DropColumn(
                name: "headers",
                table: "survey_imports");

            migrationBuilder.AddColumn<long>(
                name: "id",
                table: "survey_answer_rows",
                type: "bigint",
                nullable: false,
                defaultValue: 0L)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

            migrationBuilder.AddPrimaryKey(
                name: "pk_survey_answer_rows",
                table: "survey_answer_rows",
                column: "id");

            migrationBuilder.CreateIndex(
                name: "ix_survey_answer_rows_import_id_row_number",
                table: "survey_answer_rows",
                columns: new[] { "import_id", "row_number" },
                unique: true);
        }
    }
}
