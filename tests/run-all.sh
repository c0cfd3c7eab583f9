#!/usr/bin/env bash
# The single test command of this repository:   bash tests/run-all.sh [extra `dotnet test` args]
#
# On a fresh Debian machine that has only the .NET SDK (and node/npm) it:
#   1. installs Debian's `chromium` (for the Playwright browser tests) if /usr/bin/chromium is missing;
#   2. runs `npm ci` (maildev, the SMTP catcher the tests start) when node_modules is missing or stale;
#   3. restores the local dotnet tools (.config/dotnet-tools.json);
#   4. installs Debian's `postgresql` and `redis-server` if missing, and starts a throw-away PostgreSQL on loopback
#      (tests/Shared/start-postgres.sh; the multi-server tests start their own redis-server processes);
#   5. runs `dotnet test PracticeCommunity.sln -c Release` (SQLite), then the integration tests again on PostgreSQL,
#      with TRX results in artifacts/test-results/.
# Its exit code is the exit code of `dotnet test` (and 1 if that exited 0 without running any test).
# With CI=true a browser that cannot be installed is an error: browser tests are never skipped.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"

CHROMIUM=/usr/bin/chromium
RESULTS_DIR="$ROOT/artifacts/test-results"
IS_CI=false
case "${CI:-}" in true|TRUE|True|1) IS_CI=true ;; esac

log() { printf '[run-all] %s\n' "$*"; }
die() { printf '[run-all] ERROR: %s\n' "$*" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=true
export DEBIAN_FRONTEND=noninteractive

# Runs a command as root: directly when we are root, else through sudo
# (non-interactive when there is no terminal, e.g. in CI).
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        if [ -t 0 ] && [ "$IS_CI" != true ]; then sudo "$@"; else sudo -n "$@"; fi
    else
        log "not root and no sudo: cannot run '$*'"
        return 1
    fi
}

apt_install() {
    # Wait for a concurrent apt/dpkg (instead of failing on its lock); `apt-get update` only if needed.
    local opts=(-y -q -o DPkg::Lock::Timeout=600)
    if ! as_root apt-get install "${opts[@]}" "$@"; then
        log "apt-get install $* failed; running apt-get update and retrying"
        as_root apt-get update -q -o DPkg::Lock::Timeout=600 && as_root apt-get install "${opts[@]}" "$@"
    fi
}

# ---------------------------------------------------------------------------------------------
# 1. Chromium (Debian package; Playwright must never download a browser of its own)
# ---------------------------------------------------------------------------------------------
if [ ! -x "$CHROMIUM" ]; then
    log "$CHROMIUM missing: installing Debian's chromium package"
    if ! command -v apt-get >/dev/null 2>&1 || ! apt_install chromium || [ ! -x "$CHROMIUM" ]; then
        if [ "$IS_CI" = true ]; then
            die "Chromium could not be installed (apt-get install chromium failed) and CI=true: the browser tests need $CHROMIUM and are never skipped."
        fi
        log "WARNING: Chromium could not be installed; the browser tests will fail. Install it with: sudo apt-get install chromium"
    fi
fi
if [ -x "$CHROMIUM" ]; then
    log "browser: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
fi

# ---------------------------------------------------------------------------------------------
# 2. Node packages (maildev), from package-lock.json
# ---------------------------------------------------------------------------------------------
if ! command -v npm >/dev/null 2>&1; then
    log "npm missing: installing Debian's nodejs and npm packages"
    apt_install nodejs npm || die "npm is missing and could not be installed (needed for maildev)."
fi
NPM_STAMP="$ROOT/node_modules/.run-all-lock.sha256"
LOCK_HASH="$(sha256sum package-lock.json package.json | sha256sum | cut -d' ' -f1)"
if [ ! -x "$ROOT/node_modules/.bin/maildev" ] || [ ! -f "$NPM_STAMP" ] || [ "$(cat "$NPM_STAMP")" != "$LOCK_HASH" ]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    printf '%s\n' "$LOCK_HASH" > "$NPM_STAMP"
fi
[ -x "$ROOT/node_modules/.bin/maildev" ] || die "node_modules/.bin/maildev missing after npm ci."

# ---------------------------------------------------------------------------------------------
# 3. Local dotnet tools
# ---------------------------------------------------------------------------------------------
if [ -f "$ROOT/.config/dotnet-tools.json" ]; then
    log "dotnet tool restore"
    dotnet tool restore
fi

# ---------------------------------------------------------------------------------------------
# 4. PostgreSQL and Redis (Debian packages), for the PostgreSQL run and the multi-server tests
# ---------------------------------------------------------------------------------------------
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1; then
    log "installing Debian's postgresql and redis-server"
    apt_install postgresql redis-server || die "postgresql and redis-server could not be installed: the PostgreSQL and multi-server tests need them."
fi
export REDIS_SERVER_BIN="$(command -v redis-server)"
PG_DATA="${PG_TEST_DATA:-/tmp/practice-community-pg}"
PG_PORT="${PG_TEST_PORT:-54329}"
log "starting PostgreSQL on 127.0.0.1:$PG_PORT ($PG_DATA)"
PG_CONNECTION="$(bash "$ROOT/tests/Shared/start-postgres.sh" "$PG_DATA" "$PG_PORT")" \
    || die "PostgreSQL could not be started on port $PG_PORT (see $PG_DATA/server.log; PG_TEST_PORT picks another port)."
export PRACTICE_TEST_POSTGRES="$PG_CONNECTION"
stop_postgres() {
    local bin; bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DATA" stop -m fast >/dev/null 2>&1 || true
    else "$bin/pg_ctl" -D "$PG_DATA" stop -m fast >/dev/null 2>&1 || true; fi
}
trap stop_postgres EXIT

# ---------------------------------------------------------------------------------------------
# 5. Tests
# ---------------------------------------------------------------------------------------------
SOLUTION=PracticeCommunity.sln
if [ ! -f "$SOLUTION" ] && [ -f PracticeCommunity.slnx ]; then SOLUTION=PracticeCommunity.slnx; fi
[ -f "$SOLUTION" ] || die "$SOLUTION not found in $ROOT."

export PLAYWRIGHT_CHROMIUM_EXECUTABLE="$CHROMIUM"
export MAILDEV_BIN="$ROOT/node_modules/.bin/maildev"

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"

log "dotnet test $SOLUTION -c Release (TRX results in ${RESULTS_DIR#"$ROOT"/})"
set +e
dotnet test "$SOLUTION" -c Release \
    --logger "trx;LogFilePrefix=tests" \
    --results-directory "$RESULTS_DIR" \
    --blame-hang-timeout 10m --blame-hang-dump-type none \
    "$@"
rc=$?
# The same integration tests on PostgreSQL (the SQLite-only ones, about SQLite's own files and FTS5 tables, left out).
log "dotnet test tests/PracticeCommunity.Tests on PostgreSQL"
PRACTICE_TEST_DATABASE=Postgres dotnet test tests/PracticeCommunity.Tests -c Release --no-build \
    --logger "trx;LogFilePrefix=postgres" \
    --results-directory "$RESULTS_DIR" \
    --blame-hang-timeout 10m --blame-hang-dump-type none \
    --filter "Database!=SqliteOnly" \
    "$@"
pg_rc=$?
[ "$rc" -eq 0 ] && rc=$pg_rc
set -e

# Closing line summed over all TRX files: "Tests: N passed, N failed, N skipped".
total=0 passed=0 failed=0
shopt -s nullglob
for trx in "$RESULTS_DIR"/*.trx; do
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n1)"
    get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
    total=$((total + $(get total)))
    passed=$((passed + $(get passed)))
    failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
done
skipped=$((total - passed - failed))
[ "$skipped" -lt 0 ] && skipped=0
echo
echo "Tests: $passed passed, $failed failed, $skipped skipped"
pg_total=0
for trx in "$RESULTS_DIR"/postgres*.trx; do
    pg_total=$((pg_total + $(grep -o '<Counters [^>]*>' "$trx" | head -n1 | grep -o ' total="[0-9]*"' | grep -o '[0-9]*' || echo 0)))
done
if [ "$rc" -eq 0 ] && [ "$pg_total" -eq 0 ]; then
    printf '[run-all] ERROR: the PostgreSQL run ran no test (no postgres*.trx results in %s).\n' "$RESULTS_DIR" >&2
    exit 1
fi
if [ "$rc" -eq 0 ] && [ "$total" -eq 0 ]; then
    # `dotnet test` exits 0 when the solution holds no test project: that is a broken run, not a green one.
    printf '[run-all] ERROR: dotnet test exited 0 but no test ran (no TRX results in %s).\n' "$RESULTS_DIR" >&2
    exit 1
fi
exit "$rc"
