-- The SQL ServiceSearch.NearbyAsync sends for: radius 5 km, category ibasho, 50 results (limit + 1 for the cursor).
\set i random(1, 100)
SELECT s.id, s.name, s.category, s.anonymous_ok, s.accepts_other_municipalities, s.target_groups, s.problem_keywords,
       s.channels, o.id, o.name, l.id, l.address, l.municipality_code::text, ST_Y(l.point::geometry), ST_X(l.point::geometry),
       sa.level, ST_Distance(l.point, ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326)::geography, false) AS distance_m
FROM bench_points p, locations l
JOIN service_at_location sal ON sal.location_id = l.id
JOIN services s ON s.id = sal.service_id
JOIN organizations o ON o.id = s.organization_id
JOIN service_areas sa ON sa.service_id = s.id
WHERE p.i = :i AND l.archived_at IS NULL AND s.archived_at IS NULL
  AND ST_DWithin(l.point, ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326)::geography, 5000, false)
  AND s.category = 'ibasho'
ORDER BY distance_m, s.id, l.id LIMIT 51;
