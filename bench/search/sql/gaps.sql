-- Generated from CoverageGapsQuery (BenchmarkSqlTests): all four categories, a public caller, over the four
-- regions the API load rotates through (bench_gap_regions).
\set i random(1, 4)
SELECT region FROM bench_gap_regions WHERE i = :i \gset
WITH members AS (
    SELECT m.code AS char_code, m.code::text AS code, m.official_code::text AS official_code, m.name,
           coalesce(m.district_or_city, '') || m.name AS full_name, left(m.code::text, 2) AS prefecture_code
    FROM region_members rm JOIN municipalities m ON m.code = rm.municipality_code
    WHERE rm.region_id = :region::text),
member_codes AS (SELECT array_agg(code) AS codes FROM members),
categories AS (
    SELECT c.category, c.position FROM unnest(ARRAY['ibasho', 'consultation', 'outreach', 'other']::text[]::text[]) WITH ORDINALITY AS c(category, position)),
located AS MATERIALIZED (
    SELECT r.municipality_code AS code, r.category, count(DISTINCT r.service_id) AS services
    FROM service_search_rows r
    WHERE r.municipality_code IN (SELECT code FROM members) AND r.category = ANY (ARRAY['ibasho', 'consultation', 'outreach', 'other']::text[]) AND r.public_readable
    GROUP BY 1, 2),
covered_locally AS MATERIALIZED (
    SELECT covered.code, c.category, count(*) AS services
    FROM service_coverage_rows c
    CROSS JOIN LATERAL unnest(c.covered_municipality_codes) AS covered(code)
    WHERE c.level IN ('part_of_municipality', 'municipality', 'multiple_municipalities', 'region') AND c.covered_municipality_codes && (SELECT codes FROM member_codes)
      AND covered.code = ANY ((SELECT codes FROM member_codes)::text[]) AND c.category = ANY (ARRAY['ibasho', 'consultation', 'outreach', 'other']::text[]) AND c.public_readable
    GROUP BY 1, 2),
covered_widely AS MATERIALIZED (
    SELECT CASE WHEN c.level = 'national' THEN NULL ELSE c.prefecture_code END AS prefecture_code, c.category,
           count(*) AS services
    FROM service_coverage_rows c
    WHERE (c.level = 'national'
           OR (c.level = 'prefecture' AND c.prefecture_code IN (SELECT DISTINCT prefecture_code FROM members)))
      AND c.category = ANY (ARRAY['ibasho', 'consultation', 'outreach', 'other']::text[]) AND c.public_readable
    GROUP BY 1, 2),
counts AS (
    SELECT mb.code, c.category,
           coalesce((SELECT lo.services FROM located lo WHERE lo.code = mb.code AND lo.category = c.category), 0) AS located,
           coalesce((SELECT cl.services FROM covered_locally cl WHERE cl.code = mb.code AND cl.category = c.category), 0)
           + coalesce((SELECT sum(cw.services) FROM covered_widely cw
                       WHERE cw.category = c.category AND (cw.prefecture_code IS NULL OR cw.prefecture_code = mb.prefecture_code)), 0)
             AS covering
    FROM members mb CROSS JOIN categories c)
SELECT mb.code, mb.official_code, mb.name, mb.full_name, c.category,
       n.located::int, n.covering::int,
       p.population, p.as_of, p.source,
       round(n.located * 10000.0 / nullif(p.population, 0), 2)::float8 AS located_per_10k,
       round(n.covering * 10000.0 / nullif(p.population, 0), 2)::float8 AS covering_per_10k
FROM members mb
CROSS JOIN categories c
JOIN counts n ON n.code = mb.code AND n.category = c.category
LEFT JOIN municipality_populations p ON p.municipality_code = mb.code
ORDER BY mb.code, c.position;
