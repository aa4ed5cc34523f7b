#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests, reachable only through a unix socket in DIR.
#
#   scripts/pg-test-cluster.sh start DIR   create DIR, start the server, create the database
#                                          concord_test; the last stdout line is its URL
#   scripts/pg-test-cluster.sh url DIR     print the URL again
#   scripts/pg-test-cluster.sh stop DIR    stop the server and remove DIR
#
# Example:
#   dir=$(mktemp -d /tmp/concord-pg-XXXXXX)
#   export CONCORD_TEST_PG=$(scripts/pg-test-cluster.sh start "$dir" | tail -1)
#   ...; scripts/pg-test-cluster.sh stop "$dir"
#
# initdb refuses to run as root, so under root the cluster belongs to the `postgres` system user
# (from the postgresql package) and DIR's parent must be traversable by it (/tmp is). Only the
# URL goes to stdout; progress and, on failure, the server log go to stderr. The data is not
# crash-safe (fsync=off): never point this at anything but a scratch directory.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PORT=${CONCORD_PG_PORT:-54329}  # only names the socket file: nothing listens on TCP
DB=concord_test
MARKER=.concord-pg-test

log() { echo "pg-test-cluster: $*" >&2; }
die() { log "$*"; exit 1; }

usage() {
  echo "usage: $0 start DIR | url DIR | stop DIR" >&2
  exit 2
}

# Runs a command as the cluster owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

owner_name() {
  if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi
}

print_url() {
  local dir=$1 port user
  [ -f "$dir/$MARKER" ] || die "$dir is not a test cluster made by this script"
  port=$(sed -n 's/^port=//p' "$dir/$MARKER")
  user=$(sed -n 's/^user=//p' "$dir/$MARKER")
  echo "postgresql:///$DB?host=$dir&port=$port&user=$user"
}

show_logs() {
  local dir=$1 f
  for f in "$dir/initdb.log" "$dir/server.log"; do
    if [ -f "$f" ]; then
      log "---- $f ----"
      cat "$f" >&2
    fi
  done
}

start_failed() {
  local dir=$1
  shift
  log "start failed: $*"
  show_logs "$dir"
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  die "the directory $dir is left for inspection; remove it with: $0 stop $dir"
}

prepare_dir() {
  local dir=$1
  [ -x "$PG_BIN/initdb" ] || die "no PostgreSQL 15 binaries in $PG_BIN (install postgresql-15)"
  if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
    die "$dir exists and is not empty"
  fi
  # The socket path must fit in sockaddr_un (107 bytes).
  ((${#dir} + 20 < 107)) || die "$dir is too long for a unix socket path"
  mkdir -p "$dir"
  chmod 755 "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs the postgres system user"
    chown postgres: "$dir"
    as_owner test -w "$dir" || die "user postgres cannot reach $dir (is its parent traversable?)"
  fi
  printf 'port=%s\nuser=%s\n' "$PORT" "$(owner_name)" >"$dir/$MARKER"
}

init_cluster() {
  local dir=$1 locale=(--no-locale)
  if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then locale=(--locale=C.UTF-8); fi
  as_owner "$PG_BIN/initdb" -D "$dir/data" -A trust -U "$(owner_name)" --encoding=UTF8 \
    "${locale[@]}" --no-sync >"$dir/initdb.log" 2>&1 || start_failed "$dir" "initdb failed"
  as_owner tee -a "$dir/data/postgresql.conf" >/dev/null <<EOF
# concord test cluster: unix socket only, durability off
listen_addresses = ''
unix_socket_directories = '$dir'
port = $PORT
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

start() {
  local dir=$1 i
  prepare_dir "$dir"
  log "initdb in $dir/data"
  init_cluster "$dir"
  as_owner touch "$dir/server.log"
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null 2>&1 ||
    start_failed "$dir" "pg_ctl start failed"
  for i in $(seq 1 60); do
    as_owner "$PG_BIN/pg_isready" -q -h "$dir" -p "$PORT" -d postgres && break
    ((i < 60)) || start_failed "$dir" "server not ready after 30s"
    sleep 0.5
  done
  as_owner "$PG_BIN/createdb" -h "$dir" -p "$PORT" -E UTF8 "$DB" ||
    start_failed "$dir" "createdb $DB failed"
  log "running; stop with: $0 stop $dir"
  print_url "$dir"
}

stop() {
  local dir=$1
  [ -d "$dir" ] || { log "$dir does not exist"; return 0; }
  # Refuse to delete anything this script did not create.
  [ -f "$dir/$MARKER" ] || die "$dir is not a test cluster made by this script; not removing it"
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 ||
      log "pg_ctl stop failed (server already gone?)"
  fi
  rm -rf -- "$dir"
  log "stopped and removed $dir"
}

main() {
  [ $# -eq 2 ] || usage
  local cmd=$1 dir
  case "$2" in
    /*) dir=$2 ;;
    *) dir=$PWD/$2 ;;
  esac
  dir=${dir%/}
  [[ "$dir" =~ ^[A-Za-z0-9._/-]+$ ]] || die "DIR may only contain letters, digits and ._/-"
  if [ -z "$dir" ] || [ "$dir" = / ]; then die "refusing to use / as DIR"; fi
  cd /  # the cluster owner may not be able to read the caller's working directory
  case "$cmd" in
    start) start "$dir" ;;
    url) print_url "$dir" ;;
    stop) stop "$dir" ;;
    *) usage ;;
  esac
}

main "$@"
