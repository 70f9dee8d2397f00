-- Generated from ServiceTileQuery (BenchmarkSqlTests): a zoom-12 tile of all services, no filters.
\set i random(1, 100)
SELECT tx, ty FROM bench_points WHERE i = :i \gset
WITH bounds AS (SELECT ST_TileEnvelope(12, :tx::int, :ty::int) AS merc)
SELECT ST_AsMVT(tile, 'services', 4096, 'geom', 'feature_id') FROM (
    SELECT ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(c.sum_x / c.sites, c.sum_y / c.sites), 3857), bounds.merc, 4096) AS geom,
           c.feature_id, c.service_id::text AS id, CASE WHEN c.sites = 1 THEN c.name END AS name,
           CASE WHEN c.sites = 1 THEN c.category END AS category, CASE WHEN c.sites = 1 THEN c.anonymous_ok END AS anonymous_ok,
           c.sites AS count, c.sites > 1 AS cluster
    FROM bounds, service_tile_cells c
    WHERE c.zoom = 12 AND c.tile_x = :tx::int AND c.tile_y = :ty::int AND c.sites > 0
    ORDER BY c.feature_id LIMIT 5000) tile;
