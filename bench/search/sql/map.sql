-- The two statements ServiceSearch.WithinAsync sends for a zoom-12 viewport (0.44° × 0.30°): the total, then 200 results.
\set i random(1, 100)
SELECT count(*)
FROM bench_points p, locations l
JOIN service_at_location sal ON sal.location_id = l.id
JOIN services s ON s.id = sal.service_id
JOIN organizations o ON o.id = s.organization_id
JOIN service_areas sa ON sa.service_id = s.id
WHERE p.i = :i AND l.archived_at IS NULL AND s.archived_at IS NULL
  AND l.point::geometry && ST_MakeEnvelope(p.lng - 0.22, p.lat - 0.15, p.lng + 0.22, p.lat + 0.15, 4326);
SELECT s.id, s.name, s.category, s.anonymous_ok, s.accepts_other_municipalities, s.target_groups, s.problem_keywords,
       s.channels, o.id, o.name, l.id, l.address, l.municipality_code::text, ST_Y(l.point::geometry), ST_X(l.point::geometry),
       sa.level, NULL::float8 AS distance_m
FROM bench_points p, locations l
JOIN service_at_location sal ON sal.location_id = l.id
JOIN services s ON s.id = sal.service_id
JOIN organizations o ON o.id = s.organization_id
JOIN service_areas sa ON sa.service_id = s.id
WHERE p.i = :i AND l.archived_at IS NULL AND s.archived_at IS NULL
  AND l.point::geometry && ST_MakeEnvelope(p.lng - 0.22, p.lat - 0.15, p.lng + 0.22, p.lat + 0.15, 4326)
ORDER BY s.id, l.id LIMIT 201;
