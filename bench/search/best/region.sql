-- Best hand-written SQL for region=nishi-iburi&category=ibasho (the public): the matching sites once (GiST on the
-- region's box, exact point-in-polygon), the total and the first 51 by (service id, site id) from the same scan.
WITH area AS (SELECT geometry AS g FROM regions WHERE id = 'nishi-iburi'),
matching AS MATERIALIZED (
    SELECT r.service_id, r.location_id FROM area, service_search_rows r
    WHERE ST_Intersects(r.geom, area.g) AND r.public_readable AND r.category = 'ibasho'),
page AS (SELECT * FROM matching ORDER BY service_id, location_id LIMIT 51)
SELECT s.id, s.name, s.category, s.anonymous_ok, s.accepts_other_municipalities, s.target_groups, s.problem_keywords,
       s.channels, o.id, o.name, l.id, l.address, l.municipality_code::text, ST_Y(l.point::geometry), ST_X(l.point::geometry),
       sa.level, s.last_verified_at, NULL::float8, (SELECT count(*) FROM matching) AS total
FROM page p
JOIN services s ON s.id = p.service_id
JOIN organizations o ON o.id = s.organization_id
JOIN locations l ON l.id = p.location_id
JOIN service_areas sa ON sa.service_id = s.id
ORDER BY p.service_id, p.location_id;
