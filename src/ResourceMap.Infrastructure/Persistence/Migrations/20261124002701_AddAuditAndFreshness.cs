using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddAuditAndFreshness : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    entity_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    entity_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    before = table.Column<string>(type: "jsonb", nullable: true),
                    after = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_services_last_verified_at_id",
                table: "services",
                columns: new[] { "last_verified_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_organizations_last_verified_at_id",
                table: "organizations",
                columns: new[] { "last_verified_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_actor_occurred_at_id",
                table: "audit_entries",
                columns: new[] { "actor", "occurred_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_entity_id_occurred_at_id",
                table: "audit_entries",
                columns: new[] { "entity_id", "occurred_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_entity_type_entity_id_occurred_at_id",
                table: "audit_entries",
                columns: new[] { "entity_type", "entity_id", "occurred_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_occurred_at_id",
                table: "audit_entries",
                columns: new[] { "occurred_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropIndex(
                name: "ix_services_last_verified_at_id",
                table: "services");

            migrationBuilder.DropIndex(
                name: "ix_organizations_last_verified_at_id",
                table: "organizations");
        }
    }
}
