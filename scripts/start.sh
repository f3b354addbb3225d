#!/usr/bin/env bash
# `npm start`: installs what is missing, builds, and serves the demo ATS page with the widget
# on http://127.0.0.1:8080 (PORT overrides the port).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec node scripts/serve.mjs
