#!/usr/bin/env bash
# `npm run soak`: the long runs npm test keeps short. First, a million events recorded by two replicas
# and replayed every way (in order, either replica first, shuffled chunks, snapshot plus the
# rest) must give one state hash. RUNNERUP_REPLAY_EVENTS overrides the size.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
RUNNERUP_REPLAY_EVENTS=${RUNNERUP_REPLAY_EVENTS:-1000000} build/native/tests/core/runnerup_replay_tests
# The Search tab journey in Chromium over 100,000 generated runner-ups (npm test runs 3,000):
# import, compaction, open from IndexedDB, search, filter, rank, scroll to the end; it prints the
# times and the long tasks, and fails on a long task over 200 ms during the interaction.
RUNNERUP_SEARCH_N=${RUNNERUP_SEARCH_N:-100000} node --test --test-reporter=tap tests/e2e/search.test.js
