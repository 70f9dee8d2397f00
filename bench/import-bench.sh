#!/usr/bin/env bash
# Benchmark of the survey answer import: a generated file of N rows (default 100,000) is imported through the HTTP
# API as a dry run and as a commit, against the project-local PostGIS. Records end-to-end rows/s of each and the
# API process's peak RSS (VmHWM, which includes start-up and seeding), and writes bench/results/import-<date>.md.
#   bench/import-bench.sh [rows]
# Targets: >= 20,000 rows/s for both, peak RSS < 400 MB (issue 9). The report is paged, so the response stays small.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
ROWS="${1:-100000}"
PORT="${RESOURCEMAP_BENCH_PORT:-5099}"
DB=resourcemap_import_bench
WORK="$REPO_ROOT/.local/bench"
mkdir -p "$WORK" "$REPO_ROOT/bench/results"

ensure_packages
ensure_cluster
# Every run starts from an empty database: earlier runs' surveys would otherwise pile up (millions of rows after a few
# dozen runs) and each run would measure a bigger, colder database than the one before.
local_psql -d postgres -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
ensure_database "$DB"
log "building the API (Release)"
dotnet build "$REPO_ROOT/src/ResourceMap.Api/ResourceMap.Api.csproj" -c Release -v quiet -nologo >/dev/null

bench_api_env "$DB" "$PORT"
trap 'kill "${API_PID:-}" 2>/dev/null || true' EXIT
# The empty database is migrated and seeded by a first start of the API, which then stops: the measured process's
# peak RSS is that of an API serving imports, not of the one-off seeding of Japan's boundaries.
log "migrating and seeding the benchmark database"
start_bench_api "$WORK/api.log"
kill "$API_PID"; wait "$API_PID" 2>/dev/null || true
start_bench_api "$WORK/api.log"

H="X-Api-Key: $BENCH_KEY"
SURVEY=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/surveys" -H "$H" -H 'Content-Type: application/json' -d '{
  "title": "import benchmark", "issuing_municipality_code": "01230", "region_id": "noboribetsu-survey-2024",
  "municipality_codes": null, "period_start": null, "period_end": null, "mapping_profile_id": null}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
curl -sf -X POST "http://127.0.0.1:$PORT/api/surveys/$SURVEY/status" -H "$H" -H 'Content-Type: application/json' -d '{"status":"fielding"}' >/dev/null

log "generating $ROWS targets and answers"
python3 "$REPO_ROOT/bench/generate_import_files.py" "$ROWS" "$SURVEY" "$WORK"
# Targets are set up directly (not measured): the benchmark is about answer files.
local_psql -d "$DB" -q -c "\copy survey_targets (id, survey_id, name, corporate_number, legal_form, address, municipality_code, lat, lng, precision, name_key, origin, status, created_at, status_changed_at) FROM '$WORK/targets.tsv'"
SIZE=$(stat -c %s "$WORK/answers.csv")

run() { # mode → seconds
  curl -sf -o "$WORK/$1.json" -w '%{time_total}' -X POST "http://127.0.0.1:$PORT/api/surveys/$SURVEY/answers/import?mode=$1" \
    -H "$H" -F "file=@$WORK/answers.csv;type=text/csv"
}
# CPU seconds the API process used (user + system): on a shared machine the wall time depends on the load, this less so.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$API_PID/stat"; }
# CPU seconds of the cluster's server processes connected to the benchmark database (the API's pooled connections;
# autovacuum and the other databases' sessions not counted): PostgreSQL's own share of an import.
PG_POSTMASTER=$(head -1 "$PG_DATA/postmaster.pid")
pg_cpu() {
  local total=0 pid
  for pid in $(pgrep -P "$PG_POSTMASTER"); do
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q " $DB " || continue
    total=$(( total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
  done
  awk -v t="$total" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }'
}
# A first dry run warms the API (JIT, the gazetteer's towns loaded per municipality on first use): a long-running API
# pays that once, not per import. It is timed and reported apart; the figures against the targets are the warm runs.
log "warm-up dry run"
CPUW=$(cpu)
WARM=$(run dry_run)
CPUW1=$(cpu)
log "dry run"
RSS_START_KB=$(awk '/VmHWM/ { print $2 }' "/proc/$API_PID/status")
CPU0=$(cpu); PG0=$(pg_cpu); LOAD_DRY=$(cut -d' ' -f1 /proc/loadavg)
DRY=$(run dry_run)
CPU1=$(cpu); PG1=$(pg_cpu)
RSS_DRY_KB=$(awk '/VmHWM/ { print $2 }' "/proc/$API_PID/status")
log "commit"
LOAD_COMMIT=$(cut -d' ' -f1 /proc/loadavg)
COMMIT=$(run commit)
CPU2=$(cpu); PG2=$(pg_cpu)
RSS_KB=$(awk '/VmHWM/ { print $2 }' "/proc/$API_PID/status")
summary() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("rows %d, created %d, updated %d, unchanged %d, needs_review %d, superseded %d, rejected %d" % tuple(r[k] for k in ("rows", "created", "updated", "unchanged", "needs_review", "superseded", "rejected")))' "$1"; }
DRY_SUMMARY=$(summary "$WORK/dry_run.json"); COMMIT_SUMMARY=$(summary "$WORK/commit.json")
ANSWERS=$(local_psql -d "$DB" -tA -c "SELECT count(*) FROM survey_answers WHERE survey_id = '$SURVEY'")

rate() { python3 -c "print(round($ROWS / $1))"; }
OUT="$(next_result_file import)"
cat > "$OUT" <<MD
# Survey answer import benchmark — $(date -u +'%Y-%m-%d %H:%M UTC')

- Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GB RAM, load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)
- Software: .NET $(dotnet --version), $(local_psql -d postgres -tA -c 'SELECT version()' | cut -d' ' -f1-2), PostGIS $(local_psql -d "$DB" -tA -c 'SELECT postgis_lib_version()')
- Input: $ROWS answer rows, UTF-8 CSV, $(( SIZE / 1024 / 1024 )) MB, 19 columns (noboribetsu-2024 profile), every row with a distinct address to geocode; $ROWS targets matched by 法人番号
- Method: \`bench/import-bench.sh $ROWS\` — one HTTP request each (curl, multipart upload included), API in Release on the same machine

| run | seconds | rows/s | target | result |
|---|---|---|---|---|
| first dry run after start-up (warm-up, not against the target) | $WARM | $(rate "$WARM") | — | API CPU $(python3 -c "print(round($CPUW1 - $CPUW, 1))") s |
| dry run | $DRY | $(rate "$DRY") | ≥ 20,000 | $DRY_SUMMARY |
| commit | $COMMIT | $(rate "$COMMIT") | ≥ 20,000 | $COMMIT_SUMMARY; $ANSWERS answers stored |

API process CPU time (user + system, less dependent on the machine's load than wall time): dry run
$(python3 -c "print(round($CPU1 - $CPU0, 1))") s ($(python3 -c "print(round($ROWS / max($CPU1 - $CPU0, 0.1)))") rows per CPU-second), commit $(python3 -c "print(round($CPU2 - $CPU1, 1))") s
($(python3 -c "print(round($ROWS / max($CPU2 - $CPU1, 0.1)))") rows per CPU-second; PostgreSQL's own work not included). PostgreSQL's CPU time in the
benchmark database's sessions: dry run $(python3 -c "print(round($PG1 - $PG0, 1))") s, commit $(python3 -c "print(round($PG2 - $PG1, 1))") s. 1-minute load average when each
run started: dry run $LOAD_DRY, commit $LOAD_COMMIT (2 CPUs).

Peak RSS of the API process (VmHWM, target < 400 MB; the database was migrated and seeded by an earlier start): $(( RSS_START_KB / 1024 )) MB after start-up
and the warm-up, $(( RSS_DRY_KB / 1024 )) MB after the dry run, $(( RSS_KB / 1024 )) MB after the commit.
MD
cat "$OUT"
