#!/usr/bin/env bash
# npm run bench [-- --size 1m] [-- --min-ms 2000]: builds what is needed, generates the pools
# (bench/data, seeded, only when missing), runs every contender, prints the tables and writes
# bench/RESULTS.md. Not a test. BENCH_1M=1 adds the 1M pool (about 1.6 GB of log).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >/dev/null
exec nice node bench/run.mjs "$@"
