-- The SQL ServiceSearch.CoverageAsync sends for a point and 50 results on its usual path: per service-area level,
-- most local first, a capped count of the covering services; up to 500 are ranked exhaustively (the district level),
-- more are found among the 256 sites nearest the point (the municipal level, which then fills the page). The API
-- widens the window, falls back to the exhaustive query or goes on to wider levels when that is not enough;
-- pgbench cannot branch on results, so this script always runs exactly these four statements.
\set i random(1, 100)
SELECT lat, lng FROM bench_points WHERE i = :i \gset
WITH place AS (
    SELECT coalesce((SELECT array_agg(code::text) FROM municipalities
                     WHERE ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(:lng, :lat), 4326))), ARRAY[]::text[]) AS codes,
           ST_SetSRID(ST_MakePoint(:lng, :lat), 4326) AS origin)
SELECT count(*) FROM (SELECT 1 FROM place JOIN service_areas sa ON sa.level = 'part_of_municipality' AND sa.covered_municipality_codes && place.codes
                AND coalesce(ST_Intersects(sa.geometry, place.origin), true) LIMIT 501) covering;
WITH place AS (
    SELECT coalesce((SELECT array_agg(code::text) FROM municipalities
                     WHERE ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(:lng, :lat), 4326))), ARRAY[]::text[]) AS codes,
           ST_SetSRID(ST_MakePoint(:lng, :lat), 4326) AS origin)
SELECT s.id, s.name, s.category, s.anonymous_ok, s.accepts_other_municipalities, s.target_groups, s.problem_keywords,
       s.channels, o.id, o.name, l.id, l.address, l.municipality_code::text, ST_Y(l.point::geometry), ST_X(l.point::geometry),
       sa.level, s.last_verified_at, nearest.distance_m
FROM place
JOIN service_areas sa ON sa.level = 'part_of_municipality' AND sa.covered_municipality_codes && place.codes
                AND coalesce(ST_Intersects(sa.geometry, place.origin), true)
JOIN services s ON s.id = sa.service_id AND s.archived_at IS NULL
JOIN organizations o ON o.id = s.organization_id
LEFT JOIN LATERAL (
    SELECT site.*, site.point <-> place.origin::geography AS distance_m
    FROM service_at_location at JOIN locations site ON site.id = at.location_id
    WHERE at.service_id = s.id AND site.archived_at IS NULL
    ORDER BY distance_m, site.id LIMIT 1) nearest ON true
LEFT JOIN locations l ON l.id = nearest.id
WHERE true
  AND s.sharing_scope = 'public' AND (SELECT vo.sharing_scope FROM organizations vo WHERE vo.id = s.organization_id) = 'public'
ORDER BY coalesce(nearest.distance_m, 'Infinity'::float8), s.id LIMIT 51;
WITH place AS (
    SELECT coalesce((SELECT array_agg(code::text) FROM municipalities
                     WHERE ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(:lng, :lat), 4326))), ARRAY[]::text[]) AS codes,
           ST_SetSRID(ST_MakePoint(:lng, :lat), 4326) AS origin)
SELECT count(*) FROM (SELECT 1 FROM place JOIN service_areas sa ON sa.level = 'municipality' AND sa.covered_municipality_codes && place.codes
                AND coalesce(ST_Intersects(sa.geometry, place.origin), true) LIMIT 501) covering;
WITH place AS (
    SELECT coalesce((SELECT array_agg(code::text) FROM municipalities
                     WHERE ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(:lng, :lat), 4326))), ARRAY[]::text[]) AS codes,
           ST_SetSRID(ST_MakePoint(:lng, :lat), 4326) AS origin),
l AS MATERIALIZED (
    SELECT site.id, site.point, site.address, site.municipality_code, site.point <-> place.origin::geography AS d
    FROM place CROSS JOIN LATERAL (
        SELECT site.id, site.point, site.address, site.municipality_code FROM locations site
        WHERE site.archived_at IS NULL
        ORDER BY site.point <-> place.origin::geography LIMIT 256) site)
SELECT s.id, s.name, s.category, s.anonymous_ok, s.accepts_other_municipalities, s.target_groups, s.problem_keywords,
       s.channels, o.id, o.name, l.id, l.address, l.municipality_code::text, ST_Y(l.point::geometry), ST_X(l.point::geometry),
       sa.level, s.last_verified_at, l.d
FROM place CROSS JOIN l
JOIN service_at_location sal ON sal.location_id = l.id
JOIN services s ON s.id = sal.service_id AND s.archived_at IS NULL
JOIN service_areas sa ON sa.service_id = s.id AND sa.level = 'municipality' AND sa.covered_municipality_codes && place.codes
                AND coalesce(ST_Intersects(sa.geometry, place.origin), true)
JOIN organizations o ON o.id = s.organization_id
WHERE true
  AND s.sharing_scope = 'public' AND (SELECT vo.sharing_scope FROM organizations vo WHERE vo.id = s.organization_id) = 'public'
ORDER BY l.d, s.id, l.id;
