#!/usr/bin/env bash
# Builds and runs the test suite under ASan+UBSan (default) or TSan: scripts/sanitize.sh [asan|tsan]
# Slow on a 2-core machine (a full extra build); not part of CI's 90-minute budget.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-asan}
case "$kind" in
  asan) flags="-fsanitize=address,undefined -fno-omit-frame-pointer" ;;
  tsan) flags="-fsanitize=thread" ;;
  *) echo "usage: $0 [asan|tsan]" >&2; exit 2 ;;
esac
cmake -S . -B "build-$kind" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOMG_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags"
cmake --build "build-$kind" -j "$(nproc)"
cd "build-$kind" && ctest --output-on-failure -j "$(nproc)" -E "E2E|web_" "$@"
