#!/usr/bin/env bash
# Benchmark: trial balance and profit and loss over N journal lines (5-line entries over three
# fiscal years), and the posting throughput of 5-line entries, through the accounting services
# on SQLite. The loaded database is cached in /tmp/concord-ledger-bench-N.db (rebuilt when the
# data changed); loading 10,000,000 lines takes several minutes on 2 cores.
#   bench/ledger_bench.sh [BUILD_DIR] [LINES] [more concord_ledger_bench options]
# e.g. bench/ledger_bench.sh build 1000000 --db postgresql://... (PostgreSQL: an empty database)
set -euo pipefail
build=${1:-build}
lines=${2:-10000000}
shift $(( $# < 2 ? $# : 2 ))
bin="$build/concord_ledger_bench"
[[ -x "$bin" ]] || cmake --build "$build" --target concord_ledger_bench > /dev/null
reuse=()
[[ " $* " == *" --db "* || " $* " == *" --db="* ]] || reuse=(--reuse "/tmp/concord-ledger-bench-$lines.db")
exec "$bin" --lines "$lines" "${reuse[@]}" "$@"
