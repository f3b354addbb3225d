#!/usr/bin/env bash
# Coverage-guided fuzzing of every importer, the streaming JSON reader, the log replay, commands,
# queries and snapshots: clang + libFuzzer + ASan + UBSan. The targets, and the dictionary of each,
# are the ones tests/fuzz/CMakeLists.txt lists (the build writes them to tests/fuzz/targets.txt).
#
# `npm run fuzz` runs each target for FUZZ_SECONDS (default 600) with inputs up to FUZZ_MAX_LEN
# bytes (default 16 MiB), starting from its seeds and its large inputs (several MiB, written by the
# build). `npm test` runs a short deterministic pass (FUZZ_RUNS runs with a fixed seed, inputs up
# to 256 KiB), then runs each large input once. Seeds: tests/fuzz/corpus/<target>/; anything that
# crashes is written to tests/fuzz/crashes/<target>/ (commit it: the replay tests of every native
# build run it from then on). The growing corpus lives in build/fuzz/corpus/. FUZZ_ONLY="a b" runs
# only those targets.
set -uo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${FUZZ_SECONDS:-600}

if [[ ! -f build/fuzz/build.ninja ]]; then
  CXX=clang++-14 cmake -S . -B build/fuzz -G Ninja -DRUNNERUP_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null || exit 1
fi
ninja -C build/fuzz || exit 1
out=build/fuzz/tests/fuzz

# FUZZ_RUNS (with a fixed seed) makes a pass deterministic, as npm test wants; otherwise time-bound.
if [[ -n ${FUZZ_RUNS:-} ]]; then
  LIMIT=(-runs="$FUZZ_RUNS" -seed=1); MAX_LEN=${FUZZ_MAX_LEN:-262144}
else
  LIMIT=(-max_total_time="$SECONDS_EACH" -len_control=0); MAX_LEN=${FUZZ_MAX_LEN:-16777216}
fi
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1
passed=0 failed=0
printf '%-20s %10s %8s %9s %s\n' target execs seconds max_len result
while read -r t dict; do
  [[ -n ${FUZZ_ONLY:-} && " $FUZZ_ONLY " != *" $t "* ]] && continue
  work=build/fuzz/corpus/$t
  mkdir -p "$work" "tests/fuzz/crashes/$t"
  log=build/fuzz/$t.log
  large=$out/large/$t
  seeds=("tests/fuzz/corpus/$t")
  [[ -d $large ]] && seeds+=("$large")
  dict_arg=()
  [[ $dict != - ]] && dict_arg=(-dict="tests/fuzz/$dict")
  start=$SECONDS
  "$out/fuzz_$t" "$work" "${seeds[@]}" "${dict_arg[@]}" \
    "${LIMIT[@]}" -timeout=30 -rss_limit_mb=4096 -max_len="$MAX_LEN" \
    -artifact_prefix="tests/fuzz/crashes/$t/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  # Each large input once, whole, whatever max_len was (the short pass truncates them).
  if ((rc == 0)) && [[ -n ${FUZZ_RUNS:-} && -d $large ]]; then
    "$out/fuzz_$t" -timeout=60 -rss_limit_mb=4096 "$large"/* >>"$log" 2>&1
    rc=$?
  fi
  execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | head -1)
  if ((rc == 0)); then
    result=ok; passed=$((passed + 1))
  else
    result="FAILED (see $log; the input is in tests/fuzz/crashes/$t/)"; failed=$((failed + 1))
    grep -E 'ERROR|runtime error|broken promise|Assertion|SUMMARY' "$log" | head -5
  fi
  printf '%-20s %10s %8s %9s %s\n' "$t" "${execs:-?}" "$((SECONDS - start))" "$MAX_LEN" "$result"
done <"$out/targets.txt"
echo "fuzz: $passed passed, $failed failed"
((failed == 0 && passed > 0))
