#!/usr/bin/env bash
# Browser tests (tests/browser): real pages in headless Chromium against the API, which this script starts on a
# throwaway database seeded like scripts/run.sh. Sourced by test.sh after lib.sh; prints node's own summary lines.
#   RESOURCEMAP_URL                where the API under test listens (default http://127.0.0.1:5080)
#   RESOURCEMAP_BROWSER_PAGE_PORT  the other origin the test page is served from (default 8099)

ensure_browser_packages() {
  if ! command -v chromium >/dev/null 2>&1; then
    log "installing Debian's chromium for the browser tests"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
  fi
  command -v node >/dev/null 2>&1 || { log "node (20 or later) is required for the browser tests"; return 1; }
  (cd "$REPO_ROOT/tests/browser" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}

run_browser_tests() {
  local api_url="${RESOURCEMAP_URL:-http://127.0.0.1:5080}"
  local db="resourcemap_browser_tests"
  local key; key="$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')"
  ensure_browser_packages || return 1
  local_psql -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null
  ensure_database "$db"
  dotnet build "$REPO_ROOT/src/ResourceMap.Api/ResourceMap.Api.csproj" -c Release -v quiet -nologo >/dev/null

  log "starting the API for the browser tests on $api_url"
  (
    cd "$REPO_ROOT/src/ResourceMap.Api"
    export ASPNETCORE_URLS="$api_url" Hosting__PublicBaseUrl="$api_url"
    export ConnectionStrings__ResourceMap="$(connection_string "$db")"
    export Database__MigrateOnStartup=true Seed__ReferenceData=true Seed__SampleDirectory=true
    export Seed__DataDirectory="$REPO_ROOT/seed-data" Logging__LogLevel__Default=Warning
    export Auth__ApiKeys__0__Name=browser-test-admin Auth__ApiKeys__0__Role=admin
    export Auth__ApiKeys__0__Sha256="$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)"
    exec dotnet bin/Release/net10.0/ResourceMap.Api.dll
  ) > "$REPO_ROOT/.local/browser-api.log" 2>&1 &
  local api_pid=$!
  local ready=0
  for _ in $(seq 1 300); do
    if curl -sf "$api_url/health/ready" >/dev/null 2>&1; then ready=1; break; fi
    kill -0 "$api_pid" 2>/dev/null || break
    sleep 1
  done
  local status=1
  if [ "$ready" = 1 ]; then
    set +e
    (cd "$REPO_ROOT/tests/browser" && RESOURCEMAP_BROWSER_API_URL="$api_url" RESOURCEMAP_BROWSER_API_KEY="$key" \
      timeout 600 node --test --test-reporter=tap)
    status=$?
    set -e
  else
    log "the API did not become ready; see .local/browser-api.log"
    echo "# fail 1"
  fi
  kill "$api_pid" 2>/dev/null; wait "$api_pid" 2>/dev/null
  local_psql -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null || true
  return "$status"
}
