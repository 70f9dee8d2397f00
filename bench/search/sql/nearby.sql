-- Generated from NearbyQuery (BenchmarkSqlTests): radius 5 km, category ibasho, 50 results (+1 for the cursor).
\set i random(1, 100)
SELECT lat, lng FROM bench_points WHERE i = :i \gset
WITH walk AS MATERIALIZED (
    SELECT r.service_id, r.location_id, (r.geom::geography <-> ST_SetSRID(ST_MakePoint(:lng::float8, :lat::float8), 4326)::geography) AS d
    FROM service_search_rows r
    WHERE r.geom && ST_Expand(ST_SetSRID(ST_MakePoint(:lng::float8, :lat::float8), 4326), (degrees((5000) / 6371008.771415) * 1.01 + 1e-9) / cos(radians(least(89.0, abs(:lat::float8) + (degrees((5000) / 6371008.771415) * 1.01 + 1e-9)))), (degrees((5000) / 6371008.771415) * 1.01 + 1e-9)) AND (r.geom::geography <-> ST_SetSRID(ST_MakePoint(:lng::float8, :lat::float8), 4326)::geography) <= 5000 AND r.public_readable AND r.category = 'ibasho'
    ORDER BY r.geom <-> ST_SetSRID(ST_MakePoint(:lng::float8, :lat::float8), 4326)
    LIMIT 51),
reach AS (SELECT count(*) = 51 AS cut, max(d) AS d FROM walk),
candidates AS (
    SELECT service_id, location_id, d FROM walk WHERE NOT (SELECT cut FROM reach)
    UNION ALL
    SELECT r.service_id, r.location_id, (r.geom::geography <-> ST_SetSRID(ST_MakePoint(:lng::float8, :lat::float8), 4326)::geography) AS d
    FROM reach, service_search_rows r
    WHERE reach.cut AND r.geom && ST_Expand(ST_SetSRID(ST_MakePoint(:lng::float8, :lat::float8), 4326), (degrees((reach.d) / 6371008.771415) * 1.01 + 1e-9) / cos(radians(least(89.0, abs(:lat::float8) + (degrees((reach.d) / 6371008.771415) * 1.01 + 1e-9)))), (degrees((reach.d) / 6371008.771415) * 1.01 + 1e-9)) AND (r.geom::geography <-> ST_SetSRID(ST_MakePoint(:lng::float8, :lat::float8), 4326)::geography) <= reach.d
      AND r.public_readable AND r.category = 'ibasho'),
page AS (SELECT * FROM candidates ORDER BY d, service_id, location_id LIMIT 51)
SELECT r.service_id, r.name, r.category, r.anonymous_ok, r.accepts_other_municipalities, r.target_groups, r.problem_keywords,
r.channels, r.organization_id, r.organization_name, r.location_id, r.address, r.municipality_code, ST_Y(r.geom), ST_X(r.geom),
r.service_area_level, r.last_verified_at, p.d AS distance_m
FROM page p
JOIN service_search_rows r ON r.service_id = p.service_id AND r.location_id = p.location_id
WHERE r.service_area_level IS NOT NULL
ORDER BY p.d, p.service_id, p.location_id;
