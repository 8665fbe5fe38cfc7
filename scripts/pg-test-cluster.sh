#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `make test` (through ctest's
# `postgres` fixture) starts one before the tests that need it and removes
# it after.
#
#   scripts/pg-test-cluster.sh start DIR   initdb into a temp directory, start
#                                          it on a free loopback port, write
#                                          its URL to DIR/url
#   scripts/pg-test-cluster.sh stop DIR    stop it and remove everything
#   scripts/pg-test-cluster.sh replica PRIMARY_DIR DIR
#                                          a streaming read replica of the
#                                          cluster in PRIMARY_DIR (pg_basebackup),
#                                          URL in DIR/url; stop it as above
#
# Tests read DIR/url (KHABAR_TEST_POSTGRES_DIR=DIR) and make a fresh
# database per test. The cluster trusts local connections and skips fsync:
# it holds nothing but test data, and dies with the run. PG_DURABLE=1 keeps
# PostgreSQL's durable defaults (fsync, synchronous commit), as the
# benchmarks want: they measure what a real site would pay. PostgreSQL refuses
# to run as root, so as root the server runs as the `postgres` user that
# Debian's package creates.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop DIR | replica PRIMARY_DIR DIR" >&2
  exit 2
}
action=${1:-}
if [ "$action" = replica ]; then
  [ $# -eq 3 ] || usage
  primary_dir=$2
  dir=$3
else
  [ $# -eq 2 ] || usage
  dir=$2
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg-test-cluster: PostgreSQL server programs not found under /usr/lib/postgresql;" \
    "run scripts/deps.sh (Debian package postgresql)" >&2
  exit 1
fi

as_server() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop() {
  if [ -f "$dir/data_path" ]; then
    data=$(cat "$dir/data_path")
    if [ -f "$data/pgdata/postmaster.pid" ]; then
      as_server "$bindir/pg_ctl" -D "$data/pgdata" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    case $data in
      /tmp/khabar-pg.*) rm -rf "$data" ;;
    esac
  fi
  rm -rf "$dir"
}

new_data_dir() {
  stop
  mkdir -p "$dir"
  data=$(mktemp -d /tmp/khabar-pg.XXXXXX)
  echo "$data" >"$dir/data_path"
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$data"
  fi
}

# run_server starts the server in $data/pgdata on a free loopback port and
# writes its URL.
run_server() {
  for _ in $(seq 1 20); do
    port=$((20000 + RANDOM % 30000))
    local options="-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$data
      -c max_connections=400"
    if [ "${PG_DURABLE:-0}" = 1 ]; then
      options+=" -c shared_buffers=256MB"
    else
      options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=64MB"
    fi
    if as_server "$bindir/pg_ctl" -D "$data/pgdata" -l "$data/server.log" -w -t 60 \
      -o "$options" start >/dev/null 2>&1; then
      echo "postgresql://khabar@127.0.0.1:$port/postgres" >"$dir/url"
      echo "pg-test-cluster: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}')" \
        "on 127.0.0.1:$port, data in $data"
      return 0
    fi
  done
  cat "$data/server.log" >&2 || true
  echo "pg-test-cluster: could not start PostgreSQL on a free port" >&2
  exit 1
}

replica() {
  local primary
  primary=$(cat "$primary_dir/url")
  new_data_dir
  # -R writes the standby settings (primary_conninfo, standby.signal).
  if ! as_server "$bindir/pg_basebackup" -d "$primary" -D "$data/pgdata" -R -X stream --checkpoint=fast \
    >"$data/basebackup.log" 2>&1; then
    cat "$data/basebackup.log" >&2
    echo "pg-test-cluster: pg_basebackup from $primary failed" >&2
    exit 1
  fi
  run_server
}

start() {
  new_data_dir
  if ! as_server "$bindir/initdb" -D "$data/pgdata" -U khabar -A trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$data/initdb.log" 2>&1; then
    cat "$data/initdb.log" >&2
    echo "pg-test-cluster: initdb failed" >&2
    exit 1
  fi
  run_server
}

case $action in
  start) start ;;
  stop) stop ;;
  replica) replica ;;
  *) usage ;;
esac
