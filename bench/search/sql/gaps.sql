-- Generated from CoverageGapsQuery (BenchmarkSqlTests): all four categories, a public caller, over the four
-- regions the API load rotates through (bench_gap_regions).
\set i random(1, 4)
SELECT region FROM bench_gap_regions WHERE i = :i \gset
WITH members AS MATERIALIZED (
    SELECT m.code::text AS code, m.official_code::text AS official_code, m.name,
           coalesce(m.district_or_city, '') || m.name AS full_name, left(m.code::text, 2) AS prefecture_code
    FROM region_members rm JOIN municipalities m ON m.code = rm.municipality_code
    WHERE rm.region_id = :region::text),
member_codes AS MATERIALIZED (
    SELECT array_agg(code) AS codes, array_agg(DISTINCT prefecture_code) AS prefecture_codes FROM members),
categories AS (
    SELECT c.category, c.position FROM unnest(ARRAY['ibasho', 'consultation', 'outreach', 'other']::text[]::text[]) WITH ORDINALITY AS c(category, position)),
located AS (
    SELECT r.municipality_code AS code, r.category, count(DISTINCT r.service_id) AS services
    FROM service_search_rows r
    WHERE r.municipality_code = ANY ((SELECT codes FROM member_codes)::text[]) AND r.category = ANY (ARRAY['ibasho', 'consultation', 'outreach', 'other']::text[]) AND r.public_readable
    GROUP BY 1, 2),
covered_locally AS (
    SELECT k.municipality_code AS code, k.category, count(*) AS services
    FROM service_coverage_codes k
    WHERE k.municipality_code = ANY ((SELECT codes FROM member_codes)::text[]) AND k.category = ANY (ARRAY['ibasho', 'consultation', 'outreach', 'other']::text[])
      AND k.public_readable
    GROUP BY 1, 2),
covered_nationally AS (
    SELECT c.category, count(*) AS services FROM service_coverage_rows c
    WHERE c.level = 'national' AND c.category = ANY (ARRAY['ibasho', 'consultation', 'outreach', 'other']::text[]) AND c.public_readable
    GROUP BY 1),
covered_prefecture_wide AS (
    SELECT c.prefecture_code, c.category, count(*) AS services FROM service_coverage_rows c
    WHERE c.level = 'prefecture' AND c.prefecture_code = ANY ((SELECT prefecture_codes FROM member_codes)::text[])
      AND c.category = ANY (ARRAY['ibasho', 'consultation', 'outreach', 'other']::text[]) AND c.public_readable
    GROUP BY 1, 2)
SELECT mb.code, mb.official_code, mb.name, mb.full_name, c.category,
       coalesce(lo.services, 0)::int AS located,
       (coalesce(cl.services, 0) + coalesce(cn.services, 0) + coalesce(cp.services, 0))::int AS covering,
       p.population, p.as_of, p.source,
       round(coalesce(lo.services, 0) * 10000.0 / nullif(p.population, 0), 2)::float8 AS located_per_10k,
       round((coalesce(cl.services, 0) + coalesce(cn.services, 0) + coalesce(cp.services, 0)) * 10000.0
             / nullif(p.population, 0), 2)::float8 AS covering_per_10k
FROM members mb
CROSS JOIN categories c
LEFT JOIN located lo ON lo.code = mb.code AND lo.category = c.category
LEFT JOIN covered_locally cl ON cl.code = mb.code AND cl.category = c.category
LEFT JOIN covered_nationally cn ON cn.category = c.category
LEFT JOIN covered_prefecture_wide cp ON cp.prefecture_code = mb.prefecture_code AND cp.category = c.category
LEFT JOIN municipality_populations p ON p.municipality_code = mb.code
ORDER BY mb.code, c.position;
