#!/usr/bin/env bash
# Web UI budgets: the initial JavaScript size (printed by the build, checked again here) and the
# time until the first page is usable on loopback in Debian's chromium (web/e2e/first-page.bench.mjs).
#   bench/ui_first_page.sh [BUILD] [RUNS]
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/web"
node scripts/budget.mjs "$build/web-dist"
CONCORD_BINARY="$build/concord" node e2e/first-page.bench.mjs "${2:-10}"
