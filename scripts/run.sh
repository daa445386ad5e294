#!/usr/bin/env bash
# One command from a fresh Debian machine to a running OMG: installs the Debian packages, builds,
# and starts the server with the web studio on http://127.0.0.1:8000 (built-in engine, SQLite).
# Extra arguments go to `omg serve` (e.g. --port 8080 --data-dir ~/omg-data).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-deps.sh
scripts/build.sh
exec ./build/src/app/omg serve "$@"
