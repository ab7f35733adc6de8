# Shared by scripts/run, scripts/test and scripts/sqlx-prepare: install what the project
# needs from Debian and npm, and start a private PostgreSQL cluster when DATABASE_URL is
# not given. Source it; do not run it.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=0
# ensure_apt PACKAGE...: installs the Debian packages that are missing.
ensure_apt() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]} (apt)"
    if [ "$APT_UPDATED" = 0 ]; then
        as_root apt-get update -qq
        APT_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The newest PostgreSQL server binaries on this machine, installing them when there are none.
pg_bindir() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
    if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
        ensure_apt postgresql
        dir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
    fi
    echo "$dir"
}

# Front-end assets come from npm (pinned by package-lock.json) and are copied to static/vendor.
ensure_assets() {
    command -v npm >/dev/null || ensure_apt nodejs npm
    local stamp="node_modules/.package-lock.json"
    if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
        log "installing front-end packages (npm ci)"
        npm ci --no-audit --no-fund --loglevel=error >/dev/null
    fi
    mkdir -p static/vendor
    cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
    cp node_modules/@digdir/designsystemet-css/dist/src/index.css static/vendor/designsystemet.css
    cp node_modules/@digdir/designsystemet-theme/brand/altinn.css static/vendor/altinn-theme.css
    cp node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2 static/vendor/inter-latin.woff2
    cp node_modules/@fontsource-variable/inter/files/inter-latin-ext-wght-normal.woff2 static/vendor/inter-latin-ext.woff2
}

# Runs a command as the postgres user when we are root (initdb refuses root).
as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

PG_DATA=""
PG_BIN=""
stop_private_pg() {
    if [ -n "$PG_DATA" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
        log "stopping the private PostgreSQL"
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
    fi
}

# start_private_pg DIR [fresh]: unless DATABASE_URL is set, starts a PostgreSQL cluster
# kept in DIR (created on first use; wiped first when "fresh"), exports DATABASE_URL,
# and stops the cluster when the calling script exits.
start_private_pg() {
    if [ -n "${DATABASE_URL:-}" ]; then
        log "using DATABASE_URL from the environment"
        return 0
    fi
    local dir="$1" fresh="${2:-}"
    PG_BIN="$(pg_bindir)"
    PG_DATA="$dir/data"
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || ensure_apt postgresql
    fi
    if [ "$fresh" = fresh ] && [ -d "$dir" ]; then
        [ -f "$PG_DATA/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$dir"
    fi
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
        log "creating a private PostgreSQL cluster in $dir"
        as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    # A cluster left running by a killed run is stopped first, so the port is ours.
    [ -f "$PG_DATA/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
    local port
    port="$(free_port)"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$dir/postgres.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null
    trap stop_private_pg EXIT
    export DATABASE_URL="postgres://postgres@127.0.0.1:$port/klientdelegering"
    as_pg "$PG_BIN/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'klientdelegering'" | grep -q 1 ||
        as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres klientdelegering
    log "private PostgreSQL on 127.0.0.1:$port (data in $dir)"
}
