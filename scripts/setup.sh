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
