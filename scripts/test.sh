#!/usr/bin/env bash
# Runs the whole test suite (unit + integration) on a fresh machine: installs what is missing, starts the
# project-local PostGIS, and lets the integration tests create and drop their own throwaway database.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_packages
ensure_test_tools
ensure_cluster
# Leave the machine as we found it: a cluster this script started is stopped again at the end.
if [ "$CLUSTER_STARTED_HERE" = 1 ]; then trap stop_cluster EXIT; fi

export RESOURCEMAP_TEST_ADMIN_CONNECTION="$(connection_string postgres)"
export RESOURCEMAP_SEED_DIR="$REPO_ROOT/seed-data"

started=$(date +%s)
set +e
dotnet test "$REPO_ROOT/ResourceMap.sln" -c Release --nologo --logger "console;verbosity=normal" 2>&1 | tee "$REPO_ROOT/.local/test-output.log"
status=${PIPESTATUS[0]}
set -e

# The committed OpenAPI document must lint clean (0 errors) with Redocly CLI, installed project-locally from
# tools/openapi-lint/package-lock.json.
lint_status=0
if [ "$status" -eq 0 ]; then
  log "linting openapi/resourcemap.v1.json with Redocly CLI"
  command -v npm >/dev/null 2>&1 || { DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq npm >/dev/null; }
  (cd "$REPO_ROOT/tools/openapi-lint" && npm ci --no-audit --no-fund --silent) || lint_status=1
  if [ "$lint_status" -eq 0 ]; then
    "$REPO_ROOT/tools/openapi-lint/node_modules/.bin/redocly" lint "$REPO_ROOT/openapi/resourcemap.v1.json" --format=summary 2>&1 \
      | grep -vE '^\s*(║|╔|╚)' | tee "$REPO_ROOT/.local/openapi-lint.log" || true
    grep -qE 'Validation failed with [1-9][0-9]* error' "$REPO_ROOT/.local/openapi-lint.log" && lint_status=1
  fi
fi

# One plain summary line for CI: totals over both test assemblies.
sum_of() { { grep -oE "$1: +[0-9]+" "$REPO_ROOT/.local/test-output.log" || true; } | awk '{ n += $2 } END { print n + 0 }'; }
passed=$(sum_of Passed); failed=$(sum_of Failed); skipped=$(sum_of Skipped)
log "suite took $(( $(date +%s) - started )) s"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$status" -ne 0 ] || status=$lint_status
exit "$status"
