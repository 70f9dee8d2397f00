-- The SQL ServiceSearch.CoverageAsync sends for a point, 50 results.
\set i random(1, 100)
SELECT lat, lng FROM bench_points WHERE i = :i \gset
WITH place AS (
    SELECT coalesce((SELECT array_agg(code::text) FROM municipalities
                     WHERE ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(:lng, :lat), 4326))), ARRAY[]::text[]) AS codes,
           ST_SetSRID(ST_MakePoint(:lng, :lat), 4326) AS origin)
SELECT s.id, s.name, s.category, s.anonymous_ok, s.accepts_other_municipalities, s.target_groups, s.problem_keywords,
       s.channels, o.id, o.name, l.id, l.address, l.municipality_code::text, ST_Y(l.point::geometry), ST_X(l.point::geometry),
       sa.level, nearest.distance_m,
       CASE sa.level WHEN 'part_of_municipality' THEN 0 WHEN 'municipality' THEN 1 WHEN 'multiple_municipalities' THEN 2
                     WHEN 'region' THEN 3 WHEN 'prefecture' THEN 4 ELSE 5 END AS level_rank
FROM place
JOIN service_areas sa ON (sa.level = 'national'
     OR (sa.geometry IS NULL AND sa.covered_municipality_codes && place.codes)
     OR (sa.geometry IS NOT NULL AND ST_Intersects(sa.geometry, place.origin)))
JOIN services s ON s.id = sa.service_id AND s.archived_at IS NULL
JOIN organizations o ON o.id = s.organization_id
LEFT JOIN LATERAL (
    SELECT site.*, ST_Distance(site.point, place.origin::geography, false) AS distance_m
    FROM service_at_location at JOIN locations site ON site.id = at.location_id
    WHERE at.service_id = s.id AND site.archived_at IS NULL
    ORDER BY distance_m, site.id LIMIT 1) nearest ON true
LEFT JOIN locations l ON l.id = nearest.id
WHERE true
ORDER BY level_rank, coalesce(nearest.distance_m, 'Infinity'::float8), s.id LIMIT 51;
