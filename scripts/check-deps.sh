#!/usr/bin/env bash
# Checks that every Debian package the build, the tests and the product use is installed by
# scripts/setup-deps.sh, so a brand-new machine can build and test OMG from the README alone.
#
# Usage: scripts/check-deps.sh [--declared FILE] [BUILD_DIR ...]      (BUILD_DIR defaults to build)
#   --declared FILE  the declared package list, one name a line ('#' starts a comment); default:
#                    `scripts/setup-deps.sh --list`. Tests pass a list with a package left out.
#
# "Used" means any of:
#   - every file under /usr (or /lib, /bin) that the compiler read: `ninja -t deps`;
#   - every file CMake read while configuring (the inputs of build.ninja's re-run rule);
#   - every absolute path in CMakeCache.txt: libraries, headers, programs (the tests' programs are
#     found there with find_program), the SoundFont;
#   - every shared library the built executables load (`ldd`);
#   - the programs run by name outside CMake (benchmarks' peers), listed below.
# Each file is mapped to its package with dpkg's file lists (`dpkg -S`). "Installed by the script"
# means named in the list, or pulled in by one named there as apt would (recursive Depends and
# Pre-Depends, first alternatives only), or Essential/Priority: required (on every Debian system).
# Exit 0: all used packages are covered. Exit 1: prints the packages used but not covered (with a
# file of each that needed it) and any used file that no Debian package owns. Exit 2: bad usage.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Programs run by name rather than through a path CMake found: the benchmarks' peers and tools.
programs_by_name=(fluidsynth mma sox wrk espeak-ng)

declared_file=""
build_dirs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --declared) [ $# -ge 2 ] || { echo "check-deps: --declared needs a file" >&2; exit 2; }
                declared_file="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    -*) echo "check-deps: unknown option $1" >&2; exit 2 ;;
    *) build_dirs+=("$1"); shift ;;
  esac
done
[ ${#build_dirs[@]} -gt 0 ] || build_dirs=("$repo_root/build")
for dir in "${build_dirs[@]}"; do
  if [ ! -f "$dir/build.ninja" ] || [ ! -f "$dir/CMakeCache.txt" ]; then
    echo "check-deps: $dir is not a configured Ninja build (run scripts/build.sh first)" >&2
    exit 2
  fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# ---- declared packages and everything they pull in --------------------------------------------
if [ -n "$declared_file" ]; then
  sed -e 's/#.*//' -e 's/[[:space:]]//g' "$declared_file" | grep -v '^$' | sort -u >"$work/declared"
else
  "$repo_root/scripts/setup-deps.sh" --list | sort -u >"$work/declared"
fi
# Essential and required packages are on every Debian system, whatever the script says.
dpkg-query -W -f='${Package} ${Essential} ${Priority}\n' |
  awk '$2 == "yes" || $3 == "required" { print $1 }' >"$work/base"
# The closure follows what apt itself would install, and no more: Depends and Pre-Depends; of an
# "A | B" group only A; a virtual package only when exactly one package provides it. (apt-cache's
# own --recurse lists every alternative, which would count fluid-soundfont-gm as installed because
# fluidsynth depends on "timgm6mb-soundfont | sf3-soundfont-gm".)
# One `apt-cache depends --recurse` lists every package reachable by any path (a superset); the
# walk below keeps only the edges apt would follow.
# shellcheck disable=SC2046
apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
  --no-enhances $(cat "$work/declared" "$work/base" | sort -u) 2>/dev/null >"$work/depends"
awk '
  function flush() {
    if (pending != "" && pkg != "") {
      if (pending !~ /^</) edges[pkg] = edges[pkg] " " pending
      else if (nproviders == 1) edges[pkg] = edges[pkg] " " provider
    }
    pending = ""; nproviders = 0; collecting = 0
  }
  NR == FNR { roots[++nroots] = $1; next }
  /^[^ ]/ { flush(); pkg = $1; sub(/:.*/, "", pkg); in_group = 0; next }
  /^ [ |](Pre)?Depends: / {
    flush()
    name = $0; sub(/^[^:]*: /, "", name); sub(/:.*/, "", name)
    if (!in_group) { pending = name; collecting = (name ~ /^</) }
    in_group = (substr($0, 2, 1) == "|")
    next
  }
  /^    [^ ]/ { if (collecting) { nproviders++; provider = $1; sub(/:.*/, "", provider) } next }
  { flush() }
  END {
    flush()
    n = 0
    for (i = 1; i <= nroots; i++) if (!(roots[i] in seen)) { seen[roots[i]] = 1; queue[++n] = roots[i] }
    for (head = 1; head <= n; head++) {
      m = split(edges[queue[head]], next_pkgs, " ")
      for (j = 1; j <= m; j++) if (!(next_pkgs[j] in seen)) { seen[next_pkgs[j]] = 1; queue[++n] = next_pkgs[j] }
    }
    for (i = 1; i <= n; i++) print queue[i]
  }' <(cat "$work/declared" "$work/base") "$work/depends" | sort -u >"$work/covered"

# ---- files and programs the build, the tests and the product use --------------------------------
keep_system() { grep -E '^/(usr|lib|lib64|bin|sbin)/' || true; }
: >"$work/used"
for dir in "${build_dirs[@]}"; do
  ninja -C "$dir" -t deps 2>/dev/null | awk '/^    / { print $1 }' | keep_system >>"$work/used"
  ninja -C "$dir" -t query build.ninja 2>/dev/null | awk '/^    / { print $1 }' | keep_system >>"$work/used"
  # CMakeCache.txt: KEY:TYPE=VALUE, VALUE possibly a ';' list.
  sed -n 's/^[A-Za-z0-9_.+-]*:[A-Z]*=//p' "$dir/CMakeCache.txt" | tr ';' '\n' | keep_system >>"$work/used"
  find "$dir" -type f -perm -u+x -name 'omg*' -not -path '*/CMakeFiles/*' -print0 |
    xargs -0 -r ldd 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' >>"$work/used"
done
for program in "${programs_by_name[@]}"; do
  if path="$(command -v "$program")"; then
    echo "$path" >>"$work/used"
  else
    echo "(program $program is not installed)" >>"$work/unowned"
  fi
done
# Plain files only (directories are shared by many packages), each once.
sort -u "$work/used" | xargs -r -d '\n' sh -c 'for f; do [ -f "$f" ] && printf "%s\n" "$f"; done' sh \
  >"$work/files"

# ---- files to packages ---------------------------------------------------------------------------
# dpkg knows each file by the path its package ships; on merged-/usr systems a file may be read as
# /usr/lib/x but shipped as /lib/x, or through a symlink, so each file is tried under those names.
owner_of() {  # stdin: paths; stdout: "package<TAB>path" for each path dpkg knows
  { xargs -r -d '\n' dpkg-query -S 2>/dev/null || true; } |
    awk '!/^diversion by/ { i = index($0, ": /"); if (i) {
           n = split(substr($0, 1, i - 1), pk, ", ");
           for (k = 1; k <= n; k++) { sub(/:.*/, "", pk[k]); print pk[k] "\t" substr($0, i + 2) } } }'
}
: >"$work/owned"
xargs -r -d '\n' realpath -e <"$work/files" >"$work/real"
{
  paste "$work/files" "$work/real"
  awk '{ print $0 "\t" $0; if (sub(/^\/usr/, "", $0)) print "/usr" $0 "\t" $0; else print $0 "\t/usr" $0 }' "$work/files"
} | sort -u >"$work/candidates"
cut -f2 "$work/candidates" | sort -u | owner_of | sort -u >"$work/owner_by_candidate"
# Join back: original file -> package(s).
awk -F'\t' 'NR == FNR { owner[$2] = (owner[$2] ? owner[$2] "\n" : "") $1; next }
            ($2 in owner) { n = split(owner[$2], p, "\n"); for (i = 1; i <= n; i++) print p[i] "\t" $1 }' \
  "$work/owner_by_candidate" "$work/candidates" | sort -u >"$work/owned"
cut -f2 "$work/owned" | sort -u >"$work/owned_files"
comm -23 "$work/files" "$work/owned_files" >>"$work/unowned" || true

# A file owned by several packages is covered when any of them is.
awk -F'\t' 'NR == FNR { covered[$1] = 1; next }
            { if ($1 in covered) ok[$2] = 1; else { bad[$2] = bad[$2] ? bad[$2] : $1 } }
            END { for (f in bad) if (!(f in ok)) print bad[f] "\t" f }' \
  "$work/covered" "$work/owned" | sort >"$work/missing"

status=0
if [ -s "$work/missing" ]; then
  status=1
  echo "check-deps: packages used but not installed by scripts/setup-deps.sh (add them there):"
  awk -F'\t' '{ if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1; first[$1] = $2 } count[$1]++ }
              END { for (i = 1; i <= n; i++) { p = order[i];
                      printf "  %-28s %s%s\n", p, first[p], (count[p] > 1 ? " (+" count[p] - 1 " more)" : "") } }' \
    "$work/missing"
fi
if [ -s "$work/unowned" ]; then
  status=1
  echo "check-deps: used but owned by no Debian package (install it from a package instead):"
  sed 's/^/  /' "$work/unowned"
fi
if [ "$status" -eq 0 ]; then
  echo "check-deps: $(wc -l <"$work/files") files used, from $(cut -f1 "$work/owned" | sort -u | wc -l) packages, all installed by scripts/setup-deps.sh"
fi
exit "$status"
