#!/usr/bin/env bash
# Benchmark of the survey target import with a national NPO open-data list: N organisations (default 50,000) spread
# over every municipality of Japan, imported through the HTTP API into a survey whose area is all of Japan. Each row
# is geocoded offline, becomes a target and a directory organisation (through the API's validation and audit).
# The same list is then imported again (every row already present: nothing added) and, at the same time, twice
# concurrently (each 200 or 409, never 500). Writes bench/results/target-import-<date>.md.
#   bench/target-import-bench.sh [organisations]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
ORGS="${1:-50000}"
PORT="${RESOURCEMAP_BENCH_PORT:-5099}"
DB=resourcemap_target_bench
WORK="$REPO_ROOT/.local/bench"
mkdir -p "$WORK" "$REPO_ROOT/bench/results"

ensure_packages
ensure_cluster
# A fresh database each run: the first import must create every organisation.
local_psql -d postgres -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
ensure_database "$DB"
log "building the API (Release)"
dotnet build "$REPO_ROOT/src/ResourceMap.Api/ResourceMap.Api.csproj" -c Release -v quiet -nologo >/dev/null

bench_api_env "$DB" "$PORT"
trap 'kill "${API_PID:-}" 2>/dev/null || true' EXIT
start_bench_api "$WORK/target-api.log"

H="X-Api-Key: $BENCH_KEY"
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
log "a region of every municipality and a national survey over it"
CODES=$(local_psql -d "$DB" -tA -c "SELECT json_agg(code ORDER BY code) FROM municipalities WHERE NOT is_unadministered")
curl -sf -X POST "http://127.0.0.1:$PORT/api/regions" -H "$H" -H 'Content-Type: application/json' -d "{
  \"id\": \"bench-japan\", \"name_ja\": \"全国\", \"name_en\": \"All of Japan\", \"description\": null, \"member_codes\": $CODES}" >/dev/null
SURVEY=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/surveys" -H "$H" -H 'Content-Type: application/json' -d '{
  "title": "全国NPO調査 benchmark", "issuing_municipality_code": "01230", "region_id": "bench-japan",
  "municipality_codes": null, "period_start": null, "period_end": null, "mapping_profile_id": null}' | json 'd["id"]')

log "generating a national list of $ORGS NPOs"
python3 "$REPO_ROOT/bench/generate_target_list.py" "$ORGS" "$WORK/npo-national.csv"
SIZE=$(stat -c %s "$WORK/npo-national.csv")
run() { # output → seconds
  curl -s -o "$WORK/$1.json" -w '%{time_total} %{http_code}\n' -X POST "http://127.0.0.1:$PORT/api/surveys/$SURVEY/targets/import" \
    -H "$H" -F "file=@$WORK/npo-national.csv;type=text/csv"
}
summary() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("rows %d, added %d, already present %d, rejected %d" % tuple(r[k] for k in ("rows", "added", "already_present", "rejected")))' "$1"; }
RSS_START_KB=$(awk '/VmHWM/ { print $2 }' "/proc/$API_PID/status")
log "first import"
read -r FIRST FIRST_STATUS < <(run first)
RSS_FIRST_KB=$(awk '/VmHWM/ { print $2 }' "/proc/$API_PID/status")
log "the same list again"
read -r AGAIN AGAIN_STATUS < <(run again)
log "the same list twice at once"
run concurrent-a > "$WORK/concurrent-a.out" & A=$!
run concurrent-b > "$WORK/concurrent-b.out" & B=$!
wait $A $B
read -r _ CA_STATUS < "$WORK/concurrent-a.out"; read -r _ CB_STATUS < "$WORK/concurrent-b.out"
RSS_KB=$(awk '/VmHWM/ { print $2 }' "/proc/$API_PID/status")
TARGETS=$(local_psql -d "$DB" -tA -c "SELECT count(*) FROM survey_targets WHERE survey_id = '$SURVEY'")
ORGANIZATIONS=$(local_psql -d "$DB" -tA -c "SELECT count(*) FROM organizations WHERE source = 'survey:$SURVEY'")
LINKED=$(local_psql -d "$DB" -tA -c "SELECT count(*) FROM survey_targets WHERE survey_id = '$SURVEY' AND organization_id IS NOT NULL")

rate() { python3 -c "print(round($ORGS / $1))"; }
OUT="$(next_result_file target-import)"
cat > "$OUT" <<MD
# Survey target import benchmark (national NPO list) — $(date -u +'%Y-%m-%d %H:%M UTC')

- Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GB RAM, load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)
- Software: .NET $(dotnet --version), $(local_psql -d postgres -tA -c 'SELECT version()' | cut -d' ' -f1-2), PostGIS $(local_psql -d "$DB" -tA -c 'SELECT postgis_lib_version()')
- Input: $ORGS NPO corporations at gazetteer towns all over Japan, UTF-8 CSV with BOM, $(( SIZE / 1024 / 1024 )) MB, the npo-open-data columns; a survey whose area is every administered municipality (region bench-japan)
- Method: \`bench/target-import-bench.sh $ORGS\` — one HTTP request each (curl, multipart upload included), API in Release on the same machine, a fresh database

| run | HTTP | seconds | organisations/s | result |
|---|---|---|---|---|
| first import | $FIRST_STATUS | $FIRST | $(rate "$FIRST") | $(summary "$WORK/first.json") |
| the same list again | $AGAIN_STATUS | $AGAIN | $(rate "$AGAIN") | $(summary "$WORK/again.json") |
| the same list twice at once | $CA_STATUS, $CB_STATUS | | | each 200 (nothing added) or 409, never 500 |

Afterwards: $TARGETS targets, $LINKED of them linked to a directory organisation, $ORGANIZATIONS organisations with source
survey:<id>. Peak RSS of the API process (VmHWM): $(( RSS_START_KB / 1024 )) MB after start-up, $(( RSS_FIRST_KB / 1024 )) MB
after the first import, $(( RSS_KB / 1024 )) MB at the end.
MD
cat "$OUT"
