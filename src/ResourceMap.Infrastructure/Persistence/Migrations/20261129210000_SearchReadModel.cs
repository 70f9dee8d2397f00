using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResourceMap.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The sharing rule as SQL functions (the one SQL rendering every query calls, inlined by the planner), and the
    /// search read model: one row per live service at a live site with every filter column and the visibility of the
    /// service and its organisation as plain columns, kept by statement triggers in the transaction of each write
    /// (never rebuilt in batches). Municipal boundaries gain pre-simplified Web Mercator shapes for low-zoom tiles.
    /// Raw SQL only: the EF model is unchanged.
    /// </summary>
    [DbContext(typeof(ResourceMapDbContext))]
    [Migration("20261129210000_SearchReadModel")]
    public partial class SearchReadModel : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SharingRule);
            migrationBuilder.Sql(ReadModel);
            migrationBuilder.Sql(Maintenance);
            migrationBuilder.Sql("SELECT resourcemap_refresh_search_rows(ARRAY(SELECT id FROM services));");
            migrationBuilder.Sql("ANALYZE service_search_rows;");
            migrationBuilder.Sql(TileBoundaries);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Drop);
        }

        /// <summary>
        /// Whom a record is shared with (admins; staff of the owner municipality; unless owner-scoped, staff of a member
        /// of one of its shared_with_regions) and who may read it (everyone when public). The public passes
        /// (false, NULL, '{}'); admins pass viewer_all. Plain SQL expressions, so the planner inlines them.
        /// </summary>
        private const string SharingRule = """
            CREATE FUNCTION resourcemap_shared_with(scope text, owner text, shared_with text[], viewer_all boolean,
                                                    viewer_home text, viewer_regions text[])
            RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT viewer_all OR coalesce(owner = viewer_home, false)
                       OR (scope <> 'owner' AND coalesce(shared_with && viewer_regions, false))
            $$;
            CREATE FUNCTION resourcemap_may_read(scope text, owner text, shared_with text[], viewer_all boolean,
                                                 viewer_home text, viewer_regions text[])
            RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT scope = 'public' OR resourcemap_shared_with(scope, owner, shared_with, viewer_all, viewer_home, viewer_regions)
            $$;
            """;

        private const string ReadModel = """
            CREATE TABLE service_search_rows (
                service_id uuid NOT NULL,
                location_id uuid NOT NULL,
                organization_id uuid NOT NULL,
                -- The MVT feature id: 52 bits of a hash of the pair, stable across edits and exact in JavaScript.
                feature_id bigint NOT NULL,
                geom geometry(Point, 4326) NOT NULL,
                -- The same point in Web Mercator, for tiles (no transform per feature).
                geom_mercator geometry(Point, 3857) NOT NULL,
                municipality_code text NOT NULL,
                name text NOT NULL,
                category text NOT NULL,
                target_groups text[] NOT NULL,
                problem_keywords text[] NOT NULL,
                channels text[] NOT NULL,
                anonymous_ok boolean NOT NULL,
                accepts_other_municipalities boolean NOT NULL,
                search_text text NOT NULL,
                hours jsonb NOT NULL,
                -- resourcemap_may_read for the public, of the service and of its organisation.
                public_readable boolean NOT NULL,
                service_scope text NOT NULL,
                service_owner text NOT NULL,
                service_shared_with text[] NOT NULL,
                organization_scope text NOT NULL,
                organization_owner text NOT NULL,
                organization_shared_with text[] NOT NULL,
                PRIMARY KEY (service_id, location_id));
            CREATE INDEX ix_service_search_rows_geom ON service_search_rows USING gist (geom);
            CREATE INDEX ix_service_search_rows_geom_mercator ON service_search_rows USING gist (geom_mercator);
            CREATE INDEX ix_service_search_rows_feature ON service_search_rows (feature_id);
            CREATE INDEX ix_service_search_rows_location ON service_search_rows (location_id);
            CREATE INDEX ix_service_search_rows_organization ON service_search_rows (organization_id);
            CREATE INDEX ix_service_search_rows_municipality ON service_search_rows (municipality_code, category);
            CREATE INDEX ix_service_search_rows_bigrams ON service_search_rows USING gin (resourcemap_bigrams(search_text));
            """;

        /// <summary>
        /// Rows are recomputed per service from the tables (delete, then insert what is live): every trigger only
        /// names the services a statement touched. Locking those services first serialises two transactions that
        /// refresh the same service (say an organisation edit and a service edit), so the later one reads the
        /// earlier one's committed rows.
        /// </summary>
        private const string Maintenance = """
            CREATE FUNCTION resourcemap_refresh_search_rows(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                IF cardinality(ids) = 0 THEN RETURN; END IF;
                IF cardinality(ids) <= 10000 THEN
                    PERFORM 1 FROM services WHERE id = ANY (ids) ORDER BY id FOR NO KEY UPDATE;
                END IF;
                DELETE FROM service_search_rows WHERE service_id = ANY (ids);
                INSERT INTO service_search_rows
                SELECT s.id, l.id, s.organization_id,
                       ('x' || left(md5(s.id::text || l.id::text), 13))::bit(52)::bigint,
                       l.point::geometry, ST_Transform(l.point::geometry, 3857), l.municipality_code::text, s.name, s.category, s.target_groups, s.problem_keywords,
                       s.channels, s.anonymous_ok, s.accepts_other_municipalities, s.search_text, s.hours,
                       resourcemap_may_read(s.sharing_scope, s.owner_municipality_code, s.shared_with_regions, false, NULL, '{}')
                       AND resourcemap_may_read(o.sharing_scope, o.owner_municipality_code, o.shared_with_regions, false, NULL, '{}'),
                       s.sharing_scope, s.owner_municipality_code::text, s.shared_with_regions,
                       o.sharing_scope, o.owner_municipality_code::text, o.shared_with_regions
                FROM services s
                JOIN organizations o ON o.id = s.organization_id
                JOIN service_at_location sal ON sal.service_id = s.id
                JOIN locations l ON l.id = sal.location_id
                WHERE s.id = ANY (ids) AND s.archived_at IS NULL AND l.archived_at IS NULL;
            END $$;

            CREATE FUNCTION resourcemap_search_rows_from_services() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    DELETE FROM service_search_rows WHERE service_id IN (SELECT id FROM changed);
                ELSE
                    PERFORM resourcemap_refresh_search_rows(ARRAY(SELECT id FROM changed));
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER search_rows_services_insert AFTER INSERT ON services
                REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION resourcemap_search_rows_from_services();
            CREATE TRIGGER search_rows_services_update AFTER UPDATE ON services
                REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION resourcemap_search_rows_from_services();
            CREATE TRIGGER search_rows_services_delete AFTER DELETE ON services
                REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION resourcemap_search_rows_from_services();

            CREATE FUNCTION resourcemap_search_rows_from_organizations() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM resourcemap_refresh_search_rows(ARRAY(
                    SELECT s.id FROM services s WHERE s.organization_id IN (SELECT id FROM changed)));
                RETURN NULL;
            END $$;
            CREATE TRIGGER search_rows_organizations_update AFTER UPDATE ON organizations
                REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION resourcemap_search_rows_from_organizations();

            CREATE FUNCTION resourcemap_search_rows_from_locations() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    DELETE FROM service_search_rows WHERE location_id IN (SELECT id FROM changed);
                ELSE
                    PERFORM resourcemap_refresh_search_rows(ARRAY(
                        SELECT DISTINCT sal.service_id FROM service_at_location sal WHERE sal.location_id IN (SELECT id FROM changed)));
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER search_rows_locations_update AFTER UPDATE ON locations
                REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION resourcemap_search_rows_from_locations();
            CREATE TRIGGER search_rows_locations_delete AFTER DELETE ON locations
                REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION resourcemap_search_rows_from_locations();

            CREATE FUNCTION resourcemap_search_rows_from_links() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM resourcemap_refresh_search_rows(ARRAY(SELECT DISTINCT service_id FROM changed));
                RETURN NULL;
            END $$;
            CREATE TRIGGER search_rows_links_insert AFTER INSERT ON service_at_location
                REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION resourcemap_search_rows_from_links();
            CREATE TRIGGER search_rows_links_delete AFTER DELETE ON service_at_location
                REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION resourcemap_search_rows_from_links();
            CREATE TRIGGER search_rows_links_update_new AFTER UPDATE ON service_at_location
                REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION resourcemap_search_rows_from_links();
            CREATE TRIGGER search_rows_links_update_old AFTER UPDATE ON service_at_location
                REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION resourcemap_search_rows_from_links();
            """;

        /// <summary>
        /// Boundaries in Web Mercator, simplified for the zoom bands of the municipality tiles (tolerance about one to
        /// two tile pixels at the band's highest zoom): a z0 tile of all of Japan stays small, z13+ uses the stored shape.
        /// Generated columns, so they follow every change of the boundary.
        /// </summary>
        private const string TileBoundaries = """
            ALTER TABLE municipalities
                ADD COLUMN tile_boundary_z5 geometry GENERATED ALWAYS AS (ST_SimplifyPreserveTopology(ST_Transform(boundary, 3857), 600)) STORED,
                ADD COLUMN tile_boundary_z9 geometry GENERATED ALWAYS AS (ST_SimplifyPreserveTopology(ST_Transform(boundary, 3857), 40)) STORED,
                ADD COLUMN tile_boundary_z12 geometry GENERATED ALWAYS AS (ST_SimplifyPreserveTopology(ST_Transform(boundary, 3857), 5)) STORED,
                ADD COLUMN tile_boundary geometry GENERATED ALWAYS AS (ST_Transform(boundary, 3857)) STORED;
            CREATE INDEX ix_municipalities_tile_boundary ON municipalities USING gist (tile_boundary);
            """;

        private const string Drop = """
            ALTER TABLE municipalities DROP COLUMN tile_boundary_z5, DROP COLUMN tile_boundary_z9, DROP COLUMN tile_boundary_z12,
                DROP COLUMN tile_boundary;
            DROP TRIGGER search_rows_services_insert ON services;
            DROP TRIGGER search_rows_services_update ON services;
            DROP TRIGGER search_rows_services_delete ON services;
            DROP TRIGGER search_rows_organizations_update ON organizations;
            DROP TRIGGER search_rows_locations_update ON locations;
            DROP TRIGGER search_rows_locations_delete ON locations;
            DROP TRIGGER search_rows_links_insert ON service_at_location;
            DROP TRIGGER search_rows_links_delete ON service_at_location;
            DROP TRIGGER search_rows_links_update_new ON service_at_location;
            DROP TRIGGER search_rows_links_update_old ON service_at_location;
            DROP FUNCTION resourcemap_search_rows_from_services();
            DROP FUNCTION resourcemap_search_rows_from_organizations();
            DROP FUNCTION resourcemap_search_rows_from_locations();
            DROP FUNCTION resourcemap_search_rows_from_links();
            DROP FUNCTION resourcemap_refresh_search_rows(uuid[]);
            DROP TABLE service_search_rows;
            DROP FUNCTION resourcemap_may_read(text, text, text[], boolean, text, text[]);
            DROP FUNCTION resourcemap_shared_with(text, text, text[], boolean, text, text[]);
            """;
    }
}
