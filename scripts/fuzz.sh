#!/usr/bin/env bash
# Coverage-guided fuzzing of every importer, the streaming JSON reader, the log replay, commands,
# queries and snapshots: clang + libFuzzer + ASan + UBSan. The targets, and the dictionary of each,
# are the ones tests/fuzz/CMakeLists.txt lists (the build writes them to tests/fuzz/targets.txt).
#
# Each target runs twice: on inputs up to FUZZ_MAX_LEN bytes (default 256 KiB) from its seeds and
# its growing corpus, then on large inputs, up to FUZZ_LARGE_MAX_LEN bytes (default 16 MiB), from
# the large inputs the build writes (several MiB; tests/fuzz/large_inputs.cmake) and its corpus.
# `npm run fuzz` gives the first FUZZ_SECONDS (default 600) and the second FUZZ_LARGE_SECONDS
# (default 120). `npm test` sets FUZZ_RUNS: the first is FUZZ_RUNS runs with a fixed seed, the
# second runs each large input once. Seeds: tests/fuzz/corpus/<target>/; anything that crashes is
# written to tests/fuzz/crashes/<target>/ (commit it: the replay tests of every native build run
# it from then on). The growing corpus lives in build/fuzz/corpus/ (large inputs found on the way
# are not kept: they would take gigabytes). FUZZ_ONLY="a b" runs only those targets.
set -uo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${FUZZ_SECONDS:-600}
LARGE_SECONDS=${FUZZ_LARGE_SECONDS:-120}
MAX_LEN=${FUZZ_MAX_LEN:-262144}
LARGE_MAX_LEN=${FUZZ_LARGE_MAX_LEN:-16777216}

if [[ ! -f build/fuzz/build.ninja ]]; then
  CXX=clang++-14 cmake -S . -B build/fuzz -G Ninja -DRUNNERUP_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null || exit 1
fi
ninja -C build/fuzz || exit 1
out=build/fuzz/tests/fuzz

# FUZZ_RUNS (with a fixed seed) makes a pass deterministic, as npm test wants; otherwise time-bound.
if [[ -n ${FUZZ_RUNS:-} ]]; then LIMIT=(-runs="$FUZZ_RUNS" -seed=1); else LIMIT=(-max_total_time="$SECONDS_EACH"); fi
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1
passed=0 failed=0

# run TARGET PHASE LOG ARGS...: runs the target's libFuzzer binary, prints a line of the table.
run() {
  local t=$1 phase=$2 log=$3 max_len=$4; shift 4
  local start=$SECONDS
  "$out/fuzz_$t" "$@" -rss_limit_mb=4096 -artifact_prefix="tests/fuzz/crashes/$t/" -print_final_stats=1 >"$log" 2>&1
  local rc=$?
  local execs
  execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | head -1)
  [[ -z $execs ]] && execs=$(grep -c '^Executed ' "$log")
  local result=ok
  if ((rc == 0)); then
    passed=$((passed + 1))
  else
    result="FAILED (see $log; the input is in tests/fuzz/crashes/$t/)"; failed=$((failed + 1))
    grep -E 'ERROR|runtime error|broken promise|Assertion|SUMMARY' "$log" | head -5
  fi
  printf '%-18s %-6s %10s %8s %9s %s\n' "$t" "$phase" "$execs" "$((SECONDS - start))" "$max_len" "$result"
}

printf '%-18s %-6s %10s %8s %9s %s\n' target inputs execs seconds max_len result
while read -r t dict; do
  [[ -n ${FUZZ_ONLY:-} && " $FUZZ_ONLY " != *" $t "* ]] && continue
  work=build/fuzz/corpus/$t
  large=$out/large/$t
  mkdir -p "$work" "tests/fuzz/crashes/$t"
  dict_arg=()
  [[ $dict != - ]] && dict_arg=(-dict="tests/fuzz/$dict")
  run "$t" small "build/fuzz/$t.log" "$MAX_LEN" "$work" "tests/fuzz/corpus/$t" "${dict_arg[@]}" \
    "${LIMIT[@]}" -timeout=10 -max_len="$MAX_LEN"
  [[ -d $large ]] || continue
  if [[ -n ${FUZZ_RUNS:-} ]]; then
    # Each large input once, whole.
    run "$t" large "build/fuzz/$t.large.log" "-" -timeout=60 "$large"/*
  else
    scratch=build/fuzz/large-corpus/$t
    rm -rf "$scratch" && mkdir -p "$scratch"
    run "$t" large "build/fuzz/$t.large.log" "$LARGE_MAX_LEN" "$scratch" "$large" "$work" "${dict_arg[@]}" \
      -max_total_time="$LARGE_SECONDS" -len_control=0 -timeout=60 -max_len="$LARGE_MAX_LEN"
    rm -rf "$scratch"
  fi
done <"$out/targets.txt"
echo "fuzz: $passed passed, $failed failed"
((failed == 0 && passed > 0))
