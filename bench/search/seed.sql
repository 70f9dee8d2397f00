-- Seeds the benchmark volume: :services services across Japan, each at its own site placed at a gazetteer town
-- (towns drawn uniformly, so each municipality's share follows its number of towns) with ~150 m of jitter.
-- Mixes: categories 40/30/15/15 %, service areas 55 % municipality, 12 % part of municipality, 10 % several
-- municipalities, 5 % region (Hokkaido bureaus / zones), 17.7 % prefecture, 0.3 % national.
-- Expects a table bench_towns(n, municipality_code, lat, lng) loaded by run.sh. Deterministic (setseed).
\set ON_ERROR_STOP on
SELECT setseed(0.20240205);

INSERT INTO organizations (id, name, legal_form, owner_municipality_code, phones, platform_member, source, search_text,
                           created_at, updated_at, last_verified_at)
SELECT md5('org' || g)::uuid, 'ベンチ団体 ' || g, 'npo', '01230', '[]', false, 'bench', 'べんち団体' || g, now(), now(), now()
FROM generate_series(1, (:services / 5)) g;

CREATE TEMP TABLE picks AS
SELECT g, 1 + floor(random() * (SELECT count(*) FROM bench_towns))::int AS town, random() AS r1, random() AS r2, random() AS r3,
       random() AS r4, random() AS r5
FROM generate_series(1, :services) g;

INSERT INTO locations (id, address, municipality_code, point, precision, created_at, updated_at, last_verified_at)
SELECT md5('loc' || p.g)::uuid, 'ベンチ住所 ' || p.g, t.municipality_code,
       ST_SetSRID(ST_MakePoint(t.lng + (p.r4 - 0.5) * 0.003, t.lat + (p.r5 - 0.5) * 0.003), 4326)::geography,
       'town', now(), now(), now()
FROM picks p JOIN bench_towns t ON t.n = p.town;

INSERT INTO services (id, organization_id, name, category, target_groups, problem_keywords, channels, anonymous_ok, hours,
                      languages, commissioned_by_municipality, accepts_other_municipalities, owner_municipality_code, source,
                      search_text, created_at, updated_at, last_verified_at)
SELECT md5('svc' || p.g)::uuid, md5('org' || (1 + (p.g - 1) / 5))::uuid,
       (ARRAY['子ども食堂', '居場所カフェ', 'ひきこもり相談', 'ふれあいサロン', 'いのちの電話', '見守り訪問'])[1 + (p.g % 6)] || ' ' || p.g,
       CASE WHEN p.r1 < 0.40 THEN 'ibasho' WHEN p.r1 < 0.70 THEN 'consultation' WHEN p.r1 < 0.85 THEN 'outreach' ELSE 'other' END,
       string_to_array((ARRAY['children', 'youth,young_carers', 'older_people,living_alone', 'anyone', 'hikikomori'])[1 + (p.g % 5)], ','),
       string_to_array((ARRAY['loneliness', 'futoko,ijime', 'hikikomori,eighty_fifty', 'poverty', 'suicide,mental_health'])[1 + ((p.g / 5) % 5)], ','),
       string_to_array((ARRAY['in_person', 'phone', 'in_person,phone', 'sns,chat', 'visit'])[1 + ((p.g / 25) % 5)], ','),
       p.r2 < 0.3,
       (ARRAY['[{"day":"mon","opens":"09:00:00","closes":"17:00:00"},{"day":"wed","opens":"09:00:00","closes":"17:00:00"}]',
              '[{"day":"sat","opens":"10:00:00","closes":"15:00:00"}]',
              '[{"day":"fri","opens":"20:00:00","closes":"02:00:00"}]', '[]'])[1 + (p.g % 4)]::jsonb,
       ARRAY['ja'], p.r3 < 0.2, p.r2 > 0.5, t.municipality_code, 'bench',
       (ARRAY['こども食堂', '居場所かふぇ', 'ひきこもり相談', 'ふれあいさろん', 'いのちの電話', '見守り訪問'])[1 + (p.g % 6)] || ' ' || p.g,
       now(), now(), now()
FROM picks p JOIN bench_towns t ON t.n = p.town;

INSERT INTO service_at_location (service_id, location_id)
SELECT md5('svc' || g)::uuid, md5('loc' || g)::uuid FROM generate_series(1, :services) g;

CREATE TEMP TABLE prefecture_codes AS
SELECT prefecture_code, array_agg(code::text ORDER BY code) AS codes FROM municipalities GROUP BY prefecture_code;
CREATE TEMP TABLE municipality_regions AS
SELECT DISTINCT ON (rm.municipality_code) rm.municipality_code::text AS code, r.id AS region_id
FROM region_members rm JOIN regions r ON r.id = rm.region_id WHERE r.kind IN ('zone', 'bureau')
ORDER BY rm.municipality_code, r.kind DESC;

INSERT INTO service_areas (service_id, level, municipality_codes, covered_municipality_codes, region_id, prefecture_code, district_name)
SELECT md5('svc' || p.g)::uuid, a.level,
       CASE WHEN a.level IN ('municipality', 'part_of_municipality') THEN ARRAY[t.municipality_code::text]
            WHEN a.level = 'multiple_municipalities' THEN ARRAY[t.municipality_code::text, neighbour.code] ELSE ARRAY[]::text[] END,
       CASE WHEN a.level IN ('municipality', 'part_of_municipality') THEN ARRAY[t.municipality_code::text]
            WHEN a.level = 'multiple_municipalities' THEN ARRAY[t.municipality_code::text, neighbour.code]
            WHEN a.level = 'region' THEN (SELECT array_agg(rm.municipality_code::text) FROM region_members rm WHERE rm.region_id = mr.region_id)
            WHEN a.level = 'prefecture' THEN pc.codes ELSE ARRAY[]::text[] END,
       CASE WHEN a.level = 'region' THEN mr.region_id END,
       CASE WHEN a.level = 'prefecture' THEN left(t.municipality_code, 2) END,
       CASE WHEN a.level = 'part_of_municipality' THEN '地区 ' || (p.g % 7) END
FROM picks p
JOIN bench_towns t ON t.n = p.town
JOIN prefecture_codes pc ON pc.prefecture_code = left(t.municipality_code, 2)
LEFT JOIN municipality_regions mr ON mr.code = t.municipality_code
LEFT JOIN LATERAL (SELECT pcodes.code FROM unnest(pc.codes) AS pcodes(code) WHERE pcodes.code <> t.municipality_code
                   ORDER BY pcodes.code <> pc.codes[1 + (p.g % array_length(pc.codes, 1))] LIMIT 1) neighbour ON true
CROSS JOIN LATERAL (SELECT CASE
        WHEN p.r3 < 0.55 THEN 'municipality' WHEN p.r3 < 0.67 THEN 'part_of_municipality'
        WHEN p.r3 < 0.77 THEN 'multiple_municipalities'
        WHEN p.r3 < 0.82 THEN CASE WHEN mr.region_id IS NOT NULL THEN 'region' ELSE 'municipality' END
        WHEN p.r3 < 0.997 THEN 'prefecture' ELSE 'national' END AS level) a;

VACUUM ANALYZE organizations;
VACUUM ANALYZE locations;
VACUUM ANALYZE services;
VACUUM ANALYZE service_at_location;
VACUUM ANALYZE service_areas;
