#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for Citrine's tests.
#
# Usage:
#   source scripts/start-postgres.sh     # starts it and exports CITRINE_TEST_POSTGRES
#   eval "$(scripts/start-postgres.sh)"  # same, without sourcing
#   scripts/stop-postgres.sh             # stops it and deletes its data
#
# The cluster lives in a fresh temporary directory, listens on 127.0.0.1 on a
# free port, trusts every local connection and has a database `citrine_test`.
# Its state (directory, port, pid) is written to $CITRINE_PG_STATE_FILE
# (default: one file in /tmp per checkout) so stop-postgres.sh can clean up.
# PostgreSQL refuses to run as root, so under root the cluster is owned and
# run by the `postgres` user (created if missing).
#
# When executed, diagnostics go to stderr and `export ...` lines to stdout.
# Exit status is non-zero if the cluster could not be started.

# ---- sourced: run this file as a child process and import its exports --------
if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    if _citrine_pg_env="$(bash "${BASH_SOURCE[0]}")"; then
        eval "$_citrine_pg_env"
        unset _citrine_pg_env
        echo "start-postgres: CITRINE_TEST_POSTGRES=$CITRINE_TEST_POSTGRES" >&2
        return 0
    else
        unset _citrine_pg_env
        echo "start-postgres: FAILED to start PostgreSQL (see messages above)" >&2
        return 1
    fi
fi

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DB_NAME="${CITRINE_PG_DATABASE:-citrine_test}"
STATE_FILE="${CITRINE_PG_STATE_FILE:-/tmp/citrine-pg-$(printf '%s' "$REPO_ROOT" | cksum | cut -d' ' -f1).state}"

log() { echo "start-postgres: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

SUDO=""
if [[ "$(id -u)" -ne 0 ]] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
fi
can_admin() { [[ "$(id -u)" -eq 0 || -n "$SUDO" ]]; }

# ---- locate (or install) the server binaries ----------------------------------
find_pg_bin() {
    local d
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$d/pg_ctl" && -x "$d/initdb" ]]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

if ! PG_BIN="$(find_pg_bin)"; then
    can_admin || die "pg_ctl/initdb not found and cannot install PostgreSQL (not root, no sudo)"
    log "pg_ctl/initdb not found; installing postgresql-15 with apt-get"
    apt_log="$(mktemp)"
    if ! { $SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y postgresql-15; } >"$apt_log" 2>&1; then
        tail -n 30 "$apt_log" >&2
        rm -f "$apt_log"
        die "apt-get install postgresql-15 failed"
    fi
    rm -f "$apt_log"
    PG_BIN="$(find_pg_bin)" || die "postgresql-15 installed but pg_ctl/initdb still not found"
fi
PG_VERSION="$("$PG_BIN/pg_ctl" --version 2>/dev/null || true)"

# ---- who runs the server --------------------------------------------------------
RUN_AS=""
if [[ "$(id -u)" -eq 0 ]]; then
    RUN_AS="postgres"
    if ! id -u postgres >/dev/null 2>&1; then
        log "creating system user 'postgres'"
        useradd --system --no-create-home --home-dir /nonexistent --shell /bin/sh postgres \
            || die "could not create user 'postgres'"
    fi
fi

# Run a command as the server's user (quoting-safe: no shell in between when
# runuser is available).
as_pg() {
    if [[ -z "$RUN_AS" ]]; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u "$RUN_AS" -- "$@"
    else
        su "$RUN_AS" -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
}

pg_status_ok() { # $1 = data dir
    as_pg "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1
}

# ---- state file helpers ----------------------------------------------------------
state_get() { # $1 = key
    [[ -f "$STATE_FILE" ]] || return 1
    sed -n "s/^$1=//p" "$STATE_FILE" | head -n 1
}

conn_string() { # $1 = port
    echo "Host=127.0.0.1;Port=$1;Username=postgres;Database=$DB_NAME;Pooling=true;Maximum Pool Size=100"
}

print_env() { # $1 = port
    printf "export CITRINE_TEST_POSTGRES='%s'\n" "$(conn_string "$1")"
    printf "export CITRINE_PG_STATE_FILE='%s'\n" "$STATE_FILE"
}

# ---- already running from an earlier start? reuse it ---------------------------
if [[ -f "$STATE_FILE" ]]; then
    old_dir="$(state_get DIR || true)"
    old_port="$(state_get PORT || true)"
    if [[ -n "$old_dir" && -n "$old_port" && -d "$old_dir/data" ]] && pg_status_ok "$old_dir/data"; then
        log "reusing running cluster in $old_dir on port $old_port (state: $STATE_FILE)"
        print_env "$old_port"
        exit 0
    fi
    log "removing stale state file $STATE_FILE"
    bash "$REPO_ROOT/scripts/stop-postgres.sh" >&2 || true
    rm -f "$STATE_FILE"
fi

# ---- create the cluster ------------------------------------------------------------
PG_DIR="$(mktemp -d /tmp/citrine-pg.XXXXXX)"
DATA_DIR="$PG_DIR/data"
LOG_FILE="$PG_DIR/server.log"
touch "$PG_DIR/.citrine-pg" # marker: stop-postgres.sh only deletes directories carrying it
started=0
cleanup_on_failure() {
    if [[ "$started" -ne 1 ]]; then
        if [[ -f "$DATA_DIR/postmaster.pid" ]]; then
            as_pg "$PG_BIN/pg_ctl" -D "$DATA_DIR" -m immediate -w stop >/dev/null 2>&1 || true
        fi
        rm -rf "$PG_DIR"
        rm -f "$STATE_FILE"
    fi
}
trap cleanup_on_failure EXIT

if [[ -n "$RUN_AS" ]]; then
    chown "$RUN_AS" "$PG_DIR" || die "could not chown $PG_DIR to $RUN_AS"
fi
chmod 700 "$PG_DIR"
cd "$PG_DIR" # the server's user may not be able to read the caller's working directory

log "initdb ($PG_VERSION) in $DATA_DIR${RUN_AS:+ as user $RUN_AS}"
if ! as_pg "$PG_BIN/initdb" -D "$DATA_DIR" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >"$PG_DIR/initdb.log" 2>&1; then
    # Older initdb or a missing C.UTF-8 locale: retry with the plain C locale.
    as_pg rm -rf "$DATA_DIR" 2>/dev/null || rm -rf "$DATA_DIR"
    if ! as_pg "$PG_BIN/initdb" -D "$DATA_DIR" -A trust -U postgres -E UTF8 --locale=C --no-sync >"$PG_DIR/initdb.log" 2>&1; then
        cat "$PG_DIR/initdb.log" >&2
        die "initdb failed"
    fi
fi

free_port() {
    local p
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' && return 0
    fi
    for _ in $(seq 1 200); do
        p=$((20000 + RANDOM % 40000))
        if command -v ss >/dev/null 2>&1; then
            [[ -z "$(ss -ltnH "sport = :$p" 2>/dev/null)" ]] && { echo "$p"; return 0; }
        elif ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

PORT=""
for attempt in 1 2 3; do
    PORT="$(free_port)" || die "could not find a free TCP port"
    log "starting server on 127.0.0.1:$PORT (attempt $attempt)"
    if as_pg "$PG_BIN/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=1000" \
        start >&2; then
        started=2 # running, database not yet created
        break
    fi
    log "server did not start; last lines of $LOG_FILE:"
    tail -n 20 "$LOG_FILE" >&2 2>/dev/null || true
    PORT=""
done
[[ -n "$PORT" ]] || die "PostgreSQL failed to start after 3 attempts"

PID="$(head -n 1 "$DATA_DIR/postmaster.pid" 2>/dev/null || true)"
{
    echo "DIR=$PG_DIR"
    echo "PORT=$PORT"
    echo "PID=$PID"
    echo "BIN=$PG_BIN"
    echo "RUN_AS=$RUN_AS"
} >"$STATE_FILE"
chmod 600 "$STATE_FILE"

# ---- create the test database -----------------------------------------------------
if [[ -x "$PG_BIN/createdb" ]]; then
    createdb_cmd=("$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB_NAME")
elif command -v psql >/dev/null 2>&1; then
    createdb_cmd=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c "CREATE DATABASE \"$DB_NAME\"")
else
    createdb_cmd=(createdb -h 127.0.0.1 -p "$PORT" -U postgres "$DB_NAME")
fi
if ! "${createdb_cmd[@]}" >&2; then
    started=0
    die "could not create database $DB_NAME"
fi

started=1
log "ready: pid $PID, dir $PG_DIR, port $PORT, database $DB_NAME (state: $STATE_FILE)"
print_env "$PORT"
