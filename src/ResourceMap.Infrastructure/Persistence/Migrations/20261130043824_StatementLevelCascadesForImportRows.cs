using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StatementLevelCascadesForImportRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The keys from an import's rows to the import and from an answer to its target were checked by one query
            // per row: about a third of a 100,000-row commit's database work (decision 15). Their deletes still cascade,
            // by one set-based statement per deleting statement.
            migrationBuilder.DropForeignKey(
                name: "fk_survey_answer_rows_survey_imports_import_id",
                table: "survey_answer_rows");

            migrationBuilder.DropForeignKey(
                name: "fk_survey_answers_survey_targets_survey_id_target_id",
                table: "survey_answers");

            migrationBuilder.DropUniqueConstraint(
                name: "ak_survey_targets_survey_id_id",
                table: "survey_targets");

            migrationBuilder.Sql(CascadesUp);
        }

        private const string CascadesUp = """
            CREATE FUNCTION survey_imports_delete_rows() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                DELETE FROM survey_answer_rows r USING deleted_imports d WHERE r.import_id = d.id;
                RETURN NULL;
            END $$;
            CREATE TRIGGER survey_imports_delete_rows AFTER DELETE ON survey_imports
                REFERENCING OLD TABLE AS deleted_imports FOR EACH STATEMENT EXECUTE FUNCTION survey_imports_delete_rows();

            CREATE FUNCTION survey_targets_delete_answers() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                DELETE FROM survey_answers a USING deleted_targets d WHERE a.survey_id = d.survey_id AND a.target_id = d.id;
                RETURN NULL;
            END $$;
            CREATE TRIGGER survey_targets_delete_answers AFTER DELETE ON survey_targets
                REFERENCING OLD TABLE AS deleted_targets FOR EACH STATEMENT EXECUTE FUNCTION survey_targets_delete_answers();
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER survey_imports_delete_rows ON survey_imports;
                DROP FUNCTION survey_imports_delete_rows();
                DROP TRIGGER survey_targets_delete_answers ON survey_targets;
                DROP FUNCTION survey_targets_delete_answers();
                """);

            migrationBuilder.AddUniqueConstraint(
                name: "ak_survey_targets_survey_id_id",
                table: "survey_targets",
                columns: new[] { "survey_id", "id" });

            migrationBuilder.AddForeignKey(
                name: "fk_survey_answer_rows_survey_imports_import_id",
                table: "survey_answer_rows",
                column: "import_id",
                principalTable: "survey_imports",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_survey_answers_survey_targets_survey_id_target_id",
                table: "survey_answers",
                columns: new[] { "survey_id", "target_id" },
                principalTable: "survey_targets",
                principalColumns: new[] { "survey_id", "id" },
                onDelete: ReferentialAction.Cascade);
        }
    }
}
