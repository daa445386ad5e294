#!/usr/bin/env bash
# Builds and runs tests under ASan+UBSan (default) or TSan, in build-asan/ or build-tsan/.
#   scripts/sanitize.sh [asan|tsan]                 every suite but the web studio's
#   scripts/sanitize.sh [asan|tsan] SUITE [SUITE…]  only tests/SUITE (render, encode, master, jobs…)
# CI runs `scripts/sanitize.sh asan` (the whole suite) and `scripts/sanitize.sh tsan render encode
# master jobs` (the stages that use threads). ASan+UBSan builds with clang at -O1 with line tables
# only (the fuzz build's compiler; cheaper to build than gcc -O2 -g), and any
# report fails the run: UBSan does not recover, LeakSanitizer checks every test process.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-asan}
shift || true
case "$kind" in
  asan)
    flags="-O1 -gline-tables-only -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
    config=(-DCMAKE_CXX_COMPILER=clang++ -DCMAKE_LINKER="$(command -v ld)" -DCMAKE_BUILD_TYPE=Sanitize
            -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined")
    export ASAN_OPTIONS="detect_leaks=1 ${ASAN_OPTIONS:-}"
    export UBSAN_OPTIONS="print_stacktrace=1 ${UBSAN_OPTIONS:-}" ;;
  tsan)
    flags="-fsanitize=thread"
    config=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags") ;;
  *) echo "usage: $0 [asan|tsan] [suite ...]" >&2; exit 2 ;;
esac
dir="build-$kind"
cmake -S . -B "$dir" -G Ninja -DOMG_BENCH=OFF "${config[@]}" >/dev/null
if [ $# -eq 0 ]; then
  cmake --build "$dir" -j "$(nproc)"
  cd "$dir" && exec ctest --output-on-failure -j "$(nproc)" -E "web_"
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
