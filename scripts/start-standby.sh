#!/usr/bin/env bash
# Starts a local streaming-replication standby of the project-local cluster, for the read data source:
#   scripts/start-standby.sh        pg_basebackup of the primary (once) + standby.signal, started on its own port
#   scripts/start-standby.sh stop   stops it;  scripts/start-standby.sh remove  stops it and deletes its data
# The standby lives beside the primary's data (.local/pgstandby), listens on 127.0.0.1 only, on
# RESOURCEMAP_STANDBY_PORT (default: the primary's port + 10), and carries its own marker file: like the
# primary, a directory without that marker is never touched.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$REPO_ROOT/scripts/standby-lib.sh"

case "${1:-start}" in
  start) ensure_packages; ensure_cluster; ensure_standby; echo "standby on 127.0.0.1:$STANDBY_PORT (primary 127.0.0.1:$PG_PORT)" ;;
  stop) stop_standby ;;
  remove) remove_standby ;;
  *) log "usage: $0 [start|stop|remove]"; exit 2 ;;
esac
