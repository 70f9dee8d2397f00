-- The SQL ServiceSearch.ServiceTileAsync sends for a zoom-12 tile, no filters.
\set i random(1, 100)
SELECT tx, ty FROM bench_points WHERE i = :i \gset
WITH bounds AS (SELECT ST_TileEnvelope(12, :tx, :ty) AS merc, ST_Transform(ST_TileEnvelope(12, :tx, :ty), 4326) AS geo)
SELECT ST_AsMVT(tile, 'services', 4096, 'geom') FROM (
    SELECT ST_AsMVTGeom(ST_Transform(l.point::geometry, 3857), bounds.merc) AS geom,
           s.id::text AS id, s.name, s.category, s.anonymous_ok
    FROM bounds, locations l
    JOIN service_at_location sal ON sal.location_id = l.id
    JOIN services s ON s.id = sal.service_id
    WHERE l.archived_at IS NULL AND s.archived_at IS NULL AND l.point::geometry && bounds.geo
  AND s.sharing_scope = 'public' AND (SELECT vo.sharing_scope FROM organizations vo WHERE vo.id = s.organization_id) = 'public'
    LIMIT 20000) tile;
