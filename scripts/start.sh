#!/usr/bin/env bash
# `npm start`: installs what the demo needs and is missing, builds the wasm module and the
# widget bundle (nothing else: no native build, no test suite), and serves the demo ATS page
# with the widget on http://127.0.0.1:8080 (PORT overrides the port).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh demo
bash scripts/build.sh demo
exec node scripts/serve.mjs
