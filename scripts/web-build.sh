#!/usr/bin/env bash
# Builds the web UI (web/) into OUT_DIR for embedding: installs the npm packages pinned by
# web/package-lock.json when they are missing or changed (npm install), type-checks (tsc; a missing
# Chinese message is a type error), bundles with Vite and checks the size budget.
#   scripts/web-build.sh OUT_DIR
# Several build directories may build at once: the whole run holds a lock on web/.
set -euo pipefail
out=${1:?usage: web-build.sh OUT_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/web"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

exec 9> "$root/web/.web-build.lock"
flock 9

if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  echo "web-build: node and npm are needed (scripts/setup.sh installs them)" >&2
  exit 1
fi
stamp=node_modules/.concord-lock-sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  # `npm install` with the lock installs exactly the locked versions; `npm ci` refuses this lock
  # because npm does not record other platforms' optional rollup binaries in it.
  echo "web-build: installing npm packages"
  npm install --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
node_modules/.bin/tsc --noEmit -p tsconfig.json
node_modules/.bin/vite build --logLevel warn --outDir "$out" --emptyOutDir
node scripts/budget.mjs "$out"
