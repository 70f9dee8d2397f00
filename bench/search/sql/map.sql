-- The statements ServiceSearch.MapViewAsync sends for a zoom-12 viewport (0.44° × 0.30°), 200 results: the fast path
-- (nearest to the centre first) and the total counted up to 1,000.
\set i random(1, 100)
SELECT lat, lng, lng - 0.22 AS min_lng, lat - 0.15 AS min_lat, lng + 0.22 AS max_lng, lat + 0.15 AS max_lat
FROM bench_points WHERE i = :i \gset
SELECT s.id, s.name, s.category, s.anonymous_ok, s.accepts_other_municipalities, s.target_groups, s.problem_keywords,
       s.channels, o.id, o.name, l.id, l.address, l.municipality_code::text, ST_Y(l.point::geometry), ST_X(l.point::geometry),
       sa.level, s.last_verified_at, l.d AS distance_m
FROM (SELECT site.id, site.point, site.address, site.municipality_code,
             site.point <-> ST_SetSRID(ST_MakePoint(:lng, :lat), 4326)::geography AS d
      FROM locations site WHERE site.archived_at IS NULL
      ORDER BY site.point <-> ST_SetSRID(ST_MakePoint(:lng, :lat), 4326)::geography LIMIT 2048) l
JOIN service_at_location sal ON sal.location_id = l.id
JOIN services s ON s.id = sal.service_id AND s.archived_at IS NULL
JOIN organizations o ON o.id = s.organization_id
JOIN service_areas sa ON sa.service_id = s.id
WHERE l.point::geometry && ST_MakeEnvelope(:min_lng, :min_lat, :max_lng, :max_lat, 4326)
  AND s.sharing_scope = 'public' AND (SELECT vo.sharing_scope FROM organizations vo WHERE vo.id = s.organization_id) = 'public'
ORDER BY l.d, s.id, l.id LIMIT 201;
SELECT count(*) FROM (
    SELECT 1 FROM locations l
    JOIN service_at_location sal ON sal.location_id = l.id
    JOIN services s ON s.id = sal.service_id
    WHERE l.archived_at IS NULL AND s.archived_at IS NULL
      AND l.point::geometry && ST_MakeEnvelope(:min_lng, :min_lat, :max_lng, :max_lat, 4326)
  AND s.sharing_scope = 'public' AND (SELECT vo.sharing_scope FROM organizations vo WHERE vo.id = s.organization_id) = 'public'
    LIMIT 1000) counted;
