#!/usr/bin/env bash
# Builds and runs the engine benchmark (not a test). Usage: bench/run.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh >/dev/null
exec ./build/bench/omg_engine_bench "$@"
