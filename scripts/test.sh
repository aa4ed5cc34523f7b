#!/usr/bin/env bash
# Runs every test: unit tests, API tests through the HTTP server and the crash test on SQLite,
# then the unit and API tests again on a throwaway PostgreSQL cluster that this script starts
# (unix socket only) and removes, and the browser tests of the web UI (scripts/e2e.sh).
# Prints the total counts; exits non-zero on any failure.
set -uo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
results=$(mktemp -d /tmp/concord-results-XXXXXX)
failed_runs=()

run() {  # run NAME ENV... -- COMMAND...
  local name=$1; shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  echo "=== $name"
  local start=$SECONDS
  if env "${envs[@]}" "$@" --gtest_output="xml:$results/$name.xml" > "$results/$name.log" 2>&1; then
    echo "    ok ($((SECONDS - start)) s): $(grep -E '^\[  PASSED  \]' "$results/$name.log" | tail -1)"
  else
    echo "    FAILED ($((SECONDS - start)) s); the failing tests:"
    grep -E '^\[  FAILED  \]|Failure$|error:' "$results/$name.log" | head -40 | sed 's/^/    /'
    failed_runs+=("$name")
  fi
}

run unit-sqlite -- "$build/concord_unit_tests"
run api-sqlite -- "$build/concord_api_tests"
run cli-sqlite "CONCORD_BINARY=$build/concord" -- "$build/concord_cli_test"
run crash-sqlite "CONCORD_BINARY=$build/concord" -- "$build/concord_crash_test"
grep -h '^crash test:' "$results/crash-sqlite.log" | sed 's/^/    /' || true

# Browser tests (web UI in Debian's chromium); their JUnit report is counted with the others.
echo "=== browser"
start=$SECONDS
if scripts/e2e.sh "$build" "$results/browser.xml" > "$results/browser.log" 2>&1; then
  echo "    ok ($((SECONDS - start)) s): $(grep -cE '^✔' "$results/browser.log") tests; screenshots in $build/e2e-artifacts"
else
  echo "    FAILED ($((SECONDS - start)) s); the failing tests:"
  grep -E '^✖|Error|error' "$results/browser.log" | head -40 | sed 's/^/    /'
  failed_runs+=("browser")
fi

pgdir=$(mktemp -d /tmp/concord-pg-XXXXXX)
chmod 755 "$pgdir"
cleanup() { scripts/pg-test-cluster.sh stop "$pgdir" > /dev/null 2>&1 || true; }
trap cleanup EXIT
if pgurl=$(scripts/pg-test-cluster.sh start "$pgdir" 2> "$results/pg-start.log" | tail -1) && [ -n "$pgurl" ]; then
  run unit-postgres "CONCORD_TEST_PG=$pgurl" -- "$build/concord_unit_tests"
  run api-postgres "CONCORD_TEST_PG=$pgurl" -- "$build/concord_api_tests"
else
  echo "=== postgres: the test cluster did not start:"
  cat "$results/pg-start.log"
  failed_runs+=("postgres-cluster")
fi

# Totals from the gtest XML reports.
total=0 failures=0 skipped=0
for x in "$results"/*.xml; do
  [ -f "$x" ] || continue
  if grep -q '<!-- tests [0-9]* -->' "$x"; then  # node's JUnit report (browser tests)
    t=$(grep -o '<!-- tests [0-9]* -->' "$x" | grep -o '[0-9]*')
    f=$(grep -o '<!-- fail [0-9]* -->' "$x" | grep -o '[0-9]*')
    s=$(grep -o '<!-- skipped [0-9]* -->' "$x" | grep -o '[0-9]*')
  else
    t=$(grep -m1 -o '<testsuites tests="[0-9]*"' "$x" | grep -o '[0-9]*')
    f=$(grep -m1 -o '<testsuites tests="[0-9]*" failures="[0-9]*"' "$x" | grep -o '[0-9]*$')
    s=$(grep -c 'result="skipped"' "$x")
  fi
  total=$((total + ${t:-0})); failures=$((failures + ${f:-0})); skipped=$((skipped + ${s:-0}))
done
passed=$((total - failures - skipped))
echo
echo "logs: $results"
if ((${#failed_runs[@]})); then
  echo "failed runs: ${failed_runs[*]}"
  failures=$((failures > 0 ? failures : 1))
fi
echo "$passed passed, $failures failed, $skipped skipped"
[ "$failures" -eq 0 ]
