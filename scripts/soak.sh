#!/usr/bin/env bash
# `npm run soak`: the long runs npm test keeps short. A million events recorded by two replicas
# and replayed every way (in order, either replica first, shuffled chunks, snapshot plus the
# rest) must give one state hash. RUNNERUP_REPLAY_EVENTS overrides the size.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
RUNNERUP_REPLAY_EVENTS=${RUNNERUP_REPLAY_EVENTS:-1000000} build/native/tests/core/runnerup_replay_tests
