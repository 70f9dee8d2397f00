using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OneKeyForAnAnswersTarget : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // An answer's survey and target were two foreign keys, each checked for every answer a commit inserts; one
            // key (survey, target) checks both and also that the target is the survey's. The answers' target_id index
            // is covered by their unique (survey_id, target_id) index.
            migrationBuilder.DropForeignKey(
                name: "fk_survey_answers_survey_targets_target_id",
                table: "survey_answers");

            migrationBuilder.DropForeignKey(
                name: "fk_survey_answers_surveys_survey_id",
                table: "survey_answers");

            migrationBuilder.DropIndex(
                name: "ix_survey_answers_target_id",
                table: "survey_answers");

            migrationBuilder.AddUniqueConstraint(
                name: "ak_survey_targets_survey_id_id",
                table: "survey_targets",
                columns: new[] { "survey_id", "id" });

            migrationBuilder.AddForeignKey(
                name: "fk_survey_answers_survey_targets_survey_id_target_id",
                table: "survey_answers",
                columns: new[] { "survey_id", "target_id" },
                principalTable: "survey_targets",
                principalColumns: new[] { "survey_id", "id" },
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_survey_answers_survey_targets_survey_id_target_id",
                table: "survey_answers");

            migrationBuilder.DropUniqueConstraint(
                name: "ak_survey_targets_survey_id_id",
                table: "survey_targets");

            migrationBuilder.CreateIndex(
                name: "ix_survey_answers_target_id",
                table: "survey_answers",
                column: "target_id");

            migrationBuilder.AddForeignKey(
                name: "fk_survey_answers_survey_targets_target_id",
                table: "survey_answers",
                column: "target_id",
                principalTable: "survey_targets",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_survey_answers_surveys_survey_id",
                table: "survey_answers",
                column: "survey_id",
                principalTable: "surveys",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
