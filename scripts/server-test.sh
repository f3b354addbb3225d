#!/usr/bin/env bash
# The sync server's tests (tests/server/): each file starts a throwaway PostgreSQL 15 cluster
# (scripts/pg.mjs) and removes it. Needs the wasm core (build/wasm), the bundle (dist/, for the
# Chromium test) and Debian's postgresql.
# Files run one at a time: each one's cluster and server share the machine's cores.
set -euo pipefail
cd "$(dirname "$0")/.."
for f in build/wasm/runnerup-core.wasm dist/runnerup.js; do
  if [ ! -f "$f" ]; then
    echo "server-test: $f is missing: run scripts/build.sh first" >&2
    exit 1
  fi
done
if [ ! -x "${RUNNERUP_PG_BIN:-/usr/lib/postgresql/15/bin}/initdb" ]; then
  echo "server-test: PostgreSQL 15 is missing: apt-get install postgresql" >&2
  exit 1
fi
exec node --test --test-concurrency=1 --test-reporter=tap tests/server/
