-- Generated from WithinQuery (BenchmarkSqlTests): region=nishi-iburi&category=ibasho, 50 results with the total.
WITH area AS (SELECT geometry AS g FROM regions WHERE id = 'nishi-iburi'),
matching AS MATERIALIZED (
    SELECT r.service_id, r.location_id, NULL::float8 AS d FROM area, service_search_rows r WHERE ST_Intersects(r.geom, area.g) AND r.public_readable AND r.category = 'ibasho'),
page AS (SELECT * FROM matching  ORDER BY service_id, location_id LIMIT 51)
SELECT r.service_id, r.name, r.category, r.anonymous_ok, r.accepts_other_municipalities, r.target_groups, r.problem_keywords,
r.channels, r.organization_id, r.organization_name, r.location_id, r.address, r.municipality_code, ST_Y(r.geom), ST_X(r.geom),
r.service_area_level, r.last_verified_at, p.d AS distance_m, (SELECT count(*) FROM matching) AS total
FROM page p
JOIN service_search_rows r ON r.service_id = p.service_id AND r.location_id = p.location_id
WHERE r.service_area_level IS NOT NULL
ORDER BY p.service_id, p.location_id;
