#!/usr/bin/env bash
# Benchmark: the order-to-cash cycle over the HTTP API (quote → send → accept → confirm →
# deliver → invoice → pay) by concurrent clients, on SQLite and on a throwaway PostgreSQL cluster
# (fsync off: its figure is an upper bound for a durable server). See bench/README.md.
#   bench/o2c.sh [BUILD_DIR] [ORDERS] [CLIENTS] [more concord_o2c_bench options]
set -euo pipefail
build=${1:-build}
orders=${2:-3000}
clients=${3:-16}
shift $(( $# < 3 ? $# : 3 ))
bin="$build/concord_o2c_bench"
[[ -x "$bin" ]] || cmake --build "$build" --target concord_o2c_bench > /dev/null
filter() { grep -v '\[info\]' || true; }
echo "== SQLite, synchronous=full (the default) =="
"$bin" --orders "$orders" --clients "$clients" "$@" 2>&1 | filter
echo "== SQLite, synchronous=normal =="
"$bin" --orders "$orders" --clients "$clients" --sqlite-sync normal "$@" 2>&1 | filter
dir=$(mktemp -d /tmp/concord-o2c-pg-XXXXXX)
chmod 755 "$dir"
trap 'scripts/pg-test-cluster.sh stop "$dir" > /dev/null 2>&1 || true' EXIT
url=$(CONCORD_PG_PORT=54377 scripts/pg-test-cluster.sh start "$dir" | tail -1)
echo "== PostgreSQL 15 (throwaway cluster, fsync off) =="
"$bin" --db "$url" --orders "$orders" --clients "$clients" --load-clients 1 "$@" 2>&1 | filter
