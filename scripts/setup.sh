#!/usr/bin/env bash
# Installs whatever concord needs to build, test and run on Debian 12. Idempotent: a package
# that is already installed is not touched, so a second run costs one dpkg query.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql
  nlohmann-json3-dev libsodium-dev libssl-dev zlib1g-dev libcurl4-openssl-dev
  libcli11-dev libspdlog-dev libfmt-dev libhowardhinnant-date-dev libicu-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  wrk curl ca-certificates tzdata
  hledger
  chromium fonts-noto-cjk
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # The postgresql package starts a system cluster; concord's tests start their own.
fi

# The web UI is built with Node.js 20.19+ (Vite 7); Debian's own nodejs is used when no node is
# installed. npm packages are installed by scripts/web-build.sh (npm ci, pinned by the lock).
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  echo "setup: installing nodejs npm"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "setup: Node.js $(node -v) is too old for the web UI build; install Node.js 20.19 or newer" >&2
  exit 1
fi
