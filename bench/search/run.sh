#!/usr/bin/env bash
# Search benchmark: seeds BENCH_SERVICES services (default 1,000,000) across Japan into its own database, then
# loads each query kind through the HTTP API with wrk and the same SQL through pgbench, at the same concurrency,
# in the same run, and writes bench/results/search-<date>.md. Rerun: bash bench/search/run.sh
#   BENCH_SERVICES  volume (default 1000000)     BENCH_DURATION  seconds per load (default 20)
#   BENCH_WARMUP    seconds of load before each measurement (default 10)
#   BENCH_RESEED=1  drop and seed the benchmark database again
#   BENCH_KINDS     which query kinds to load (default "nearby map region coverage tile gaps")
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
BENCH_DIR="$REPO_ROOT/bench/search"
SERVICES="${BENCH_SERVICES:-1000000}"
DURATION="${BENCH_DURATION:-20}"
# Each kind is loaded this long before it is measured: a running service, not a cold start (decision 12).
WARMUP="${BENCH_WARMUP:-10}"
CONNECTIONS=16
THREADS=2
DB=resourcemap_bench
API_URL="${RESOURCEMAP_URL:-http://127.0.0.1:5090}"
WORK="$REPO_ROOT/.local/bench"
mkdir -p "$WORK" "$REPO_ROOT/bench/results"

ensure_packages
command -v wrk >/dev/null 2>&1 || { log "installing wrk"; as_root apt-get install -y -qq wrk >/dev/null; }
ensure_cluster
export PGPASSWORD="$PG_PASSWORD"
bench_psql() { psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$DB" -v ON_ERROR_STOP=1 -qtA "$@"; }

log "building the API (Release)"
dotnet build "$REPO_ROOT/src/ResourceMap.Api/ResourceMap.Api.csproj" -c Release -v quiet -nologo >/dev/null
API_DLL="$REPO_ROOT/src/ResourceMap.Api/bin/Release/net10.0/ResourceMap.Api.dll"
export ConnectionStrings__ResourceMap="$(connection_string "$DB")"
export Seed__DataDirectory="$REPO_ROOT/seed-data" Logging__LogLevel__Default=Warning

seeded="$(local_psql -d "$DB" -c "SELECT count(*) FROM services WHERE source = 'bench'" 2>/dev/null || echo 0)"
if [ "${BENCH_RESEED:-0}" = 1 ] || [ "$seeded" != "$SERVICES" ]; then
  log "seeding $SERVICES services into $DB (several minutes for a million)"
  local_psql -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
  local_psql -d postgres -c "CREATE DATABASE $DB" >/dev/null
  seed_started=$(date +%s)
  (cd "$REPO_ROOT/src/ResourceMap.Api" && Database__MigrateOnStartup=true Seed__ReferenceData=true dotnet "$API_DLL" setup >/dev/null)
  bench_psql -c "CREATE TABLE bench_towns (n serial PRIMARY KEY, municipality_code char(5), prefecture text, municipality text, town text, lat float8, lng float8)"
  bench_psql -c "\\copy bench_towns (municipality_code, prefecture, municipality, town, lat, lng) FROM PROGRAM 'zcat \"$REPO_ROOT/seed-data/gazetteer/towns-japan.csv.gz\"' WITH (FORMAT csv, HEADER true)"
  # Towns without coordinates, or whose code is not among the served municipalities (changed since 2021), are left out.
  bench_psql -c "DELETE FROM bench_towns t WHERE t.lat IS NULL OR t.lng IS NULL OR NOT EXISTS (SELECT 1 FROM municipalities m WHERE m.code = t.municipality_code)"
  bench_psql -c "CREATE TEMP TABLE renumber AS SELECT n, row_number() OVER (ORDER BY n) AS m FROM bench_towns; UPDATE bench_towns t SET n = r.m FROM renumber r WHERE r.n = t.n"
  bench_psql -v services="$SERVICES" -f "$BENCH_DIR/seed.sql"
  echo "$(( $(date +%s) - seed_started ))" > "$WORK/seed-seconds"
fi
SEED_SECONDS="$(cat "$WORK/seed-seconds" 2>/dev/null || echo '?')"

# 100 query points at random towns (fixed seed), with their zoom-12 tile.
bench_psql -c "DROP TABLE IF EXISTS bench_points; SELECT setseed(0.5);
  CREATE TABLE bench_points AS
  SELECT row_number() OVER () AS i, lat, lng,
         floor((lng + 180) / 360 * 4096)::int AS tx,
         floor((1 - ln(tan(radians(lat)) + 1 / cos(radians(lat))) / pi()) / 2 * 4096)::int AS ty
  FROM (SELECT lat, lng FROM bench_towns ORDER BY random() LIMIT 100) t;"
bench_psql -c "SELECT format('/api/search/nearby?lat=%s&lng=%s&radius_m=5000&category=ibasho&limit=50', lat, lng) FROM bench_points ORDER BY i" > "$WORK/nearby.paths"
bench_psql -c "SELECT format('/api/search/map?bbox=%s,%s,%s,%s&limit=200', lng - 0.22, lat - 0.15, lng + 0.22, lat + 0.15) FROM bench_points ORDER BY i" > "$WORK/map.paths"
echo "/api/search/region?region=nishi-iburi&category=ibasho&limit=50" > "$WORK/region.paths"
bench_psql -c "SELECT format('/api/search/coverage?lat=%s&lng=%s&limit=50', lat, lng) FROM bench_points ORDER BY i" > "$WORK/coverage.paths"
bench_psql -c "SELECT format('/tiles/services/12/%s/%s.mvt', tx, ty) FROM bench_points ORDER BY i" > "$WORK/tile.paths"
# The 100 densest zoom-12 tiles (most sites), for uncached tile rendering where it is hardest (SQL only: the API caches tiles).
bench_psql -c "DROP TABLE IF EXISTS bench_dense_tiles;
  CREATE TABLE bench_dense_tiles AS
  SELECT row_number() OVER (ORDER BY n DESC, tx, ty) AS i, tx, ty, n FROM (
    SELECT floor((ST_X(l.point::geometry) + 180) / 360 * 4096)::int AS tx,
           floor((1 - ln(tan(radians(ST_Y(l.point::geometry))) + 1 / cos(radians(ST_Y(l.point::geometry)))) / pi()) / 2 * 4096)::int AS ty,
           count(*) AS n
    FROM locations l WHERE l.archived_at IS NULL GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 100) t;"
# The gap analysis over four regions from 6 to 194 municipalities; pgbench reads the same list from bench_gap_regions.
bench_psql -c "DROP TABLE IF EXISTS bench_gap_regions;
  CREATE TABLE bench_gap_regions AS SELECT * FROM (VALUES (1, 'nishi-iburi'), (2, 'pref-01-hokkaido'), (3, 'pref-13-tokyo'), (4, 'pref-27-osaka')) r(i, region);"
bench_psql -c "SELECT format('/api/analytics/coverage?region=%s', region) FROM bench_gap_regions ORDER BY i" > "$WORK/gaps.paths"

log "starting the API on $API_URL"
# No per-request log lines while measuring (bash cannot export a variable name with dots, so env sets it).
# The public rate limit would answer most of the load with 429: the benchmark measures the queries, so it is off.
(cd "$REPO_ROOT/src/ResourceMap.Api" && exec env $API_RUNTIME_ENV ASPNETCORE_URLS="$API_URL" Database__MigrateOnStartup=true RateLimiting__PermitPerMinute=0 \
   'Logging__LogLevel__Microsoft.AspNetCore.HttpLogging=Warning' dotnet "$API_DLL") > "$WORK/api.log" 2>&1 &
API_PID=$!
trap 'kill $API_PID 2>/dev/null' EXIT
for _ in $(seq 1 1800); do curl -sf "$API_URL/health/ready" >/dev/null && break; sleep 1; done
curl -sf "$API_URL/health/ready" >/dev/null || { log "the API did not become ready"; cat "$WORK/api.log"; exit 1; }

# The searches are measured on a quiet cluster: leftovers of earlier work (autovacuum after an import benchmark, a
# checkpoint writing its buffers) stalled a whole load for most of a second. Up to two minutes are waited for them.
log "waiting for the cluster to be quiet (checkpoint, no autovacuum running)"
local_psql -d "$DB" -c "CHECKPOINT" >/dev/null
for _ in $(seq 1 120); do
  [ "$(local_psql -d "$DB" -tAc "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")" = 0 ] && break
  sleep 1
done

percentile() { sort -n | awk -v p="$1" '{ a[NR] = $1 } END { i = int((p / 100) * NR + 0.5); if (i < 1) i = 1; printf "%.2f", a[i] / 1000 }'; }

# pgbench over one SQL file: sets sql_tps, sql_p50, sql_p95, sql_p99 (ms).
run_pgbench() {
  local file="$1" connections="$2" name="$3"
  rm -f "$WORK"/pgbench_log.*
  (cd "$WORK" && pgbench -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -n -M prepared -c "$connections" -j "$THREADS" -T "$DURATION" \
      -f "$file" -l --log-prefix=pgbench_log "$DB" > "$WORK/pgbench-$name.out" 2>&1)
  sql_tps="$(grep -oE 'tps = [0-9.]+' "$WORK/pgbench-$name.out" | head -1 | grep -oE '[0-9.]+' || echo 0)"
  cat "$WORK"/pgbench_log.* 2>/dev/null | awk '{ print $3 }' > "$WORK/latencies"
  sql_p50="$(percentile 50 < "$WORK/latencies")"; sql_p95="$(percentile 95 < "$WORK/latencies")"; sql_p99="$(percentile 99 < "$WORK/latencies")"
  sql_tps="$(printf '%.1f' "${sql_tps:-0}")"
}

results=()
for kind in ${BENCH_KINDS:-nearby map region coverage tile tile-dense gaps}; do
  log "$kind: API through wrk, then the product's SQL and the best hand-written SQL through pgbench ($CONNECTIONS connections, ${DURATION}s each)"
  # The gap analysis is a report that takes seconds, not a map query: wrk's default 2 s timeout would count every answer as an error.
  # It is also a staff report, not something 16 map clients ask at once: it runs at 2 connections (one per core here).
  timeout=2s; connections=$CONNECTIONS
  if [ "$kind" = gaps ]; then timeout=60s; connections=2; fi
  api_rps=-; api_p50=-; api_p95=-; api_p99=-; api_errors=-
  if [ -s "$WORK/$kind.paths" ]; then
    wrk -t"$THREADS" -c"$connections" -d"$WARMUP"s --timeout "$timeout" -s "$BENCH_DIR/rotate.lua" "$API_URL" -- "$WORK/$kind.paths" >/dev/null
    api_line="$(wrk -t"$THREADS" -c"$connections" -d"${DURATION}s" --timeout "$timeout" -s "$BENCH_DIR/rotate.lua" "$API_URL" -- "$WORK/$kind.paths" | grep '^RESULT')"
    api_rps="$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$api_line")"
    api_p50="$(sed -E 's/.*p50_ms=([0-9.]+).*/\1/' <<<"$api_line")"; api_p95="$(sed -E 's/.*p95_ms=([0-9.]+).*/\1/' <<<"$api_line")"
    api_p99="$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$api_line")"; api_errors="$(sed -E 's/.*errors=([0-9]+).*/\1/' <<<"$api_line")"
  fi
  run_pgbench "$BENCH_DIR/sql/$kind.sql" "$connections" "$kind"
  product="| $sql_tps | $sql_p50 | $sql_p95 | $sql_p99"; product_tps="$sql_tps"
  best="| - | - | -"; ratio=-
  if [ -f "$BENCH_DIR/best/$kind.sql" ]; then
    run_pgbench "$BENCH_DIR/best/$kind.sql" "$connections" "best-$kind"
    best="| $sql_tps | $sql_p95 | $sql_p99"
    # Against the faster of the two: when the product's SQL beats the hand-written one, it is the best SQL written.
    if [ "$api_rps" != - ]; then
      ratio="$(awk -v a="$api_rps" -v s="$sql_tps" -v p="$product_tps" 'BEGIN { if (p > s) s = p; printf "%.2f", (s > 0 ? a / s : 0) }')"
    fi
  fi
  results+=("| $kind | $api_rps | $api_p50 | $api_p95 | $api_p99 | $api_errors $product $best | $ratio |")
  log "${results[-1]}"
done
RSS_KB="$(awk '/VmHWM/ { print $2 }' "/proc/$API_PID/status")"

counts="$(bench_psql -c "SELECT (SELECT count(*) FROM services) || ' services, ' || (SELECT count(*) FROM locations) || ' sites, ' || (SELECT count(*) FROM service_areas) || ' service areas, ' || (SELECT count(*) FROM organizations) || ' organisations'")"
levels="$(bench_psql -c "SELECT string_agg(level || ' ' || c, ', ' ORDER BY c DESC) FROM (SELECT level, count(*) c FROM service_areas GROUP BY level) x")"
out="$(next_result_file search)"
{
  echo "# Search benchmark, $(date -u +'%Y-%m-%d %H:%M UTC')"
  echo
  echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/ { print $2 }') GiB, $(. /etc/os-release; echo "$PRETTY_NAME"), PostgreSQL $(local_psql -d postgres -c 'SHOW server_version'), PostGIS $(bench_psql -c 'SELECT postgis_lib_version()'), .NET $(dotnet --version)"
  echo "- volume: $counts (seeded in ${SEED_SECONDS} s); service-area levels: $levels"
  echo "- load: wrk and pgbench, $CONNECTIONS connections, $THREADS threads, ${DURATION} s each after a ${WARMUP} s warm-up, 100 query points at random gazetteer towns (same points for both)"
  echo "- API peak RSS (VmHWM) over the whole run: $(( RSS_KB / 1024 )) MB"
  echo
  echo "| query | API req/s | API p50 ms | API p95 ms | API p99 ms | API errors | product SQL tps | p50 ms | p95 ms | p99 ms | best SQL tps | p95 ms | p99 ms | API / best |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${results[@]}"
  echo
  echo "Queries: nearby = 5 km, category=ibasho, 50 results; map = zoom-12 viewport (0.44° × 0.30°) with total, 200 results;"
  echo "region = region=nishi-iburi&category=ibasho with total, 50 results; coverage = a point, 50 results; tile = /tiles/services/12/x/y.mvt;"
  echo "gaps = /api/analytics/coverage?region= nishi-iburi (6 municipalities), pref-01-hokkaido (194), pref-13-tokyo, pref-27-osaka, in turn,"
  echo "at 2 connections (API and SQL alike)."
  echo "tile-dense = the product's tile SQL over the 100 zoom-12 tiles with the most sites (uncached rendering; the API"
  echo "caches tiles, so only the SQL is loaded)."
  echo "product SQL = the statements the API sends, generated from its query objects (bench/search/sql/, checked by"
  echo "BenchmarkSqlTests); best SQL = the best hand-written SQL for the same answer (bench/search/best/). Both run by"
  echo "pgbench -M prepared; each transaction also reads its query point with \\gset, a primary-key lookup."
  echo "API / best = API req/s divided by the higher of the best-SQL and product-SQL tps of the same run (when the"
  echo "product's SQL is the faster, it is the best SQL written): the figure that counts on a shared machine."
} > "$out"
log "wrote $out"
cat "$out"
