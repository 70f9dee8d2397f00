using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddSharingScopes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "capacity_details",
                table: "services",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "restricted_email",
                table: "services",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "restricted_phone",
                table: "services",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "shared_with_regions",
                table: "services",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<string>(
                name: "sharing_scope",
                table: "services",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "public");

            migrationBuilder.AddColumn<string>(
                name: "contact_person",
                table: "organizations",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "internal_notes",
                table: "organizations",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "shared_with_regions",
                table: "organizations",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<string>(
                name: "sharing_scope",
                table: "organizations",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "public");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "capacity_details",
                table: "services");

            migrationBuilder.DropColumn(
                name: "restricted_email",
                table: "services");

            migrationBuilder.DropColumn(
                name: "restricted_phone",
                table: "services");

            migrationBuilder.DropColumn(
                name: "shared_with_regions",
                table: "services");

            migrationBuilder.DropColumn(
                name: "sharing_scope",
                table: "services");

            migrationBuilder.DropColumn(
                name: "contact_person",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "internal_notes",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "shared_with_regions",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "sharing_scope",
                table: "organizations");
        }
    }
}
