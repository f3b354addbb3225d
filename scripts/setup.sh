#!/usr/bin/env bash
# Installs whatever this project needs and is missing: Debian packages (toolchain, Boost 1.81,
# Emscripten, Chromium) and npm packages (from package-lock.json). A re-run takes about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(g++ cmake ninja-build googletest libgtest-dev
  libboost1.81-dev libboost-json1.81-dev emscripten chromium fonts-liberation fonts-droid-fallback fonts-noto-core fonts-noto-color-emoji python3
  clang-14 libclang-rt-14-dev python3-icalendar libreoffice-calc-nogui postgresql)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages: install when node_modules is missing or older than the lock file.
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
