#!/usr/bin/env bash
# Configures and builds OMG into ./build (Release with debug info), then the web studio into
# web/dist. Usage: scripts/build.sh [cmake args]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
cmake --build build -j "$jobs"
# A studio that does not build leaves the server usable (it shows a plain page at /) and the
# web tests failing, rather than stopping the C++ build and tests here.
scripts/build-web.sh || echo "build: the web studio did not build (see above); omg serve shows a plain page at /" >&2
