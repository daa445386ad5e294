#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang, ASan and UBSan into build-fuzz/, then runs each
# for SECONDS (default 30) from its seed corpus (fuzz/corpus/<target>; the style target also
# reads styles/). A crash, a leak, undefined behaviour or a timeout fails the run and leaves the
# input in build-fuzz/findings/<target>/. New corpus entries stay in build-fuzz, never the repo.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET ...]        (targets: prompt request range style midi multipart)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
case "$seconds" in ''|*[!0-9]*) echo "fuzz: SECONDS must be a whole number" >&2; exit 2 ;; esac
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(prompt request range style midi multipart)
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DOMG_FUZZ=ON -DOMG_TESTS=OFF -DOMG_BENCH=OFF -DCMAKE_LINKER="$(command -v ld)" \
  -DCMAKE_CXX_FLAGS="$flags" >/dev/null
build_targets=()
for t in "${targets[@]}"; do
  case "$t" in prompt|request|range|style|midi|multipart) build_targets+=("fuzz_$t") ;;
    *) echo "fuzz: unknown target '$t'" >&2; exit 2 ;; esac
done
cmake --build build-fuzz -j "$(nproc)" --target "${build_targets[@]}"
status=0
for t in "${targets[@]}"; do
  work="build-fuzz/corpus/$t"
  findings="build-fuzz/findings/$t"
  mkdir -p "$work" "$findings"
  seeds=("fuzz/corpus/$t")
  [ "$t" = style ] && seeds+=(styles)
  echo "fuzz: $t for ${seconds}s"
  if ! ASAN_OPTIONS="detect_leaks=1" UBSAN_OPTIONS="print_stacktrace=1" \
      "build-fuzz/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -artifact_prefix="$findings/" -print_final_stats=1 \
      "$work" "${seeds[@]}" >"build-fuzz/fuzz_$t.log" 2>&1; then
    echo "fuzz: $t FAILED; input in $findings, log in build-fuzz/fuzz_$t.log" >&2
    tail -40 "build-fuzz/fuzz_$t.log" >&2
    status=1
  else
    grep -E "^stat::number_of_executed_units|^stat::new_units_added" "build-fuzz/fuzz_$t.log" |
      sed "s/^/fuzz: $t /" || true
  fi
done
exit "$status"
