#!/usr/bin/env bash
# Installs what is missing, with apt and npm (from package-lock.json). A re-run takes about a second.
#
#   scripts/setup.sh demo   what `npm start` needs: CMake, Ninja, Boost 1.81's headers and
#                           Emscripten (which brings its own clang-14 and node), to build the wasm
#                           module and the bundle, and the npm packages
#   scripts/setup.sh test   (the default) all of the demo's, plus what `npm test` needs: g++ and
#                           GoogleTest for the native core, Boost.JSON's library, Debian's
#                           Chromium and fonts for the end-to-end tests, clang's sanitizer and
#                           libFuzzer runtimes for fuzzing, and the format validators
#                           (python3-icalendar, LibreOffice Calc)
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-test}
DEMO_PACKAGES=(cmake ninja-build libboost1.81-dev emscripten postgresql)
TEST_PACKAGES=(g++ googletest libgtest-dev libboost-json1.81-dev
  chromium fonts-liberation fonts-droid-fallback fonts-noto-core fonts-noto-color-emoji python3
  clang-14 libclang-rt-14-dev python3-icalendar libreoffice-calc-nogui)
case $what in
  demo) APT_PACKAGES=("${DEMO_PACKAGES[@]}") ;;
  test) APT_PACKAGES=("${DEMO_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
  *) echo "usage: scripts/setup.sh [demo|test]" >&2; exit 2 ;;
esac

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

# npm packages: install when node_modules is missing or older than the lock file. A node_modules
# that is a symbolic link (shared with another checkout) is left alone: npm ci would empty the
# folder it points to, under the other checkout's feet.
if [[ -L node_modules ]]; then
  echo "setup: node_modules is a link to $(readlink node_modules); leaving it as it is"
elif [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
