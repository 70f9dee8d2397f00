#!/usr/bin/env bash
# Shared set-up for run.sh and test.sh: installs prerequisites and manages the project-local PostgreSQL
# cluster. The cluster lives in .local/pgdata inside the checkout, listens on 127.0.0.1 only, and carries a
# marker file so these scripts never start, stop or change a cluster they did not create.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_BIN="/usr/lib/postgresql/15/bin"
PG_PORT="${RESOURCEMAP_PG_PORT:-55432}"
PG_DATA="${RESOURCEMAP_PG_DATA:-$REPO_ROOT/.local/pgdata}"
PG_SOCKET_DIR="$REPO_ROOT/.local/pgsocket"
PG_MARKER="$PG_DATA/RESOURCEMAP_CLUSTER"
PG_USER="resourcemap"
PG_PASSWORD="${RESOURCEMAP_PG_PASSWORD:-resourcemap-local}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# How the API process runs; every script that starts it puts this in its environment. A 16 MB gen-0 budget: the GC
# sizes gen 0 from the CPU cache by default, which let a 100,000-row survey import peak above 400 MB RSS here; with
# this budget it peaked at 335 MB and ran faster (bench/results/import-2026-11-30.md). The runtime reads this knob
# from the environment only (runtimeconfig.json has no public name for it). Tier-up starts without the 100 ms
# quiet period the runtime otherwise waits for, which under steady load it rarely saw (decision 12).
API_RUNTIME_ENV="DOTNET_GCgen0size=0x1000000 DOTNET_TC_CallCountingDelayMs=0"

log() { printf '[resourcemap] %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# PostgreSQL refuses to run as root, so a root caller runs the server as the 'postgres' system user.
as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_packages() {
  local missing=()
  [ -x "$PG_BIN/initdb" ] || missing+=(postgresql-15)
  [ -f /usr/share/postgresql/15/extension/postgis.control ] || missing+=(postgresql-15-postgis-3)
  [ -f /usr/share/postgresql/15/extension/pg_trgm.control ] || missing+=(postgresql-contrib)
  command -v psql >/dev/null 2>&1 || missing+=(postgresql-client-15)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian's packages"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  command -v dotnet >/dev/null 2>&1 || { log "the .NET SDK 10 is required (dotnet on PATH)"; exit 1; }
}

# What the tests need beyond the database: headless Chromium prints the 相談窓口一覧 page to PDF, poppler's
# pdftotext reads it back, and the Noto CJK fonts give Chromium Japanese glyphs (without them the PDF has none).
ensure_test_tools() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  fc-list :lang=ja 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian's packages (for the print-page test)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

CLUSTER_STARTED_HERE=0

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pg_running() { as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }

# PostgreSQL runs as 'postgres' when we are root, so that user must be able to reach the data directory.
choose_data_dir() {
  if [ -n "${RESOURCEMAP_PG_DATA:-}" ] || [ "$(id -u)" -ne 0 ]; then return; fi
  mkdir -p "$REPO_ROOT/.local"
  if ! runuser -u postgres -- test -x "$REPO_ROOT/.local" 2>/dev/null; then
    # A checkout under a private home directory: keep the cluster beside PostgreSQL's own files instead.
    local id; id="$(printf '%s' "$REPO_ROOT" | sha256sum | cut -c1-12)"
    PG_DATA="/var/lib/postgresql/resourcemap-$id/pgdata"
    PG_SOCKET_DIR="/var/lib/postgresql/resourcemap-$id/socket"
    PG_MARKER="$PG_DATA/RESOURCEMAP_CLUSTER"
    mkdir -p "$(dirname "$PG_DATA")"; chown postgres:postgres "$(dirname "$PG_DATA")"
    log "postgres cannot reach $REPO_ROOT/.local; using $PG_DATA for this checkout's cluster"
  fi
}

ensure_cluster() {
  choose_data_dir
  mkdir -p "$REPO_ROOT/.local"
  if [ -d "$PG_DATA" ] && [ -n "$(ls -A "$PG_DATA" 2>/dev/null)" ] && [ ! -f "$PG_MARKER" ]; then
    log "$PG_DATA exists but was not created by ResourceMap; refusing to touch it"; exit 1
  fi
  if [ ! -f "$PG_MARKER" ]; then
    log "creating the project-local PostgreSQL cluster in $PG_DATA"
    mkdir -p "$PG_DATA" "$PG_SOCKET_DIR"
    local pwfile; pwfile="$(mktemp)"; printf '%s\n' "$PG_PASSWORD" > "$pwfile"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PG_DATA" "$PG_SOCKET_DIR" "$pwfile"; fi
    as_pg_owner "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_USER" --pwfile="$pwfile" --auth-local=scram-sha-256 \
      --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    as_pg_owner tee -a "$PG_DATA/postgresql.conf" >/dev/null <<CONF
# ResourceMap local cluster: loopback only, its own port and socket directory
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_SOCKET_DIR'
max_connections = 200
shared_buffers = 512MB
work_mem = 16MB
maintenance_work_mem = 256MB
CONF
    as_pg_owner touch "$PG_MARKER"
  fi
  mkdir -p "$PG_SOCKET_DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PG_SOCKET_DIR"; fi
  if ! pg_running; then
    if port_taken "$PG_PORT"; then
      if [ -n "${RESOURCEMAP_PG_PORT:-}" ]; then
        log "port $PG_PORT is taken by another server; set RESOURCEMAP_PG_PORT to a free port"; exit 1
      fi
      # Another checkout's cluster (or another server) has the default port: take the next free one.
      local candidate
      for candidate in $(seq $((PG_PORT + 1)) $((PG_PORT + 50))); do
        if ! port_taken "$candidate"; then PG_PORT="$candidate"; break; fi
      done
      port_taken "$PG_PORT" && { log "no free port near $PG_PORT; set RESOURCEMAP_PG_PORT"; exit 1; }
      log "the default port is taken; this cluster uses $PG_PORT"
    fi
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -o "-p $PG_PORT" -w -t 60 start >/dev/null
    CLUSTER_STARTED_HERE=1
  fi
  # A cluster started earlier may have had to take another port: its postmaster.pid says which (4th line).
  PG_PORT="$(as_pg_owner sed -n 4p "$PG_DATA/postmaster.pid")"
}

stop_cluster() {
  choose_data_dir
  if [ -f "$PG_MARKER" ] && pg_running; then
    as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null && log "stopped the local cluster"
  else
    log "no running ResourceMap cluster in $PG_DATA"
  fi
}

# psql against the local cluster as the owner role.
# The next free results file for a benchmark: bench/results/<name>-<date>.md, then <date>b.md … <date>z.md, so a
# day's earlier figures and their notes stay.
next_result_file() {
  local base="$REPO_ROOT/bench/results/$1-$(date -u +%Y-%m-%d)" suffix
  for suffix in "" {b..z}; do
    [ -e "$base$suffix.md" ] || { echo "$base$suffix.md"; return 0; }
  done
  echo "$base-$(date -u +%H%M%S).md"
}

# The API in Release for an import benchmark, against database $1 on port $2, with a fresh admin key in BENCH_KEY
# (only its hash reaches the API) and the benchmark's own settings (no sample directory, warnings only, no rate
# limit). start_bench_api <log> then starts it, waits until it is ready and sets API_PID.
bench_api_env() {
  BENCH_KEY="bench-$(head -c 12 /dev/urandom | base64 | tr '+/' '-_')"
  export ASPNETCORE_URLS="http://127.0.0.1:$2"
  export ConnectionStrings__ResourceMap="$(connection_string "$1")"
  export Database__MigrateOnStartup=true Seed__ReferenceData=true Seed__SampleDirectory=false
  export Seed__DataDirectory="$REPO_ROOT/seed-data"
  export Auth__ApiKeys__0__Name=bench Auth__ApiKeys__0__Role=admin
  export Auth__ApiKeys__0__Sha256="$(printf '%s' "$BENCH_KEY" | sha256sum | cut -d' ' -f1)"
  export Logging__LogLevel__Default=Warning RateLimiting__PermitPerMinute=0
}

start_bench_api() {
  # The import's own log lines (its timing) stay; bash cannot export a variable name with dots, so env sets it.
  (cd "$REPO_ROOT/src/ResourceMap.Api" && exec env $API_RUNTIME_ENV "Logging__LogLevel__ResourceMap.Api.Surveys=Information" \
     'Logging__LogLevel__Microsoft.AspNetCore.HttpLogging=Warning' dotnet bin/Release/net10.0/ResourceMap.Api.dll) > "$1" 2>&1 &
  API_PID=$!
  for _ in $(seq 1 300); do
    curl -sf "$ASPNETCORE_URLS/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$API_PID" 2>/dev/null || break
    sleep 1
  done
  log "the API did not become ready"; cat "$1"; exit 1
}

local_psql() {
  PGPASSWORD="$PG_PASSWORD" psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -qtA "$@"
}

connection_string() {
  printf 'Host=127.0.0.1;Port=%s;Username=%s;Password=%s;Database=%s' "$PG_PORT" "$PG_USER" "$PG_PASSWORD" "$1"
}

ensure_database() {
  local db="$1"
  if [ "$(local_psql -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != "1" ]; then
    local_psql -d postgres -c "CREATE DATABASE \"$db\"" >/dev/null
  fi
}

# Node.js builds the web console (src/ResourceMap.Web) at build time; Debian's packages when missing.
ensure_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    log "installing nodejs and npm from Debian's packages"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nodejs npm >/dev/null
  fi
}

# npm ci only when the lock file changed since the last install (node_modules keeps a copy of it).
npm_install() {
  local dir="$1" stamp="$1/node_modules/.installed-lock.json"
  if ! cmp -s "$dir/package-lock.json" "$stamp"; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    cp "$dir/package-lock.json" "$stamp"
  fi
}

# Bundles the console into src/ResourceMap.Api/wwwroot, which the API serves at /.
build_console() {
  ensure_node
  log "building the web console"
  npm_install "$REPO_ROOT/src/ResourceMap.Web"
  (cd "$REPO_ROOT/src/ResourceMap.Web" && npm run --silent build) >&2
}
