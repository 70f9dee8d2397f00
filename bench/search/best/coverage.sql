-- Best hand-written SQL for coverage at a point, 50 results (+1), the public, in one round trip: the place once, the
-- district level ranked whole, the municipal level from the 256 sites nearest the point (geometry KNN, exact sphere
-- order within the reach), each service once at its nearest site, local levels first. (The API proves the window
-- complete before using it; on the benchmark's points it always is.)
\set i random(1, 100)
SELECT lat, lng FROM bench_points WHERE i = :i \gset
WITH place AS (
    SELECT coalesce((SELECT array_agg(code::text) FROM municipalities
                     WHERE ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(:lng::float8, :lat::float8), 4326))), ARRAY[]::text[]) AS codes,
           ST_SetSRID(ST_MakePoint(:lng::float8, :lat::float8), 4326) AS origin),
district AS (
    SELECT 0 AS rank, s.id AS service_id, nearest.id AS location_id, nearest.d
    FROM place
    JOIN service_areas sa ON sa.level = 'part_of_municipality' AND sa.covered_municipality_codes && place.codes
                         AND coalesce(ST_Intersects(sa.geometry, place.origin), true)
    JOIN services s ON s.id = sa.service_id AND s.archived_at IS NULL AND s.sharing_scope = 'public'
    JOIN organizations o ON o.id = s.organization_id AND o.sharing_scope = 'public'
    LEFT JOIN LATERAL (
        SELECT site.id, site.point <-> place.origin::geography AS d
        FROM service_at_location at JOIN locations site ON site.id = at.location_id
        WHERE at.service_id = s.id AND site.archived_at IS NULL
        ORDER BY 2, site.id LIMIT 1) nearest ON true),
walk AS MATERIALIZED (
    SELECT r.geom::geography <-> place.origin::geography AS d
    FROM place CROSS JOIN LATERAL (SELECT geom FROM service_search_rows ORDER BY geom <-> place.origin LIMIT 256) r),
sites AS MATERIALIZED (
    SELECT r.service_id, r.location_id, r.geom::geography <-> place.origin::geography AS d
    FROM place, (SELECT max(d) AS d FROM walk) reach, service_search_rows r
    WHERE r.geom && ST_Expand(place.origin, degrees(reach.d / 6371008.771415) * 1.01 / cos(radians(abs(:lat::float8) + degrees(reach.d / 6371008.771415) * 1.01)),
                              degrees(reach.d / 6371008.771415) * 1.01)
      AND r.geom::geography <-> place.origin::geography <= reach.d),
municipal AS (
    SELECT DISTINCT ON (c.service_id) 1 AS rank, c.service_id, c.location_id, c.d
    FROM sites c
    JOIN service_search_rows r ON r.service_id = c.service_id AND r.location_id = c.location_id AND r.public_readable
    JOIN service_areas sa ON sa.service_id = c.service_id AND sa.level = 'municipality'
    JOIN place ON sa.covered_municipality_codes && place.codes
    ORDER BY c.service_id, c.d, c.location_id),
page AS (
    SELECT * FROM (SELECT * FROM district UNION ALL SELECT * FROM municipal) p
    ORDER BY rank, coalesce(d, 'Infinity'::float8), service_id LIMIT 51)
SELECT s.id, s.name, s.category, s.anonymous_ok, s.accepts_other_municipalities, s.target_groups, s.problem_keywords,
       s.channels, o.id, o.name, l.id, l.address, l.municipality_code::text, ST_Y(l.point::geometry), ST_X(l.point::geometry),
       sa.level, s.last_verified_at, p.d
FROM page p
JOIN services s ON s.id = p.service_id
JOIN organizations o ON o.id = s.organization_id
LEFT JOIN locations l ON l.id = p.location_id
JOIN service_areas sa ON sa.service_id = s.id
ORDER BY p.rank, coalesce(p.d, 'Infinity'::float8), p.service_id;
