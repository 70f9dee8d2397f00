using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AnswersReadTheirDataFromTheirRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Decision 18: an answer's data is the data of the committed row that answers for it, which every commit
            // has written beside the copy. The copy goes only if every answer's row is there and says the same.
            migrationBuilder.Sql("""
                DO $$
                DECLARE differing bigint;
                BEGIN
                    SELECT count(*) INTO differing
                    FROM survey_answers a
                    LEFT JOIN survey_answer_rows r ON r.import_id = a.import_id AND r.row_number = a.row_number
                    WHERE r.data IS NULL OR r.data::jsonb <> a.data::jsonb;
                    IF differing > 0 THEN
                        RAISE EXCEPTION '% answers differ from the import rows they were committed from; survey_answers.data is kept', differing;
                    END IF;
                END $$;
                """);
            migrationBuilder.DropColumn(
                name: "data",
                table: "survey_answers");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "data",
                table: "survey_answers",
                type: "json",
                nullable: false,
                defaultValue: "{}");
            migrationBuilder.Sql("""
                UPDATE survey_answers a SET data = r.data
                FROM survey_answer_rows r WHERE r.import_id = a.import_id AND r.row_number = a.row_number;
                """);
        }
    }
}
