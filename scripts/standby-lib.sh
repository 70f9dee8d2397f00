#!/usr/bin/env bash
# Standby management shared by start-standby.sh and check-standby.sh (source lib.sh first).
choose_data_dir
STANDBY_PORT="${RESOURCEMAP_STANDBY_PORT:-$((PG_PORT + 10))}"
STANDBY_DATA="${RESOURCEMAP_STANDBY_DATA:-$(dirname "$PG_DATA")/pgstandby}"
STANDBY_MARKER="$STANDBY_DATA/RESOURCEMAP_STANDBY"

standby_running() { as_pg_owner "$PG_BIN/pg_ctl" -D "$STANDBY_DATA" status >/dev/null 2>&1; }

standby_psql() {
  PGPASSWORD="$PG_PASSWORD" psql -h 127.0.0.1 -p "$STANDBY_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -qtA "$@"
}

ensure_standby() {
  if [ -d "$STANDBY_DATA" ] && [ -n "$(ls -A "$STANDBY_DATA" 2>/dev/null)" ] && [ ! -f "$STANDBY_MARKER" ]; then
    log "$STANDBY_DATA exists but is not ResourceMap's standby; refusing to touch it"; exit 1
  fi
  if [ ! -f "$STANDBY_MARKER" ]; then
    log "copying the primary (127.0.0.1:$PG_PORT) into $STANDBY_DATA with pg_basebackup"
    mkdir -p "$STANDBY_DATA"; chmod 700 "$STANDBY_DATA"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$STANDBY_DATA"; fi
    # -R writes standby.signal and primary_conninfo (with these credentials); -X stream copies the WAL alongside.
    as_pg_owner "$PG_BIN/pg_basebackup" -d "host=127.0.0.1 port=$PG_PORT user=$PG_USER password=$PG_PASSWORD" \
      -D "$STANDBY_DATA" -X stream -R -c fast --no-sync >/dev/null
    as_pg_owner rm -f "$STANDBY_DATA/RESOURCEMAP_CLUSTER" "$STANDBY_DATA/server.log"
    as_pg_owner tee -a "$STANDBY_DATA/postgresql.auto.conf" >/dev/null <<CONF
# ResourceMap local standby: read-only, keeps answering while the primary is away
hot_standby = on
hot_standby_feedback = on
shared_buffers = 128MB
CONF
    as_pg_owner touch "$STANDBY_MARKER"
  fi
  if ! standby_running; then
    if port_taken "$STANDBY_PORT"; then log "port $STANDBY_PORT is taken; set RESOURCEMAP_STANDBY_PORT"; exit 1; fi
    log "starting the standby on 127.0.0.1:$STANDBY_PORT"
    as_pg_owner "$PG_BIN/pg_ctl" -D "$STANDBY_DATA" -l "$STANDBY_DATA/server.log" -o "-p $STANDBY_PORT" -w -t 60 start >/dev/null
  fi
  [ "$(standby_psql -d postgres -c 'SELECT pg_is_in_recovery()')" = "t" ] || { log "the server on $STANDBY_PORT is not a standby"; exit 1; }
}

stop_standby() {
  if [ -f "$STANDBY_MARKER" ] && standby_running; then
    as_pg_owner "$PG_BIN/pg_ctl" -D "$STANDBY_DATA" -m fast -w stop >/dev/null && log "stopped the standby"
  fi
}

remove_standby() {
  stop_standby
  # The marker proves the directory is ours; its parent (.local) belongs to the caller, who removes it.
  if [ -f "$STANDBY_MARKER" ]; then rm -rf "$STANDBY_DATA"; log "removed $STANDBY_DATA"; fi
}

# Waits until the standby has replayed everything the primary has written so far.
wait_for_replay() {
  local target; target="$(local_psql -d postgres -c 'SELECT pg_current_wal_lsn()')"
  for _ in $(seq 1 100); do
    if [ "$(standby_psql -d postgres -c "SELECT pg_last_wal_replay_lsn() >= '$target'::pg_lsn")" = "t" ]; then return 0; fi
    sleep 0.2
  done
  log "the standby did not catch up with $target"; return 1
}
