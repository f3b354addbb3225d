#!/usr/bin/env bash
# Replays every fuzz target's seed corpus, large inputs and kept crashes through the plain native
# build of the target (no sanitizer needed): a crash once found stays fixed. The targets are the
# ones tests/fuzz/CMakeLists.txt lists (the build writes them to tests/fuzz/targets.txt).
set -uo pipefail
cd "$(dirname "$0")/.."
list=build/native/tests/fuzz/targets.txt
if [[ ! -f $list ]]; then echo "fuzz-replay: $list is missing (build natively first)"; exit 1; fi
passed=0 failed=0
while read -r t _; do
  exe=build/native/tests/fuzz/fuzz_$t
  if "$exe" "tests/fuzz/corpus/$t" "build/native/tests/fuzz/large/$t" "tests/fuzz/crashes/$t"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); echo "fuzz-replay: $t FAILED"
  fi
done <"$list"
echo "fuzz-replay: $passed passed, $failed failed"
((failed == 0 && passed > 0))
