#!/usr/bin/env bash
# The project's own PostgreSQL cluster, for `make run` and `make test`.
#
#   scripts/db.sh install        install PostgreSQL and libpq-dev when missing (Debian/Ubuntu)
#   scripts/db.sh start          create the cluster on first use, start it, create the databases
#   scripts/db.sh stop | restart | status
#   scripts/db.sh url [DBNAME]   print the connection URI
#   scripts/db.sh install-bench  also install wrk (for make bench)
#   scripts/db.sh bindir         print PostgreSQL's bin folder (pgbench lives there)
#
# PostgreSQL refuses to run as root, so as root the cluster belongs to an unprivileged system user
# (OCPI_PG_OS_USER, default ocpi-pg). Data lives in .pgdata/ (git-ignored) unless that user cannot reach the
# checkout, in which case it lives under /var/tmp. Listens on 127.0.0.1 only, port OCPI_PG_PORT (default 54329),
# with trust authentication: a development cluster, not a production one. When another process (another checkout's
# cluster, say) holds the port, `start` names it, with its data folder, and stops.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${OCPI_PG_PORT:-54329}
OS_USER=${OCPI_PG_OS_USER:-ocpi-pg}
DB_USER=ocpi
DATABASES=${OCPI_PG_DATABASES:-"ocpi ocpi_test"}

say() { echo "db: $*" >&2; }

pg_bindir() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/pg_ctl" ]; then echo "$dir"; fi
    done | sort -V | tail -n 1
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        say "need root to run: $*"; return 1
    fi
}

install_packages() {
    local missing=()
    [ -n "$(pg_bindir)" ] || missing+=(postgresql postgresql-contrib)
    [ -f /usr/include/postgresql/libpq-fe.h ] || missing+=(libpq-dev)
    command -v psql >/dev/null || missing+=(postgresql-client)
    command -v pkg-config >/dev/null || missing+=(pkg-config)
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing ${missing[*]}"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

# Runs a command as the cluster's owner.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u "$OS_USER" -- "$@"; else "$@"; fi
}

data_home() {
    if [ -n "${OCPI_PGDATA:-}" ]; then echo "$OCPI_PGDATA"; return; fi
    if [ "$(id -u)" -ne 0 ]; then echo "$ROOT/.pgdata"; return; fi
    # The unprivileged owner must be able to reach the checkout; /root, for one, it cannot.
    if runuser -u "$OS_USER" -- test -x "$ROOT"; then echo "$ROOT/.pgdata"; else
        echo "/var/tmp/ocpi-cpo-pgdata-$(echo "$ROOT" | sha256sum | cut -c1-12)"
    fi
}

ensure_os_user() {
    if [ "$(id -u)" -eq 0 ] && ! id "$OS_USER" >/dev/null 2>&1; then
        say "creating system user $OS_USER to own the cluster"
        useradd --system --no-create-home --shell /usr/sbin/nologin "$OS_USER"
    fi
}

ctl() {
    local home; home=$(data_home)
    as_owner "$(pg_bindir)/pg_ctl" -D "$home/data" "$@"
}

is_running() { ctl status >/dev/null 2>&1; }

# The port a running cluster of ours listens on (line 4 of postmaster.pid), empty when it is not running.
running_port() { sed -n 4p "$(data_home)/data/postmaster.pid" 2>/dev/null || true; }

# Whether something accepts connections on 127.0.0.1:PORT.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

# The pid of the process listening on PORT, from ss, or else from /proc/net/tcp* and the processes' sockets.
port_holder_pid() {
    if command -v ss >/dev/null; then
        ss -Hltnp "sport = :$PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2
        return
    fi
    local hex inode fd
    hex=$(printf '%04X' "$PORT")
    inode=$(awk -v port=":$hex" '$2 ~ port"$" && $4 == "0A" { print $10; exit }' /proc/net/tcp /proc/net/tcp6 2>/dev/null)
    [ -n "$inode" ] || return 0
    for fd in /proc/[0-9]*/fd/*; do
        if [ "$(readlink "$fd" 2>/dev/null)" = "socket:[$inode]" ]; then
            fd=${fd#/proc/}; echo "${fd%%/*}"; return
        fi
    done
}

# Says who holds PORT (a PostgreSQL cluster's data folder when it is one) and how to choose another port.
explain_port_taken() {
    local pid name folder=""
    pid=$(port_holder_pid)
    if [ -n "$pid" ]; then
        name=$(cat "/proc/$pid/comm" 2>/dev/null || echo "?")
        if [ "$name" = postgres ] || [ "$name" = postmaster ]; then
            # The postmaster runs in its data folder; its command line names it too (-D).
            folder=$(readlink "/proc/$pid/cwd" 2>/dev/null || true)
            if [ -z "$folder" ]; then
                folder=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | sed -n '/^-D$/{n;p;q}')
            fi
        fi
        if [ -n "$folder" ]; then
            say "port $PORT is already held by another PostgreSQL cluster (pid $pid), data folder $folder"
        else
            say "port $PORT is already held by process $pid ($name)"
        fi
    else
        say "port $PORT is already held by another process (ss -ltnp names it)"
    fi
    say "this checkout's cluster ($(data_home)) needs a port of its own: choose one with OCPI_PG_PORT, e.g."
    say "  OCPI_PG_PORT=$((PORT + 1)) make run      (export it for every make or scripts/db.sh call)"
}

start() {
    install_packages
    ensure_os_user
    local home bindir; home=$(data_home); bindir=$(pg_bindir)
    if [ ! -f "$home/data/PG_VERSION" ]; then
        say "creating a cluster in $home"
        mkdir -p "$home"
        if [ "$(id -u)" -eq 0 ]; then chown "$OS_USER" "$home"; fi
        chmod 700 "$home"
        as_owner "$bindir/initdb" -D "$home/data" -U "$DB_USER" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
        cat <<CONF | as_owner tee -a "$home/data/postgresql.conf" >/dev/null
# ocpi-cpo development cluster
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = ''
max_connections = 500
shared_buffers = 256MB
fsync = on
logging_collector = off
CONF
    fi
    if is_running; then
        local current; current=$(running_port)
        if [ -n "$current" ] && [ "$current" != "$PORT" ]; then
            say "this checkout's cluster ($home) is running on port $current, not on OCPI_PG_PORT=$PORT"
            say "use OCPI_PG_PORT=$current, or stop it (scripts/db.sh stop) and start it again on $PORT"
            exit 1
        fi
    else
        if port_taken; then
            explain_port_taken
            exit 1
        fi
        say "starting PostgreSQL on 127.0.0.1:$PORT"
        # -p: the port follows OCPI_PG_PORT even for a cluster created with another one.
        if ! ctl -l "$home/server.log" -w -t 60 -o "-p $PORT" start </dev/null >/dev/null 2>&1; then
            say "PostgreSQL did not start; the end of $home/server.log:"
            tail -n 5 "$home/server.log" >&2 || true
            exit 1
        fi
    fi
    local name
    for name in $DATABASES; do
        if ! "$bindir/psql" -h 127.0.0.1 -p "$PORT" -U "$DB_USER" -d postgres -Atq \
            -c "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
            "$bindir/createdb" -h 127.0.0.1 -p "$PORT" -U "$DB_USER" "$name"
        fi
    done
}

case "${1:-}" in
    install) install_packages ;;
    install-bench)
        install_packages
        command -v wrk >/dev/null || { say "installing wrk"; as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null || {
            as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq; as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }; } ;;
    bindir) pg_bindir ;;
    start) start ;;
    stop) if is_running; then ctl -w -m fast stop >/dev/null; fi ;;
    restart) ctl -w -m fast restart -l "$(data_home)/server.log" </dev/null >/dev/null 2>&1 ;;
    status) ctl status ;;
    url) echo "postgresql://$DB_USER@127.0.0.1:$PORT/${2:-ocpi}" ;;
    *) echo "usage: $0 install|install-bench|start|stop|restart|status|url [DBNAME]|bindir" >&2; exit 2 ;;
esac
