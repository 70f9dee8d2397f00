-- Generated from CoverageLevelQuery (BenchmarkSqlTests): coverage at a point, 50 results: the district level
-- (count, then ranked whole) and the municipal level (count, then the first window of nearest sites).
\set i random(1, 100)
SELECT lat, lng FROM bench_points WHERE i = :i \gset
WITH place AS (SELECT coalesce((SELECT array_agg(code::text) FROM municipalities
                 WHERE ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(:lng::float8, :lat::float8), 4326))), ARRAY[]::text[]) AS codes,
       ST_SetSRID(ST_MakePoint(:lng::float8, :lat::float8), 4326) AS origin) SELECT count(*) FROM (SELECT 1 FROM place JOIN service_areas sa ON sa.level = 'part_of_municipality' AND sa.covered_municipality_codes && place.codes
AND coalesce(ST_Intersects(sa.geometry, place.origin), true) LIMIT 501) covering;
WITH place AS (SELECT coalesce((SELECT array_agg(code::text) FROM municipalities
                 WHERE ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(:lng::float8, :lat::float8), 4326))), ARRAY[]::text[]) AS codes,
       ST_SetSRID(ST_MakePoint(:lng::float8, :lat::float8), 4326) AS origin)
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
WHERE true AND (resourcemap_may_read(s.sharing_scope, s.owner_municipality_code, s.shared_with_regions, false, NULL::text, '{}'::text[]) AND resourcemap_may_read(o.sharing_scope, o.owner_municipality_code, o.shared_with_regions, false, NULL::text, '{}'::text[])) ORDER BY coalesce(nearest.distance_m, 'Infinity'::float8), s.id LIMIT 51;
WITH place AS (SELECT coalesce((SELECT array_agg(code::text) FROM municipalities
                 WHERE ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(:lng::float8, :lat::float8), 4326))), ARRAY[]::text[]) AS codes,
       ST_SetSRID(ST_MakePoint(:lng::float8, :lat::float8), 4326) AS origin) SELECT count(*) FROM (SELECT 1 FROM place JOIN service_areas sa ON sa.level = 'municipality' AND sa.covered_municipality_codes && place.codes
AND coalesce(ST_Intersects(sa.geometry, place.origin), true) LIMIT 501) covering;
WITH place AS (SELECT coalesce((SELECT array_agg(code::text) FROM municipalities
                 WHERE ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(:lng::float8, :lat::float8), 4326))), ARRAY[]::text[]) AS codes,
       ST_SetSRID(ST_MakePoint(:lng::float8, :lat::float8), 4326) AS origin),
-- The window's sites exactly by sphere distance, found through the geometry index: the planar KNN walk's
-- largest exact distance bounds the window, then the sites within it are sorted exactly (see NearestFirst).
-- Materialised so the walk runs once: as a lateral join, a low row estimate for the joins after it
-- let the planner re-run the walk for every covering service (seconds instead of milliseconds).
walk AS MATERIALIZED (
    SELECT site.point <-> place.origin::geography AS d
    FROM place CROSS JOIN LATERAL (
        SELECT site.point FROM locations site WHERE site.archived_at IS NULL
        ORDER BY site.point::geometry <-> place.origin LIMIT 256) site),
reach AS (SELECT max(d) AS d FROM walk),
l AS MATERIALIZED (
    SELECT site.id, site.point, site.address, site.municipality_code, site.point <-> place.origin::geography AS d
    FROM place, reach, locations site
    WHERE site.archived_at IS NULL
      AND site.point::geometry && ST_Expand(place.origin, (degrees((reach.d) / 6371008.771415) * 1.01 + 1e-9) / cos(radians(least(89.0, abs(ST_Y(place.origin)) + (degrees((reach.d) / 6371008.771415) * 1.01 + 1e-9)))), (degrees((reach.d) / 6371008.771415) * 1.01 + 1e-9))
      AND site.point <-> place.origin::geography <= reach.d
    ORDER BY 5, site.id LIMIT 256)
SELECT s.id, s.name, s.category, s.anonymous_ok, s.accepts_other_municipalities, s.target_groups, s.problem_keywords,
s.channels, o.id, o.name, l.id, l.address, l.municipality_code::text, ST_Y(l.point::geometry), ST_X(l.point::geometry),
sa.level, s.last_verified_at, l.d
FROM place CROSS JOIN l
JOIN service_at_location sal ON sal.location_id = l.id
JOIN services s ON s.id = sal.service_id AND s.archived_at IS NULL
JOIN service_areas sa ON sa.service_id = s.id AND sa.level = 'municipality' AND sa.covered_municipality_codes && place.codes
AND coalesce(ST_Intersects(sa.geometry, place.origin), true)
JOIN organizations o ON o.id = s.organization_id
WHERE true AND (resourcemap_may_read(s.sharing_scope, s.owner_municipality_code, s.shared_with_regions, false, NULL::text, '{}'::text[]) AND resourcemap_may_read(o.sharing_scope, o.owner_municipality_code, o.shared_with_regions, false, NULL::text, '{}'::text[])) ORDER BY l.d, s.id, l.id;
