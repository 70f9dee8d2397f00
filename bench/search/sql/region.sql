-- Generated from WithinQuery (BenchmarkSqlTests): region=nishi-iburi&category=ibasho, 50 results with the total.
WITH area AS (SELECT geometry AS g FROM regions WHERE id = 'nishi-iburi'),
matching AS MATERIALIZED (
    SELECT r.service_id, r.location_id, NULL::float8 AS d FROM area, service_search_rows r WHERE ST_Intersects(r.geom, area.g) AND r.public_readable AND r.category = 'ibasho'),
page AS (SELECT * FROM matching  ORDER BY service_id, location_id LIMIT 51)
SELECT s.id, s.name, s.category, s.anonymous_ok, s.accepts_other_municipalities, s.target_groups, s.problem_keywords,
s.channels, o.id, o.name, l.id, l.address, l.municipality_code::text, ST_Y(l.point::geometry), ST_X(l.point::geometry),
sa.level, s.last_verified_at, p.d AS distance_m, (SELECT count(*) FROM matching) AS total
FROM page p
JOIN services s ON s.id = p.service_id
JOIN organizations o ON o.id = s.organization_id
JOIN locations l ON l.id = p.location_id
JOIN service_areas sa ON sa.service_id = s.id
ORDER BY p.service_id, p.location_id;
