using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TargetsRoomForStatusUpdates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Room on each page for a target's next row version: status changes become HOT updates. Rows written
            // from now on get it; existing pages fill up as they are rewritten.
            migrationBuilder.AlterTable(
                name: "survey_targets")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "survey_targets")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);
        }
    }
}
