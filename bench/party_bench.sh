#!/usr/bin/env bash
# Benchmark: party search (name, Chinese name, pinyin, e-mail and phone prefixes) over N parties
# and the 360° overview of a party with 100 linked records, through the party service on SQLite.
# The loaded database is cached in /tmp/concord-party-bench-N.db (rebuilt when the data or the
# normalisation changed); loading 1,000,000 parties takes a few minutes on 2 cores.
#   bench/party_bench.sh [BUILD_DIR] [PARTIES] [more concord_party_bench options]
# e.g. bench/party_bench.sh build 200000 --db postgresql://... (PostgreSQL: an empty database)
set -euo pipefail
build=${1:-build}
parties=${2:-1000000}
shift $(( $# < 2 ? $# : 2 ))
bin="$build/concord_party_bench"
[[ -x "$bin" ]] || cmake --build "$build" --target concord_party_bench > /dev/null
reuse=()
[[ " $* " == *" --db "* || " $* " == *" --db="* ]] || reuse=(--reuse "/tmp/concord-party-bench-$parties.db")
exec "$bin" --parties "$parties" "${reuse[@]}" "$@"
