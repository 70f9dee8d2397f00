-- Generated from ServiceTileQuery (BenchmarkSqlTests): a zoom-12 tile of all services, no filters.
\set i random(1, 100)
SELECT tx, ty FROM bench_points WHERE i = :i \gset
WITH bounds AS (SELECT ST_TileEnvelope(12, :tx::int, :ty::int) AS merc),
cells AS MATERIALIZED (
    SELECT count(*) AS n, avg(ST_X(r.geom_mercator)) AS mx, avg(ST_Y(r.geom_mercator)) AS my, min(r.feature_id) AS feature_id
    FROM bounds, service_search_rows r
    WHERE ST_Intersects(r.geom_mercator, bounds.merc) AND r.public_readable
    GROUP BY floor((ST_X(r.geom_mercator) - ST_XMin(bounds.merc)) / (ST_XMax(bounds.merc) - ST_XMin(bounds.merc)) * 64),
             floor((ST_Y(r.geom_mercator) - ST_YMin(bounds.merc)) / (ST_YMax(bounds.merc) - ST_YMin(bounds.merc)) * 64))
SELECT ST_AsMVT(tile, 'services', 4096, 'geom', 'feature_id') FROM (
    SELECT ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(c.mx, c.my), 3857), bounds.merc, 4096) AS geom, c.feature_id,
           rep.service_id::text AS id, CASE WHEN c.n = 1 THEN rep.name END AS name,
           CASE WHEN c.n = 1 THEN rep.category END AS category, CASE WHEN c.n = 1 THEN rep.anonymous_ok END AS anonymous_ok,
           c.n::int AS count, c.n > 1 AS cluster
    FROM bounds, cells c
    CROSS JOIN LATERAL (SELECT r.service_id, r.name, r.category, r.anonymous_ok FROM service_search_rows r
                        WHERE r.feature_id = c.feature_id LIMIT 1) rep
    ORDER BY c.feature_id LIMIT 5000) tile;
