#!/usr/bin/env bash
# Installs every Debian package OMG needs to build, run and test. Safe to run again.
# Usage: scripts/setup-deps.sh            (as root, or with sudo available)
#        scripts/setup-deps.sh --list     prints the package names, one a line, and installs nothing
#                                         (scripts/check-deps.sh reads it)
# Every package the build, the tests or the product use must be named here, or be a dependency of
# one named here: .ci/run checks that with scripts/check-deps.sh and fails naming what is missing.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake pkg-config ninja-build
  # engine
  libfluidsynth-dev fluid-soundfont-gm
  # the "best" sound quality (issue 10 item 5): MuseScore_General.sf3 (Vorbis-compressed; Debian's
  # libsndfile decodes it for FluidSynth)
  musescore-general-soundfont
  libsndfile1-dev libebur128-dev libmp3lame-dev
  libtomlplusplus-dev libexpected-dev nlohmann-json3-dev libcli11-dev
  # server
  libcpp-httplib-dev libevent-dev libsqlite3-dev libssl-dev zlib1g-dev
  # the shared job queue (issue 13): libpq for the PostgreSQL store; the server itself, which
  # the store's tests start as a throwaway cluster
  libpq-dev postgresql
  # lyrics: pronunciation for syllables and rhymes
  espeak-ng libespeak-ng-dev
  # singing voice: the HTS engine, Festival's text front end (full-context labels) and the
  # US English HTS voice (cmu_us_slt_arctic_hts)
  libhtsengine-dev festival festvox-us-slt-hts
  # FFTW: the voice's vocoder, and the tests' spectral meters (band balance, loop seams)
  libfftw3-dev
  # tests and tools
  libgtest-dev libgmock-dev googletest
  # fuzzing (scripts/fuzz.sh): clang with libFuzzer and its sanitizer runtimes; llvm's ar, ranlib
  # and symbolizer (CMake picks llvm-ar for a clang build; sanitizer reports name their lines)
  clang libclang-rt-14-dev llvm
  # benchmarks' peers and measuring tools
  fluidsynth mma sox wrk
  # web: npm installs Swagger UI and ReDoc (web/vendor) and builds the studio (web/);
  # its end-to-end test drives Debian's Chromium (playwright-core never downloads a browser)
  nodejs npm chromium
  # tests: the zip archive test opens the stems ZIP with Info-ZIP's unzip
  unzip
)

if [ "${1:-}" = --list ]; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  # NodeSource's nodejs (a newer Node than Debian's) bundles npm and conflicts with Debian's
  # npm package: an npm that is already there is enough.
  if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup-deps: all Debian packages present"
fi

# Swagger UI and ReDoc for `omg serve`'s /docs and /redoc, pinned by web/vendor/package-lock.json;
# the studio's build and test tools (Vite, Vitest, playwright-core), pinned by web/package-lock.json.
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if command -v npm >/dev/null 2>&1; then
  (cd "$repo_root/web/vendor" && npm ci --ignore-scripts --no-audit --no-fund) ||
    echo "setup-deps: npm ci in web/vendor failed; /docs and /redoc will say so" >&2
  (cd "$repo_root/web" && npm ci --ignore-scripts --no-audit --no-fund) ||
    echo "setup-deps: npm ci in web failed; the studio will not build and its tests will fail" >&2
fi
