#!/usr/bin/env bash
# Benchmark: authenticated reads of a small resource (GET /api/v1/departments/{id} with a bearer
# token) over N keep-alive connections, on SQLite. Load from wrk (Debian package) on the same
# machine. Prints requests/s and p50/p99 latency.
#   bench/read_bench.sh [BUILD_DIR] [CONNECTIONS] [SECONDS]
set -euo pipefail
build=${1:-build}
conns=${2:-64}
secs=${3:-10}
port=${BENCH_PORT:-18080}
dir=$(mktemp -d /tmp/concord-bench-XXXXXX)
export CONCORD_ADMIN_PASSWORD=bench-admin-password
"$build/concord" serve --db "sqlite:$dir/bench.db" --listen "127.0.0.1:$port" --access-log off \
  --log-level warn ${BENCH_SERVER_ARGS:-} > "$dir/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.1; done
token=$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"login\":\"admin\",\"password\":\"$CONCORD_ADMIN_PASSWORD\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/')
id=$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/departments" -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $token" -d '{"name":"Benchmark"}' | sed -E 's/.*"id":([0-9]+).*/\1/')
url="http://127.0.0.1:$port/api/v1/departments/$id"
curl -fs "$url" -H "Authorization: Bearer $token" > /dev/null
out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency -H "Authorization: Bearer $token" "$url")
rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
errors=$(echo "$out" | awk '/Non-2xx/ {print $4}')
echo "authenticated reads (GET /api/v1/departments/{id}, SQLite, $conns connections, ${secs}s, $(nproc) cores):"
echo "  requests/s: $rps   p50: $p50   p99: $p99   non-2xx: ${errors:-0}"
