-- The SQL ServiceSearch.ServiceTileAsync sends for a zoom-12 tile, no filters.
\set i random(1, 100)
WITH bounds AS (SELECT ST_TileEnvelope(12, p.tx, p.ty) AS merc, ST_Transform(ST_TileEnvelope(12, p.tx, p.ty), 4326) AS geo
                FROM bench_points p WHERE p.i = :i)
SELECT ST_AsMVT(tile, 'services', 4096, 'geom') FROM (
    SELECT ST_AsMVTGeom(ST_Transform(l.point::geometry, 3857), bounds.merc) AS geom,
           s.id::text AS id, s.name, s.category, s.anonymous_ok
    FROM bounds, locations l
    JOIN service_at_location sal ON sal.location_id = l.id
    JOIN services s ON s.id = sal.service_id
    WHERE l.archived_at IS NULL AND s.archived_at IS NULL AND l.point::geometry && bounds.geo
    ORDER BY s.id LIMIT 20000) tile;
