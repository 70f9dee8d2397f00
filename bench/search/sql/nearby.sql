-- The SQL ServiceSearch.NearbyAsync sends (its fast path) for: radius 5 km, category ibasho, 50 results (+1 for the cursor).
\set i random(1, 100)
SELECT lat, lng FROM bench_points WHERE i = :i \gset
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
WHERE l.d <= 5000 AND s.category = 'ibasho'
  AND s.sharing_scope = 'public' AND (SELECT vo.sharing_scope FROM organizations vo WHERE vo.id = s.organization_id) = 'public'
ORDER BY l.d, s.id, l.id LIMIT 51;
