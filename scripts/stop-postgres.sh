#!/usr/bin/env bash
# Stop the throwaway PostgreSQL cluster started by scripts/start-postgres.sh and
# delete its data directory. Safe to run when nothing is running.
#
# Usage:
#   scripts/stop-postgres.sh            # or: source scripts/stop-postgres.sh
#                                       # (sourcing also unsets CITRINE_TEST_POSTGRES)
# Uses $CITRINE_PG_STATE_FILE if set, else the per-checkout default in /tmp.

# ---- sourced: run as a child process, then drop the exported variables --------
if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    bash "${BASH_SOURCE[0]}"
    _citrine_pg_rc=$?
    unset CITRINE_TEST_POSTGRES CITRINE_PG_STATE_FILE
    return $_citrine_pg_rc
fi

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_FILE="${CITRINE_PG_STATE_FILE:-/tmp/citrine-pg-$(printf '%s' "$REPO_ROOT" | cksum | cut -d' ' -f1).state}"

log() { echo "stop-postgres: $*" >&2; }

if [[ ! -f "$STATE_FILE" ]]; then
    log "no state file at $STATE_FILE; nothing to stop"
    exit 0
fi

state_get() { sed -n "s/^$1=//p" "$STATE_FILE" | head -n 1; }
PG_DIR="$(state_get DIR)"
PID="$(state_get PID)"
PG_BIN="$(state_get BIN)"
RUN_AS="$(state_get RUN_AS)"
DATA_DIR="$PG_DIR/data"

as_pg() {
    if [[ -z "$RUN_AS" || "$(id -un)" == "$RUN_AS" ]]; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u "$RUN_AS" -- "$@"
    else
        su "$RUN_AS" -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
}

cd / # the server's user may not be able to read the caller's working directory

if [[ -n "$PG_DIR" && -f "$DATA_DIR/postmaster.pid" ]]; then
    pg_ctl="${PG_BIN:+$PG_BIN/}pg_ctl"
    if ! as_pg "$pg_ctl" -D "$DATA_DIR" -m fast -w -t 30 stop >&2; then
        log "pg_ctl stop failed; trying immediate shutdown"
        as_pg "$pg_ctl" -D "$DATA_DIR" -m immediate -w -t 15 stop >&2 || true
    fi
fi

# Last resort: the postmaster recorded at start, only if it is still a postgres process.
if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null && grep -qa postgres "/proc/$PID/cmdline" 2>/dev/null; then
    log "postmaster $PID still alive; sending SIGKILL"
    kill -KILL "$PID" 2>/dev/null || true
fi

# Delete the directory only if it is one start-postgres.sh made.
if [[ -n "$PG_DIR" && -d "$PG_DIR" ]]; then
    if [[ -f "$PG_DIR/.citrine-pg" && "$PG_DIR" == /tmp/citrine-pg.* ]]; then
        rm -rf "$PG_DIR"
        log "stopped cluster and removed $PG_DIR"
    else
        log "WARNING: $PG_DIR does not look like a start-postgres.sh directory; not deleting it"
    fi
fi
rm -f "$STATE_FILE"
