using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialDirectory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:postgis", ",,");

            migrationBuilder.CreateTable(
                name: "municipalities",
                columns: table => new
                {
                    code = table.Column<string>(type: "character(5)", fixedLength: true, maxLength: 5, nullable: false),
                    official_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    prefecture_code = table.Column<string>(type: "character(2)", fixedLength: true, maxLength: 2, nullable: false),
                    prefecture = table.Column<string>(type: "text", nullable: false),
                    bureau = table.Column<string>(type: "text", nullable: true),
                    district_or_city = table.Column<string>(type: "text", nullable: true),
                    name = table.Column<string>(type: "text", nullable: false),
                    is_unadministered = table.Column<bool>(type: "boolean", nullable: false),
                    boundary = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: false),
                    representative_point = table.Column<Point>(type: "geometry(Point,4326)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_municipalities", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "regions",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name_ja = table.Column<string>(type: "text", nullable: false),
                    name_en = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    geometry = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: true),
                    is_reference_data = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_regions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "seed_runs",
                columns: table => new
                {
                    dataset = table.Column<string>(type: "text", nullable: false),
                    checksum = table.Column<string>(type: "text", nullable: false),
                    loaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_seed_runs", x => x.dataset);
                });

            migrationBuilder.CreateTable(
                name: "taxonomy_vocabularies",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    label_ja = table.Column<string>(type: "text", nullable: false),
                    label_en = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_taxonomy_vocabularies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "locations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: true),
                    address = table.Column<string>(type: "text", nullable: false),
                    postal_code = table.Column<string>(type: "text", nullable: true),
                    municipality_code = table.Column<string>(type: "character(5)", fixedLength: true, maxLength: 5, nullable: false),
                    point = table.Column<Point>(type: "geography(Point,4326)", nullable: false),
                    precision = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_verified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    archived_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_locations", x => x.id);
                    table.ForeignKey(
                        name: "fk_locations_municipalities_municipality_code",
                        column: x => x.municipality_code,
                        principalTable: "municipalities",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "organizations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    name_kana = table.Column<string>(type: "text", nullable: true),
                    legal_form = table.Column<string>(type: "text", nullable: false),
                    corporate_number = table.Column<string>(type: "character(13)", fixedLength: true, maxLength: 13, nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    website = table.Column<string>(type: "text", nullable: true),
                    email = table.Column<string>(type: "text", nullable: true),
                    phones = table.Column<string>(type: "jsonb", nullable: false),
                    platform_member = table.Column<bool>(type: "boolean", nullable: false),
                    platform_role = table.Column<string>(type: "text", nullable: true),
                    platform_joined_on = table.Column<DateOnly>(type: "date", nullable: true),
                    owner_municipality_code = table.Column<string>(type: "character(5)", fixedLength: true, maxLength: 5, nullable: false),
                    source = table.Column<string>(type: "text", nullable: false),
                    search_text = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_verified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    archived_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organizations", x => x.id);
                    table.ForeignKey(
                        name: "fk_organizations_municipalities_owner_municipality_code",
                        column: x => x.owner_municipality_code,
                        principalTable: "municipalities",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "region_members",
                columns: table => new
                {
                    region_id = table.Column<string>(type: "character varying(64)", nullable: false),
                    municipality_code = table.Column<string>(type: "character(5)", fixedLength: true, maxLength: 5, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_region_members", x => new { x.region_id, x.municipality_code });
                    table.ForeignKey(
                        name: "fk_region_members_municipalities_municipality_code",
                        column: x => x.municipality_code,
                        principalTable: "municipalities",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_region_members_regions_region_id",
                        column: x => x.region_id,
                        principalTable: "regions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "taxonomy_terms",
                columns: table => new
                {
                    vocabulary = table.Column<string>(type: "text", nullable: false),
                    code = table.Column<string>(type: "text", nullable: false),
                    label_ja = table.Column<string>(type: "text", nullable: false),
                    label_en = table.Column<string>(type: "text", nullable: false),
                    aliases = table.Column<List<string>>(type: "text[]", nullable: false),
                    sort_order = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_taxonomy_terms", x => new { x.vocabulary, x.code });
                    table.ForeignKey(
                        name: "fk_taxonomy_terms_taxonomy_vocabularies_vocabulary",
                        column: x => x.vocabulary,
                        principalTable: "taxonomy_vocabularies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "services",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    category = table.Column<string>(type: "text", nullable: false),
                    target_groups = table.Column<List<string>>(type: "text[]", nullable: false),
                    problem_keywords = table.Column<List<string>>(type: "text[]", nullable: false),
                    channels = table.Column<List<string>>(type: "text[]", nullable: false),
                    anonymous_ok = table.Column<bool>(type: "boolean", nullable: false),
                    hours = table.Column<string>(type: "jsonb", nullable: false),
                    hours_notes = table.Column<string>(type: "text", nullable: true),
                    frequency = table.Column<string>(type: "text", nullable: true),
                    fee = table.Column<string>(type: "text", nullable: true),
                    languages = table.Column<List<string>>(type: "text[]", nullable: false),
                    commissioned_by_municipality = table.Column<bool>(type: "boolean", nullable: false),
                    capacity_note = table.Column<string>(type: "text", nullable: true),
                    accepts_other_municipalities = table.Column<bool>(type: "boolean", nullable: false),
                    owner_municipality_code = table.Column<string>(type: "character(5)", fixedLength: true, maxLength: 5, nullable: false),
                    source = table.Column<string>(type: "text", nullable: false),
                    search_text = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_verified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    archived_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_services", x => x.id);
                    table.ForeignKey(
                        name: "fk_services_municipalities_owner_municipality_code",
                        column: x => x.owner_municipality_code,
                        principalTable: "municipalities",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_services_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "service_areas",
                columns: table => new
                {
                    service_id = table.Column<Guid>(type: "uuid", nullable: false),
                    level = table.Column<string>(type: "text", nullable: false),
                    municipality_codes = table.Column<List<string>>(type: "text[]", nullable: false),
                    region_id = table.Column<string>(type: "character varying(64)", nullable: true),
                    prefecture_code = table.Column<string>(type: "text", nullable: true),
                    district_name = table.Column<string>(type: "text", nullable: true),
                    drawn_area = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: true),
                    covered_municipality_codes = table.Column<List<string>>(type: "text[]", nullable: false),
                    geometry = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_areas", x => x.service_id);
                    table.ForeignKey(
                        name: "fk_service_areas_regions_region_id",
                        column: x => x.region_id,
                        principalTable: "regions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_service_areas_services_service_id",
                        column: x => x.service_id,
                        principalTable: "services",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "service_at_location",
                columns: table => new
                {
                    service_id = table.Column<Guid>(type: "uuid", nullable: false),
                    location_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_at_location", x => new { x.service_id, x.location_id });
                    table.ForeignKey(
                        name: "fk_service_at_location_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_service_at_location_services_service_id",
                        column: x => x.service_id,
                        principalTable: "services",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_locations_municipality_code",
                table: "locations",
                column: "municipality_code");

            migrationBuilder.CreateIndex(
                name: "ix_locations_point",
                table: "locations",
                column: "point")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_municipalities_boundary",
                table: "municipalities",
                column: "boundary")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_municipalities_official_code",
                table: "municipalities",
                column: "official_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_municipalities_prefecture",
                table: "municipalities",
                column: "prefecture");

            migrationBuilder.CreateIndex(
                name: "ix_organizations_corporate_number",
                table: "organizations",
                column: "corporate_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_organizations_legal_form",
                table: "organizations",
                column: "legal_form");

            migrationBuilder.CreateIndex(
                name: "ix_organizations_owner_municipality_code",
                table: "organizations",
                column: "owner_municipality_code");

            migrationBuilder.CreateIndex(
                name: "ix_organizations_search_text",
                table: "organizations",
                column: "search_text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_region_members_municipality_code",
                table: "region_members",
                column: "municipality_code");

            migrationBuilder.CreateIndex(
                name: "ix_regions_geometry",
                table: "regions",
                column: "geometry")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_service_areas_covered_municipality_codes",
                table: "service_areas",
                column: "covered_municipality_codes")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_service_areas_geometry",
                table: "service_areas",
                column: "geometry")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_service_areas_level",
                table: "service_areas",
                column: "level");

            migrationBuilder.CreateIndex(
                name: "ix_service_areas_region_id",
                table: "service_areas",
                column: "region_id");

            migrationBuilder.CreateIndex(
                name: "ix_service_at_location_location_id",
                table: "service_at_location",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_services_category",
                table: "services",
                column: "category");

            migrationBuilder.CreateIndex(
                name: "ix_services_channels",
                table: "services",
                column: "channels")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_services_organization_id",
                table: "services",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_services_owner_municipality_code",
                table: "services",
                column: "owner_municipality_code");

            migrationBuilder.CreateIndex(
                name: "ix_services_problem_keywords",
                table: "services",
                column: "problem_keywords")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_services_search_text",
                table: "services",
                column: "search_text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_services_target_groups",
                table: "services",
                column: "target_groups")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "region_members");

            migrationBuilder.DropTable(
                name: "seed_runs");

            migrationBuilder.DropTable(
                name: "service_areas");

            migrationBuilder.DropTable(
                name: "service_at_location");

            migrationBuilder.DropTable(
                name: "taxonomy_terms");

            migrationBuilder.DropTable(
                name: "regions");

            migrationBuilder.DropTable(
                name: "locations");

            migrationBuilder.DropTable(
                name: "services");

            migrationBuilder.DropTable(
                name: "taxonomy_vocabularies");

            migrationBuilder.DropTable(
                name: "organizations");

            migrationBuilder.DropTable(
                name: "municipalities");
        }
    }
}
