#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the tests, from Debian's packages, on loopback only:
#   bash tests/Shared/start-postgres.sh <data-directory> <port>
# It prints the connection string (superuser "postgres", trust authentication on 127.0.0.1 only).
# PostgreSQL never runs as root, so as root the server runs as the "postgres" account the package created.
# fsync and synchronous_commit are off: this server holds test data only, and a test run is far faster without them.
set -euo pipefail
DATA="$1"
PORT="$2"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
[ -x "$BIN/initdb" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; exit 1; }

run() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "$(id -u)" -eq 0 ]; then
    mkdir -p "$DATA"
    chown postgres:postgres "$DATA"
fi
if [ -f "$DATA/postmaster.pid" ] && run "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    run "$BIN/pg_ctl" -D "$DATA" stop -m immediate >/dev/null
fi
rm -rf "${DATA:?}"/*
# C.UTF-8: byte-order collation, as SQLite's default, so that lists sort the same on both providers.
run "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
run "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -k $DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" >/dev/null
echo "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres"
