#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: the seed generators' --check modes (the committed seed files are
# what the generators make), the format check (.editorconfig), then unit + integration tests. Installs what is
# missing, starts the project-local PostGIS, and lets the integration tests create and drop their own throwaway
# database. The build treats warnings as errors (Directory.Build.props).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_packages
ensure_test_tools
ensure_cluster
# Leave the machine as we found it: a cluster this script started is stopped again at the end.
if [ "$CLUSTER_STARTED_HERE" = 1 ]; then trap stop_cluster EXIT; fi

export RESOURCEMAP_TEST_ADMIN_CONNECTION="$(connection_string postgres)"
build_console
export RESOURCEMAP_SEED_DIR="$REPO_ROOT/seed-data"

started=$(date +%s)
checks=0
for generator in generate_regions generate_sample_directory generate_survey_sample; do
  log "checking seed-data against scripts/seed-tools/$generator.py"
  python3 "$REPO_ROOT/scripts/seed-tools/$generator.py" --check || { log "$generator --check failed"; checks=1; }
done

dotnet tool restore --tool-manifest "$REPO_ROOT/dotnet-tools.json" >/dev/null
dotnet restore "$REPO_ROOT/ResourceMap.sln" --nologo -v quiet >/dev/null
# Whitespace here; the style rules .editorconfig marks :warning and the analysers fail the build itself.
log "checking the code format (dotnet format whitespace --verify-no-changes)"
dotnet format "$REPO_ROOT/ResourceMap.sln" whitespace --verify-no-changes --no-restore -v quiet \
  || { log "format check failed: run 'dotnet format whitespace ResourceMap.sln' and commit"; checks=1; }

set +e
dotnet test "$REPO_ROOT/ResourceMap.sln" -c Release --nologo --logger "console;verbosity=normal" 2>&1 | tee "$REPO_ROOT/.local/test-output.log"
status=${PIPESTATUS[0]}
set -e

# Reads on a standby: primary stopped, reads still served, writes 503, everything back with the primary.
standby_status=0
if [ "${RESOURCEMAP_SKIP_STANDBY_CHECK:-0}" != 1 ]; then
  set +e
  bash "$REPO_ROOT/scripts/check-standby.sh" 2>&1 | tee "$REPO_ROOT/.local/standby-check.log"
  standby_status=${PIPESTATUS[0]}
  set -e
  if [ "$standby_status" -eq 0 ]; then echo "  Passed: 1 (standby check)" >> "$REPO_ROOT/.local/test-output.log";
  else echo "  Failed: 1 (standby check)" >> "$REPO_ROOT/.local/test-output.log"; fi
fi
[ "$status" -ne 0 ] || status=$standby_status

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
[ "$checks" = 0 ] || { log "the seed or format checks failed (see above)"; [ "$status" != 0 ] || status=1; }
[ "$status" -ne 0 ] || status=$lint_status
exit "$status"
