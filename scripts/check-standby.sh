#!/usr/bin/env bash
# Scripted check of reads on a standby (run by scripts/test.sh after the xunit suite):
#   1. a streaming-replication standby of the local cluster (scripts/start-standby.sh), a throwaway database,
#      and the API with ConnectionStrings:ResourceMapRead = standby,primary (prefer-standby, load-balanced);
#   2. with the primary STOPPED: searches, lists, tiles and the polygon search still answer 200 (the standby),
#      writes answer 503 with Retry-After, /health/ready is 503 naming the database;
#   3. the primary back: writes 201 again without restarting the API, and the standby replays them.
# It stops and restarts only the cluster these scripts created, and removes the standby it made at the end.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$REPO_ROOT/scripts/standby-lib.sh"

ensure_packages
ensure_cluster
DB="resourcemap_standby_check_$$"
API_PORT="${RESOURCEMAP_STANDBY_CHECK_API_PORT:-}"
if [ -z "$API_PORT" ]; then
  for candidate in $(seq 5190 5290); do if ! port_taken "$candidate"; then API_PORT="$candidate"; break; fi; done
fi
API="http://127.0.0.1:$API_PORT"
API_LOG="$REPO_ROOT/.local/standby-check-api.log"
KEY="standby-check-$$-$RANDOM"
API_PID=""
STANDBY_MADE_HERE=0
[ -f "$STANDBY_MARKER" ] || STANDBY_MADE_HERE=1
failures=0

cleanup() {
  [ -n "$API_PID" ] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null
  pg_running || as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -o "-p $PG_PORT" -w -t 60 start >/dev/null
  local_psql -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
  if [ "$STANDBY_MADE_HERE" = 1 ]; then remove_standby; else stop_standby; fi
}
trap cleanup EXIT

# expect <label> <expected status> <curl args…>: one request, its status and time, counted as a failure if it differs.
expect() {
  local label="$1" want="$2"; shift 2
  local out; out="$(curl -s -o /tmp/standby-check-body.$$ -w '%{http_code} %{time_total}' -m 10 "$@")"
  local got="${out%% *}" took="${out##* }"
  local mark="ok"; [ "$got" = "$want" ] || { mark="FAILED (expected $want)"; failures=$((failures + 1)); }
  printf '[standby-check] %-58s %s in %ss %s\n' "$label" "$got" "$took" "$mark" >&2
  if [ "$mark" != ok ]; then head -c 400 /tmp/standby-check-body.$$ >&2; echo >&2; fi
}

ensure_standby
ensure_database "$DB"
PRIMARY="$(connection_string "$DB");Timeout=2"
READS="Host=127.0.0.1:$STANDBY_PORT,127.0.0.1:$PG_PORT;Username=$PG_USER;Password=$PG_PASSWORD;Database=$DB;Target Session Attributes=prefer-standby;Load Balance Hosts=true;Timeout=2"

dotnet build "$REPO_ROOT/src/ResourceMap.Api/ResourceMap.Api.csproj" -c Release -v quiet -nologo >/dev/null
(
  cd "$REPO_ROOT/src/ResourceMap.Api"
  export ASPNETCORE_URLS="$API" ConnectionStrings__ResourceMap="$PRIMARY" ConnectionStrings__ResourceMapRead="$READS"
  export Database__MigrateOnStartup=true Seed__ReferenceData=true Seed__SampleDirectory=true Seed__DataDirectory="$REPO_ROOT/seed-data"
  export Auth__ApiKeys__0__Name=standby-check Auth__ApiKeys__0__Role=admin
  export Auth__ApiKeys__0__Sha256="$(printf '%s' "$KEY" | sha256sum | cut -d' ' -f1)"
  export RateLimiting__PermitPerMinute=0 Logging__LogLevel__Default=Warning
  exec env $API_RUNTIME_ENV dotnet bin/Release/net10.0/ResourceMap.Api.dll
) >"$API_LOG" 2>&1 &
API_PID=$!
for _ in $(seq 1 300); do
  curl -s -o /dev/null -m 2 "$API/health/live" && break
  kill -0 "$API_PID" 2>/dev/null || { log "the API did not start:"; tail -20 "$API_LOG" >&2; exit 1; }
  sleep 1
done
wait_for_replay
H="X-Api-Key: $KEY"; J="Content-Type: application/json"
ORG='{"name":"スタンバイ確認の会","name_kana":null,"legal_form":"voluntary_group","corporate_number":null,"description":null,"website":null,"email":null,"phones":[],"platform_member":false,"platform_role":null,"platform_joined_on":null,"owner_municipality_code":"01230"}'
POLY='{"type":"Polygon","coordinates":[[[140.95,42.30],[141.25,42.35],[141.05,42.50],[140.95,42.30]]]}'
reads() {
  expect "GET /api/search/region (search)" 200 "$API/api/search/region?municipality=01230"
  expect "GET /api/search/nearby (search)" 200 "$API/api/search/nearby?lat=42.4136&lng=141.1067&radius_m=3000"
  expect "POST /api/search/region (polygon search)" 200 -X POST "$API/api/search/region" -H "$J" -d "$POLY"
  expect "GET /api/search/region?format=csv (export)" 200 "$API/api/search/region?municipality=01230&format=csv"
  expect "GET /api/organizations (list)" 200 "$API/api/organizations?municipality=01230"
  expect "GET /api/services (list)" 200 "$API/api/services?municipality=01230"
  expect "GET /tiles/municipalities/8/228/94.mvt (tile)" 200 "$API/tiles/municipalities/8/228/94.mvt"
}
log "primary and standby up"
expect "GET /health/ready" 200 "$API/health/ready"
grep -q 'served by a standby' /tmp/standby-check-body.$$ || { log "reads are not served by the standby: $(cat /tmp/standby-check-body.$$)"; failures=$((failures + 1)); }
reads
expect "POST /api/organizations (write)" 201 -X POST "$API/api/organizations" -H "$H" -H "$J" -d "$ORG"

log "stopping the primary (127.0.0.1:$PG_PORT)"
as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
reads
expect "POST /api/organizations (write, primary down)" 503 -X POST "$API/api/organizations" -H "$H" -H "$J" -d "$ORG"
grep -q unavailable /tmp/standby-check-body.$$ || failures=$((failures + 1))
retry_after="$(curl -s -D - -o /dev/null -X POST "$API/api/organizations" -H "$H" -H "$J" -d "$ORG" | tr -d '\r' | awk -F': ' 'tolower($1)=="retry-after"{print $2}')"
log "Retry-After on a write while the primary is down: ${retry_after:-none}"
[ "$retry_after" = 1 ] || failures=$((failures + 1))
expect "GET /health/ready (primary down)" 503 "$API/health/ready"
grep -q '"unhealthy":\["database"\]' /tmp/standby-check-body.$$ || { log "health does not name the database: $(cat /tmp/standby-check-body.$$)"; failures=$((failures + 1)); }

log "starting the primary again"
as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -o "-p $PG_PORT" -w -t 60 start >/dev/null
for _ in $(seq 1 40); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$API/health/ready")" = 200 ] && break; sleep 0.5
done
expect "POST /api/organizations (write, primary back)" 201 -X POST "$API/api/organizations" -H "$H" -H "$J" -d "$ORG"
reads
wait_for_replay
replicated="$(standby_psql -d "$DB" -c "SELECT count(*) FROM organizations WHERE name = 'スタンバイ確認の会'")"
log "organisations written through the API and replayed on the standby: $replicated (expected 2)"
[ "$replicated" = 2 ] || failures=$((failures + 1))
rm -f /tmp/standby-check-body.$$
if [ "$failures" -gt 0 ]; then log "standby check: $failures failure(s)"; exit 1; fi
log "standby check passed"
