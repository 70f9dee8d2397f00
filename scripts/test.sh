#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: the seed generators' --check modes (the committed seed files are
# what the generators make), the format check (.editorconfig), then unit + integration tests. Installs what is
# missing, starts the project-local PostGIS, and lets the integration tests create and drop their own throwaway
# database. The build treats warnings as errors (Directory.Build.props).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_packages
ensure_cluster
# Leave the machine as we found it: a cluster this script started is stopped again at the end.
if [ "$CLUSTER_STARTED_HERE" = 1 ]; then trap stop_cluster EXIT; fi

export RESOURCEMAP_TEST_ADMIN_CONNECTION="$(connection_string postgres)"
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

# One plain summary line for CI: totals over both test assemblies.
sum_of() { { grep -oE "$1: +[0-9]+" "$REPO_ROOT/.local/test-output.log" || true; } | awk '{ n += $2 } END { print n + 0 }'; }
passed=$(sum_of Passed); failed=$(sum_of Failed); skipped=$(sum_of Skipped)
log "suite took $(( $(date +%s) - started )) s"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$checks" = 0 ] || { log "the seed or format checks failed (see above)"; [ "$status" != 0 ] || status=1; }
exit "$status"
