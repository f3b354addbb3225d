#!/usr/bin/env bash
# Coverage-guided fuzzing of every importer, the log replay, commands, queries and snapshots:
# clang + libFuzzer + ASan + UBSan. `npm run fuzz` runs each target for FUZZ_SECONDS (default 600);
# `npm test` runs a short pass (FUZZ_SECONDS=10). Seeds: tests/fuzz/corpus/<target>/; anything
# that crashes is written to tests/fuzz/crashes/<target>/ (commit it: the replay tests of every
# native build run it from then on). The growing corpus lives in build/fuzz/corpus/.
set -uo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${FUZZ_SECONDS:-600}
TARGETS=(log_replay command snapshot_restore snapshot_binary query import_greenhouse import_lever import_csv import_pool)

if [[ ! -f build/fuzz/build.ninja ]]; then
  CXX=clang++-14 cmake -S . -B build/fuzz -G Ninja -DRUNNERUP_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null || exit 1
fi
ninja -C build/fuzz || exit 1

# FUZZ_RUNS (with a fixed seed) makes a pass deterministic, as npm test wants; otherwise time-bound.
if [[ -n ${FUZZ_RUNS:-} ]]; then LIMIT=(-runs="$FUZZ_RUNS" -seed=1); else LIMIT=(-max_total_time="$SECONDS_EACH"); fi
passed=0 failed=0
printf '%-20s %10s %8s %s\n' target execs seconds result
for t in "${TARGETS[@]}"; do
  work=build/fuzz/corpus/$t
  mkdir -p "$work" "tests/fuzz/crashes/$t"
  log=build/fuzz/$t.log
  start=$SECONDS
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
    build/fuzz/tests/fuzz/fuzz_$t "$work" "tests/fuzz/corpus/$t" \
      "${LIMIT[@]}" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
      -artifact_prefix="tests/fuzz/crashes/$t/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo '?')
  if ((rc == 0)); then
    result=ok; passed=$((passed + 1))
  else
    result="FAILED (see $log; the input is in tests/fuzz/crashes/$t/)"; failed=$((failed + 1))
    grep -E 'ERROR|runtime error|broken promise|SUMMARY' "$log" | head -5
  fi
  printf '%-20s %10s %8s %s\n' "$t" "$execs" "$((SECONDS - start))" "$result"
done
echo "fuzz: $passed passed, $failed failed"
((failed == 0))
