#!/usr/bin/env bash
# Replays every fuzz target's seed corpus and kept crashes through the plain native build of the
# target (no sanitizer needed): a crash once found stays fixed.
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0 failed=0
for exe in build/native/tests/fuzz/fuzz_*; do
  t=${exe##*/fuzz_}
  if "$exe" "tests/fuzz/corpus/$t" "tests/fuzz/crashes/$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "fuzz-replay: $t FAILED"; fi
done
echo "fuzz-replay: $passed passed, $failed failed"
((failed == 0 && passed > 0))
