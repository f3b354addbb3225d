#!/usr/bin/env bash
# Builds everything incrementally (Ninja): the native core, tests and CLI in build/native; the
# wasm module and the wasm test suite in build/wasm; the widget bundle in dist/.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_TYPE=${RUNNERUP_BUILD_TYPE:-Release}

if [[ ! -f build/native/build.ninja ]]; then
  cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >/dev/null
fi
ninja -C build/native

if [[ ! -f build/wasm/build.ninja ]]; then
  # emcmake 3.1.6 adds --experimental-wasm-threads to the node it uses as emulator; node 20
  # refuses it, so the test target sets its own emulator (tests/core/CMakeLists.txt).
  emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel >/dev/null
fi
ninja -C build/wasm

node scripts/bundle.mjs
