#!/usr/bin/env bash
# One command from a fresh Debian machine to a full test run: installs the Debian packages, builds
# with warnings as errors, and runs every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-deps.sh
scripts/build.sh -DOMG_WERROR=ON -DOMG_TESTS=ON
cd build
ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" "$@"
