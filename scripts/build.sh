#!/usr/bin/env bash
# Builds incrementally (Ninja), every build with the project's warnings as errors
# (RUNNERUP_WERROR=OFF in the environment turns that off).
#
#   scripts/build.sh demo   what `npm start` serves: the wasm module (build/wasm, its test suite
#                           not configured) and the widget bundle in dist/
#   scripts/build.sh all    (the default) everything `npm test` runs: the native core, its tests,
#                           the CLI, the benchmark program and the fuzz replay programs
#                           (build/native); the core and its GoogleTest suite under ASan + UBSan
#                           (build/asan); the wasm module and the wasm test suite (build/wasm);
#                           the bundle
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-all}
BUILD_TYPE=${RUNNERUP_BUILD_TYPE:-Release}
WERROR=${RUNNERUP_WERROR:-ON}

# configure DIR [cmake|emcmake] -DNAME=VALUE...: configures DIR when it has no build yet or when
# its cache lacks one of the given settings (an option changed since, or a demo build dir that
# the tests now need).
configure() {
  local dir=$1 tool=$2; shift 2
  local stale=0
  if [[ ! -f $dir/build.ninja ]]; then
    stale=1
  else
    for d in "$@"; do
      local name=${d#-D} value=${d#*=}
      name=${name%%=*}
      grep -Eq "^${name}:[A-Z]+=${value}\$" "$dir/CMakeCache.txt" || stale=1
    done
  fi
  if ((stale)); then
    if [[ $tool == emcmake ]]; then
      # emcmake 3.1.6 adds --experimental-wasm-threads to the node it uses as emulator; node 20
      # refuses it, so the test target sets its own emulator (tests/core/CMakeLists.txt).
      emcmake cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
    else
      cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
    fi
  fi
}

case $what in
  demo)
    # a build dir the tests configured already keeps its test suite; only the module is built
    if [[ -f build/wasm/build.ninja ]]; then
      configure build/wasm emcmake -DRUNNERUP_WERROR="$WERROR"
    else
      configure build/wasm emcmake -DCMAKE_BUILD_TYPE=MinSizeRel -DRUNNERUP_WERROR="$WERROR" -DRUNNERUP_BUILD_TESTS=OFF
    fi
    ninja -C build/wasm runnerup_wasm
    ;;
  all)
    configure build/native cmake -DCMAKE_BUILD_TYPE="$BUILD_TYPE" -DRUNNERUP_WERROR="$WERROR"
    ninja -C build/native
    # The GoogleTest suite under AddressSanitizer and UndefinedBehaviorSanitizer (any report
    # fails the test): only the core and its suite, -O1 with line tables for the reports.
    configure build/asan cmake -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
      -DRUNNERUP_SANITIZE=ON -DRUNNERUP_BUILD_BENCH=OFF -DRUNNERUP_WERROR="$WERROR"
    ninja -C build/asan runnerup_core_tests
    configure build/wasm emcmake -DCMAKE_BUILD_TYPE=MinSizeRel -DRUNNERUP_WERROR="$WERROR" -DRUNNERUP_BUILD_TESTS=ON
    ninja -C build/wasm
    ;;
  *) echo "usage: scripts/build.sh [demo|all]" >&2; exit 2 ;;
esac

node scripts/bundle.mjs
