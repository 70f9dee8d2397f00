#!/usr/bin/env bash
# Runs the ResourceMap API with its database and seed data on a fresh machine:
# installs what is missing, starts the project-local PostGIS, migrates, seeds and serves.
#   RESOURCEMAP_URL      where to listen (default http://127.0.0.1:5080)
#   RESOURCEMAP_PG_PORT  port of the local PostgreSQL (default 55432)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_packages
ensure_cluster
ensure_database resourcemap

# A local admin key, made once per checkout; only its hash reaches the API's configuration.
KEY_FILE="$REPO_ROOT/.local/api-key"
if [ ! -s "$KEY_FILE" ]; then
  head -c 24 /dev/urandom | base64 | tr '+/' '-_' > "$KEY_FILE"
  chmod 600 "$KEY_FILE"
fi
API_KEY="$(cat "$KEY_FILE")"

build_console
log "building the API"
dotnet build "$REPO_ROOT/src/ResourceMap.Api/ResourceMap.Api.csproj" -c Release -v quiet -nologo >/dev/null

export ASPNETCORE_URLS="${RESOURCEMAP_URL:-http://127.0.0.1:5080}"
# The address links in responses point to (Location headers, tile URLs, next pages); behind a proxy, set the
# proxy's address in Hosting__PublicBaseUrl (or RESOURCEMAP_PUBLIC_URL) instead.
export Hosting__PublicBaseUrl="${Hosting__PublicBaseUrl:-${RESOURCEMAP_PUBLIC_URL:-$ASPNETCORE_URLS}}"
export ConnectionStrings__ResourceMap="$(connection_string resourcemap)"
export Database__MigrateOnStartup=true Seed__ReferenceData=true Seed__SampleDirectory=true
export Seed__DataDirectory="$REPO_ROOT/seed-data"
export Auth__ApiKeys__0__Name=local-admin Auth__ApiKeys__0__Role=admin
export Auth__ApiKeys__0__Sha256="$(printf '%s' "$API_KEY" | sha256sum | cut -d' ' -f1)"

log "API on $ASPNETCORE_URLS (Swagger UI at /swagger, readiness at /health/ready)"
log "admin API key for writes (X-Api-Key): $API_KEY   (kept in .local/api-key)"
cd "$REPO_ROOT/src/ResourceMap.Api"
exec env $API_RUNTIME_ENV dotnet bin/Release/net10.0/ResourceMap.Api.dll
