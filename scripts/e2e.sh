#!/usr/bin/env bash
# Browser tests: web/e2e/*.test.mjs drive Debian's chromium (playwright-core) against the
# server binary of BUILD, each file with its own server on a fresh SQLite database with demo
# data. Screenshots go to E2E_ARTIFACTS (default BUILD/e2e-artifacts). Writes a JUnit report
# to the file named by the second argument (optional).
#   scripts/e2e.sh BUILD [JUNIT_XML]
set -euo pipefail
build=$(cd "${1:?usage: e2e.sh BUILD [JUNIT_XML]}" && pwd)
junit=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
export CONCORD_BINARY=${CONCORD_BINARY:-$build/concord}
export E2E_ARTIFACTS=${E2E_ARTIFACTS:-$build/e2e-artifacts}
rm -rf "$E2E_ARTIFACTS"
mkdir -p "$E2E_ARTIFACTS"
cd "$root/web"
reporters=(--test-reporter=spec --test-reporter-destination=stdout)
if [ -n "$junit" ]; then
  reporters+=(--test-reporter=junit "--test-reporter-destination=$junit")
fi
node --test --test-concurrency=1 "${reporters[@]}" e2e/*.test.mjs
