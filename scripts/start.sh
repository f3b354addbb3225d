#!/usr/bin/env bash
# `npm start`: installs what the demo needs and is missing, builds the wasm module and the
# widget bundle (nothing else: no native build, no test suite), and serves the demo ATS page
# with the widget on the team's sync server and a real PostgreSQL (a cluster in .runnerup-pg/,
# or the one RUNNERUP_DATABASE_URL names) on http://127.0.0.1:8080 (PORT overrides the port).
# Ctrl-C stops the server and the cluster it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh demo
bash scripts/build.sh demo
exec node scripts/demo-server.mjs
