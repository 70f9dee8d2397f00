-- Generated from CoverageQuery (BenchmarkSqlTests): coverage at a point, 50 results (+1 for the cursor), the
-- levels from the most local in one statement.
\set i random(1, 100)
SELECT lat, lng FROM bench_points WHERE i = :i \gset
WITH place AS MATERIALIZED (SELECT coalesce((SELECT array_agg(code::text) FROM municipalities
                 WHERE ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(:lng::float8, :lat::float8), 4326))), ARRAY[]::text[]) AS codes,
       ST_SetSRID(ST_MakePoint(:lng::float8, :lat::float8), 4326) AS origin),
page AS (SELECT * FROM (
(SELECT 0 AS rank, c.service_id, coalesce((c.sites::geography <-> place.origin::geography), 'Infinity'::float8) AS d
 FROM place
 CROSS JOIN LATERAL (SELECT DISTINCT k.service_id FROM service_coverage_codes k
                    WHERE k.municipality_code = ANY (place.codes) AND k.level = 'part_of_municipality') covering
 CROSS JOIN LATERAL (SELECT c.* FROM service_coverage_rows c
                     WHERE c.service_id = covering.service_id AND coalesce(ST_Intersects(c.district, place.origin), true) AND c.public_readable OFFSET 0) c
 WHERE true
 ORDER BY 3, c.service_id LIMIT 51)
UNION ALL
(SELECT 1 AS rank, c.service_id, coalesce((c.sites::geography <-> place.origin::geography), 'Infinity'::float8) AS d
 FROM place
 CROSS JOIN LATERAL (SELECT DISTINCT k.service_id FROM service_coverage_codes k
                    WHERE k.municipality_code = ANY (place.codes) AND k.level = 'municipality') covering
 CROSS JOIN LATERAL (SELECT c.* FROM service_coverage_rows c
                     WHERE c.service_id = covering.service_id AND coalesce(ST_Intersects(c.district, place.origin), true) AND c.public_readable OFFSET 0) c
 WHERE true
 ORDER BY 3, c.service_id LIMIT 51)
UNION ALL
(SELECT 2 AS rank, c.service_id, coalesce((c.sites::geography <-> place.origin::geography), 'Infinity'::float8) AS d
 FROM place
 CROSS JOIN LATERAL (SELECT DISTINCT k.service_id FROM service_coverage_codes k
                    WHERE k.municipality_code = ANY (place.codes) AND k.level = 'multiple_municipalities') covering
 CROSS JOIN LATERAL (SELECT c.* FROM service_coverage_rows c
                     WHERE c.service_id = covering.service_id AND coalesce(ST_Intersects(c.district, place.origin), true) AND c.public_readable OFFSET 0) c
 WHERE true
 ORDER BY 3, c.service_id LIMIT 51)
UNION ALL
(SELECT 3 AS rank, c.service_id, coalesce((c.sites::geography <-> place.origin::geography), 'Infinity'::float8) AS d
 FROM place
 CROSS JOIN LATERAL (SELECT DISTINCT k.service_id FROM service_coverage_codes k
                    WHERE k.municipality_code = ANY (place.codes) AND k.level = 'region') covering
 CROSS JOIN LATERAL (SELECT c.* FROM service_coverage_rows c
                     WHERE c.service_id = covering.service_id AND coalesce(ST_Intersects(c.district, place.origin), true) AND c.public_readable OFFSET 0) c
 WHERE true
 ORDER BY 3, c.service_id LIMIT 51)
UNION ALL
(SELECT 4 AS rank, c.service_id, coalesce((c.sites::geography <-> place.origin::geography), 'Infinity'::float8) AS d
 FROM place
 JOIN service_coverage_rows c ON c.level = 'prefecture' AND c.prefecture_code = ANY (ARRAY(SELECT left(code, 2) FROM unnest(place.codes) AS code)) AND c.public_readable
 WHERE true
 ORDER BY 3, c.service_id LIMIT 51)
UNION ALL
(SELECT 5 AS rank, c.service_id, coalesce((c.sites::geography <-> place.origin::geography), 'Infinity'::float8) AS d
 FROM place
 JOIN service_coverage_rows c ON c.level = 'national' AND c.public_readable
 WHERE true
 ORDER BY 3, c.service_id LIMIT 51)
) levels LIMIT 51),
sited AS (
    SELECT p.rank, p.service_id, nearest.location_id, nearest.d
    FROM page p CROSS JOIN place
    LEFT JOIN LATERAL (
        SELECT r.location_id, (r.geom::geography <-> place.origin::geography) AS d FROM service_search_rows r
        WHERE r.service_id = p.service_id ORDER BY 2, r.location_id LIMIT 1) nearest ON true)
SELECT s.id, s.name, s.category, s.anonymous_ok, s.accepts_other_municipalities, s.target_groups, s.problem_keywords,
       s.channels, o.id, o.name, l.id, l.address, l.municipality_code::text, ST_Y(l.point::geometry), ST_X(l.point::geometry),
       sa.level, s.last_verified_at, p.d AS distance_m
FROM sited p
JOIN services s ON s.id = p.service_id
JOIN organizations o ON o.id = s.organization_id
LEFT JOIN locations l ON l.id = p.location_id
JOIN service_areas sa ON sa.service_id = s.id
ORDER BY p.rank, coalesce(p.d, 'Infinity'::float8), p.service_id;
