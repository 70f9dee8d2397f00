#!/usr/bin/env bash
# Runs the whole test suite (unit + integration) on a fresh machine: installs what is missing, starts the
# project-local PostGIS, and lets the integration tests create and drop their own throwaway database.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/browser-tests.sh"

ensure_packages
ensure_cluster
# Leave the machine as we found it: a cluster this script started is stopped again at the end.
if [ "$CLUSTER_STARTED_HERE" = 1 ]; then trap stop_cluster EXIT; fi

export RESOURCEMAP_TEST_ADMIN_CONNECTION="$(connection_string postgres)"
export RESOURCEMAP_SEED_DIR="$REPO_ROOT/seed-data"

started=$(date +%s)
set +e
dotnet test "$REPO_ROOT/ResourceMap.sln" -c Release --nologo --logger "console;verbosity=normal" 2>&1 | tee "$REPO_ROOT/.local/test-output.log"
status=${PIPESTATUS[0]}
# Browser tests after the .NET ones: a MapLibre page on another origin (tests/browser).
run_browser_tests 2>&1 | tee "$REPO_ROOT/.local/browser-test-output.log"
browser_status=${PIPESTATUS[0]}
set -e
if [ "$status" = 0 ] && [ "$browser_status" != 0 ]; then status=$browser_status; fi

# One plain summary line for CI: totals over both test assemblies.
sum_of() { { grep -oE "$1: +[0-9]+" "$REPO_ROOT/.local/test-output.log" || true; } | awk '{ n += $2 } END { print n + 0 }'; }
# node's TAP summary: "# pass N", "# fail N", "# skipped N".
node_sum() { { grep -oE "^# $1 [0-9]+" "$REPO_ROOT/.local/browser-test-output.log" || true; } | awk '{ n += $3 } END { print n + 0 }'; }
passed=$(( $(sum_of Passed) + $(node_sum pass) ))
failed=$(( $(sum_of Failed) + $(node_sum fail) ))
skipped=$(( $(sum_of Skipped) + $(node_sum skipped) ))
log "suite took $(( $(date +%s) - started )) s"
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
