#!/usr/bin/env bash
# Runs the whole test suite (unit + integration) on a fresh machine: installs what is missing, starts the
# project-local PostGIS, and lets the integration tests create and drop their own throwaway database.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_packages
ensure_cluster
# Leave the machine as we found it: a cluster this script started is stopped again at the end.
if [ "$CLUSTER_STARTED_HERE" = 1 ]; then trap stop_cluster EXIT; fi

export RESOURCEMAP_TEST_ADMIN_CONNECTION="$(connection_string postgres)"
build_console
export RESOURCEMAP_SEED_DIR="$REPO_ROOT/seed-data"

started=$(date +%s)
set +e
dotnet test "$REPO_ROOT/ResourceMap.sln" -c Release --nologo --logger "console;verbosity=normal" 2>&1 | tee "$REPO_ROOT/.local/test-output.log"
status=${PIPESTATUS[0]}
set -e

# The web console in a real browser, against the API just built, on a throwaway database with the sample data.
browser_log="$REPO_ROOT/.local/browser-test-output.log"
set +e
bash "$REPO_ROOT/tests/browser/run.sh" 2>&1 | tee "$browser_log"
browser_status=${PIPESTATUS[0]}
set -e
[ "$browser_status" -eq 0 ] || status=$browser_status

# One plain summary line for CI: totals over both test assemblies and the browser tests.
sum_of() { { grep -oE "$1: +[0-9]+" "$REPO_ROOT/.local/test-output.log" || true; } | awk '{ n += $2 } END { print n + 0 }'; }
node_count() { { grep -oE "^ℹ $1 [0-9]+" "$browser_log" || true; } | awk '{ n += $3 } END { print n + 0 }'; }
passed=$(( $(sum_of Passed) + $(node_count pass) ))
failed=$(( $(sum_of Failed) + $(node_count fail) ))
skipped=$(( $(sum_of Skipped) + $(node_count skipped) + $(node_count todo) ))
# A browser run that could not even start its tests must still fail the line.
if [ "$browser_status" -ne 0 ] && [ "$(node_count fail)" -eq 0 ]; then failed=$(( failed + 1 )); fi
log "suite took $(( $(date +%s) - started )) s"
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
