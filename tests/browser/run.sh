#!/usr/bin/env bash
# Runs the browser tests of the web console: Debian's chromium (installed when missing) driven by playwright-core,
# against the API built by `dotnet test`/`dotnet build` (Release), started here on a throwaway database
# (resourcemap_browser, recreated each run) with the reference and sample data and a one-off admin key.
#   RESOURCEMAP_URL      where the API listens (default http://127.0.0.1:5080)
#   RESOURCEMAP_PG_PORT  the local PostgreSQL (started by scripts/test.sh)
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

if [ ! -x /usr/bin/chromium ]; then
  log "installing chromium from Debian's packages"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
ensure_node
ensure_cluster
npm_install "$REPO_ROOT/tests/browser"
[ -f "$REPO_ROOT/src/ResourceMap.Api/wwwroot/index.html" ] || build_console

API_DLL="$REPO_ROOT/src/ResourceMap.Api/bin/Release/net10.0/ResourceMap.Api.dll"
[ -f "$API_DLL" ] || dotnet build "$REPO_ROOT/src/ResourceMap.Api/ResourceMap.Api.csproj" -c Release -v quiet -nologo >/dev/null

DB=resourcemap_browser
local_psql -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
local_psql -d postgres -c "CREATE DATABASE $DB" >/dev/null

URL="${RESOURCEMAP_URL:-http://127.0.0.1:5080}"
KEY="$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')"
API_LOG="$REPO_ROOT/.local/browser-api.log"
(
  cd "$REPO_ROOT/src/ResourceMap.Api"
  export ASPNETCORE_URLS="$URL" ConnectionStrings__ResourceMap="$(connection_string $DB)"
  export Database__MigrateOnStartup=true Seed__ReferenceData=true Seed__SampleDirectory=true
  export Seed__DataDirectory="$REPO_ROOT/seed-data" Hosting__PublicBaseUrl="$URL" RateLimiting__PermitPerMinute=0
  export Auth__ApiKeys__0__Name=browser-tests Auth__ApiKeys__0__Role=admin
  export Auth__ApiKeys__0__Sha256="$(printf '%s' "$KEY" | sha256sum | cut -d' ' -f1)"
  exec env $API_RUNTIME_ENV dotnet "$API_DLL"
) > "$API_LOG" 2>&1 &
API_PID=$!
trap 'kill "$API_PID" 2>/dev/null; wait "$API_PID" 2>/dev/null' EXIT

log "waiting for the API on $URL (migrations and seed data first)"
for _ in $(seq 1 300); do
  if curl -fs "$URL/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$API_PID" 2>/dev/null; then log "the API stopped; see $API_LOG"; tail -20 "$API_LOG" >&2; exit 1; fi
  sleep 1
done
curl -fs "$URL/health/ready" >/dev/null || { log "the API did not become ready; see $API_LOG"; exit 1; }

cd "$REPO_ROOT/tests/browser"
RESOURCEMAP_URL="$URL" RESOURCEMAP_BROWSER_API_URL="$URL" RESOURCEMAP_BROWSER_API_KEY="$KEY" timeout 900 node --test --test-concurrency=1 --test-reporter=spec ./*.test.mjs
