#!/usr/bin/env bash
# Copies the shared reference data into seed-data/ as reproducible gzip files (gzip -9 -n: no name, no timestamp,
# so the same input always gives byte-identical output).
#   usage: scripts/seed-tools/copy_reference_data.sh [SHARED_DATA_DIR]   (default /work/shared/data)
set -euo pipefail
SRC="${1:-/work/shared/data}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$ROOT/seed-data/boundaries" "$ROOT/seed-data/gazetteer"
gzip -9 -n -c "$SRC/boundaries/n03-2021-japan-s0010.geojson" > "$ROOT/seed-data/boundaries/n03-2021-japan-s0010.geojson.gz"
gzip -9 -n -c "$SRC/gazetteer/towns-japan.csv" > "$ROOT/seed-data/gazetteer/towns-japan.csv.gz"
# verify: the decompressed copies must be byte-identical to the sources
cmp <(gzip -dc "$ROOT/seed-data/boundaries/n03-2021-japan-s0010.geojson.gz") "$SRC/boundaries/n03-2021-japan-s0010.geojson"
cmp <(gzip -dc "$ROOT/seed-data/gazetteer/towns-japan.csv.gz") "$SRC/gazetteer/towns-japan.csv"
echo "copied and verified:"
sha256sum "$ROOT/seed-data/boundaries/n03-2021-japan-s0010.geojson.gz" "$ROOT/seed-data/gazetteer/towns-japan.csv.gz"
