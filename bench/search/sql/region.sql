-- The two statements ServiceSearch.WithinAsync sends for region=nishi-iburi&category=ibasho: the total, then 50 results.
SELECT count(*)
FROM locations l
JOIN service_at_location sal ON sal.location_id = l.id
JOIN services s ON s.id = sal.service_id
JOIN organizations o ON o.id = s.organization_id
JOIN service_areas sa ON sa.service_id = s.id
WHERE l.archived_at IS NULL AND s.archived_at IS NULL
  AND ST_Intersects(l.point::geometry, (SELECT geometry FROM regions WHERE id = 'nishi-iburi'))
  AND s.sharing_scope = 'public' AND (SELECT vo.sharing_scope FROM organizations vo WHERE vo.id = s.organization_id) = 'public'
  AND s.category = 'ibasho';
SELECT s.id, s.name, s.category, s.anonymous_ok, s.accepts_other_municipalities, s.target_groups, s.problem_keywords,
       s.channels, o.id, o.name, l.id, l.address, l.municipality_code::text, ST_Y(l.point::geometry), ST_X(l.point::geometry),
       sa.level, s.last_verified_at, NULL::float8 AS distance_m
FROM locations l
JOIN service_at_location sal ON sal.location_id = l.id
JOIN services s ON s.id = sal.service_id
JOIN organizations o ON o.id = s.organization_id
JOIN service_areas sa ON sa.service_id = s.id
WHERE l.archived_at IS NULL AND s.archived_at IS NULL
  AND ST_Intersects(l.point::geometry, (SELECT geometry FROM regions WHERE id = 'nishi-iburi'))
  AND s.category = 'ibasho'
  AND s.sharing_scope = 'public' AND (SELECT vo.sharing_scope FROM organizations vo WHERE vo.id = s.organization_id) = 'public'
ORDER BY s.id, l.id LIMIT 51;
