#!/usr/bin/env bash
# Builds and runs tests under ASan+UBSan (default) or TSan, in build-asan/ or build-tsan/.
#   scripts/sanitize.sh [asan|tsan]                 every suite (a full extra build: slow on 2 cores)
#   scripts/sanitize.sh [asan|tsan] SUITE [SUITE…]  only tests/SUITE (render, encode, master, jobs…)
# CI runs `scripts/sanitize.sh tsan render encode master jobs`: the stages that use threads.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-asan}
shift || true
case "$kind" in
  asan) flags="-fsanitize=address,undefined -fno-omit-frame-pointer" ;;
  tsan) flags="-fsanitize=thread" ;;
  *) echo "usage: $0 [asan|tsan] [suite ...]" >&2; exit 2 ;;
esac
dir="build-$kind"
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOMG_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
if [ $# -eq 0 ]; then
  cmake --build "$dir" -j "$(nproc)"
  cd "$dir" && exec ctest --output-on-failure -j "$(nproc)" -E "E2E|web_"
fi
targets=()
for suite in "$@"; do
  case "$suite" in
    *[!a-z_]*|"") echo "sanitize: bad suite name '$suite'" >&2; exit 2 ;;
  esac
  targets+=("omg_${suite}_tests")
done
cmake --build "$dir" -j "$(nproc)" --target "${targets[@]}"
# Sanitizer reports fail the run (TSan exits 66, ASan 1), not only failed assertions.
export TSAN_OPTIONS="halt_on_error=1 ${TSAN_OPTIONS:-}"
for suite in "$@"; do
  echo "sanitize ($kind): $suite"
  (cd "$dir/tests/$suite" && "./omg_${suite}_tests" --gtest_brief=1)
done
