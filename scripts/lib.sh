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

# Rust comes with the machine (rustup); Debian's own rustc is too old for this crate.
ensure_rust() {
    if ! command -v cargo >/dev/null; then
        echo "Rust is not installed. Install Rust 1.95 or newer with rustup (with clippy and rustfmt)." >&2
        exit 1
    fi
    # A C compiler and libc headers for the linker and for crates with build scripts.
    command -v cc >/dev/null || ensure_apt gcc libc6-dev
}

# Sets PG_BIN to the newest PostgreSQL server binaries here, installing them when missing.
find_pg_bin() {
    PG_BIN=""
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then
            PG_BIN="$dir"
            return 0
        fi
    done
    ensure_apt postgresql
    find_pg_bin
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
    # axe-core (a devDependency) is not copied: it is a test asset, never served. The
    # browser tests read node_modules/axe-core/axe.min.js and inject it through WebDriver.
}

# Schemathesis (PyPI) for the API's property-based test, pinned by
# tests/schemathesis/requirements.txt, in a virtual environment under target/.
ensure_schemathesis() {
    command -v python3 >/dev/null || ensure_apt python3
    python3 -c 'import venv, ensurepip' 2>/dev/null || ensure_apt python3-venv
    local venv="$ROOT/target/schemathesis-venv" lock="tests/schemathesis/requirements.txt"
    local stamp="$venv/.installed"
    if [ ! -f "$stamp" ] || [ "$lock" -nt "$stamp" ]; then
        log "installing schemathesis (pip, pinned by $lock)"
        rm -rf "$venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$lock"
        touch "$stamp"
    fi
    export SCHEMATHESIS="$venv/bin/schemathesis"
}

# Runs a command as the postgres user when we are root (initdb refuses root).
as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# A TCP port on 127.0.0.1 that nothing listens on.
free_port() {
    local port
    while :; do
        # Below Linux's ephemeral range (32768–60999): a port there may be the local end
        # of some outgoing connection, which a connect test does not see and bind refuses.
        port=$((20000 + RANDOM % 12768))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
}

PG_DATA=""
PG_BIN=""
PG_TEMP=""
stop_private_pg() {
    if [ -n "$PG_DATA" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
        log "stopping the private PostgreSQL"
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
    fi
    if [ -n "$PG_TEMP" ]; then
        rm -rf "$PG_TEMP"
    fi
}

# Whether the postgres user can reach and write into DIR (not so under a private home).
pg_can_use() {
    [ "$(id -u)" != 0 ] || runuser -u postgres -- test -w "$1" 2>/dev/null
}

# start_private_pg DIR|temp: unless DATABASE_URL is set, starts a PostgreSQL cluster kept
# in DIR (created on first use), or in a fresh temporary folder removed afterwards, exports
# DATABASE_URL, and stops the cluster when the calling script exits.
start_private_pg() {
    if [ -n "${DATABASE_URL:-}" ]; then
        log "using DATABASE_URL from the environment"
        return 0
    fi
    local dir="$1"
    find_pg_bin
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || ensure_apt postgresql
    fi
    if [ "$dir" = temp ]; then
        PG_TEMP="$(mktemp -d /tmp/klientdelegering-pg.XXXXXX)"
        dir="$PG_TEMP"
    fi
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    if ! pg_can_use "$dir"; then
        # The checkout is somewhere the postgres user cannot enter: keep the data beside it.
        dir="/var/tmp/klientdelegering-pg-$(echo "$ROOT" | cksum | cut -d' ' -f1)"
        mkdir -p "$dir"
        chown postgres: "$dir"
        log "the postgres user cannot reach $1; using $dir"
    fi
    PG_DATA="$dir/data"
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
        log "creating a private PostgreSQL cluster in $dir"
        as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    # A cluster left running by a killed run is stopped first, so the port is ours.
    [ -f "$PG_DATA/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
    local port opts attempt
    # Another process may take the port between the choice and the start: choose again.
    for attempt in 1 2 3 4 5; do
        port="$(free_port)"
        opts="-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200"
        # A throwaway cluster need not survive a power cut; the demo's data should.
        [ -n "$PG_TEMP" ] && opts="$opts -c fsync=off -c synchronous_commit=off"
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$dir/postgres.log" -w -o "$opts" start >/dev/null && break
        [ "$attempt" = 5 ] && { tail -n 5 "$dir/postgres.log" >&2; return 1; }
        log "PostgreSQL could not start on port $port; trying another"
    done
    trap stop_private_pg EXIT
    trap 'exit 130' INT TERM
    export DATABASE_URL="postgres://postgres@127.0.0.1:$port/klientdelegering"
    as_pg "$PG_BIN/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'klientdelegering'" | grep -q 1 ||
        as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres klientdelegering
    log "private PostgreSQL on 127.0.0.1:$port (data in $dir)"
}
