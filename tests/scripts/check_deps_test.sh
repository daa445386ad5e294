#!/usr/bin/env bash
# scripts/check-deps.sh on this build: the real package list passes, and a list that leaves out
# one package the build or the tests use fails and names that package.
# Usage: tests/scripts/check_deps_test.sh BUILD_DIR
set -uo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build_dir="${1:?usage: $0 BUILD_DIR}"
check="$repo_root/scripts/check-deps.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
ok() { echo "ok: $1"; passed=$((passed + 1)); }
not_ok() { echo "FAILED: $1"; failed=$((failed + 1)); }

if "$check" "$build_dir" >"$work/real.out" 2>&1; then
  ok "the packages setup-deps.sh installs cover the build"
else
  not_ok "the real package list: $(cat "$work/real.out")"
fi

"$repo_root/scripts/setup-deps.sh" --list >"$work/all"
# Each left-out package is used in another way: a header and library the compiler and linker
# read (LAME), a program a test runs (unzip), a runtime data file (the SoundFont).
for left_out in libmp3lame-dev unzip fluid-soundfont-gm; do
  grep -vx "$left_out" "$work/all" >"$work/fake"
  if "$check" --declared "$work/fake" "$build_dir" >"$work/fake.out" 2>&1; then
    not_ok "a list without $left_out passed"
  elif grep -q "^  $left_out " "$work/fake.out"; then
    ok "a list without $left_out fails and names it"
  else
    not_ok "a list without $left_out failed without naming it: $(cat "$work/fake.out")"
  fi
done

if "$check" --declared "$work/no-such-file" "$build_dir" >/dev/null 2>&1; then
  not_ok "a missing list file passed"
else
  ok "a missing list file fails"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
