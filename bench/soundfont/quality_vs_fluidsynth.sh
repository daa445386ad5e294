#!/usr/bin/env bash
# The two sound qualities side by side, against plain `fluidsynth -F` on the same MIDI (not a test).
#
# For one prompt and seed (instrumental, so only the band renders):
#  1. `omg generate --quality fast|best` for a 60 s WAV: wall clock of the whole command, and the
#     engine's own `render` timing (from --json). Each run gets an empty cache folder
#     (OMG_CACHE_DIR), so it measures the SoundFont's presets as a first run does; the "warm"
#     rows keep one folder, as a server or a second run does.
#  2. Where the time goes: `--versions 2` renders two versions in one process. The second finds
#     its presets decoded (render/synth.cpp keeps a compressed SoundFont's presets for the
#     process, as a server's later jobs do), so its render stage is synthesis alone; the first
#     one's excess over it is the fixed cost of opening the SoundFont and decoding the presets.
#     (Renders at two lengths would not separate them: a longer song brings in more presets.)
#  3. `fluidsynth -ni -F out.wav FONT x.mid` on the MIDI omg wrote, for each SoundFont: as
#     FluidSynth's command line runs it (every sample of the font loaded, and for the .sf3
#     decoded) and with synth.dynamic-sample-loading=1 (only the presets the MIDI selects, as
#     omg loads them).
# Runs alternate so that other tenants of the host weigh on all; each figure is the median.
# Usage: bench/soundfont/quality_vs_fluidsynth.sh [runs] [prompt] [seed]  (default 3, "pop", 1)
# Environment: OMG (default build/src/app/omg).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-3}"
prompt="${2:-pop}"
seed="${3:-1}"
omg="${OMG:-build/src/app/omg}"
fast_sf=/usr/share/sounds/sf2/FluidR3_GM.sf2
best_sf=/usr/share/sounds/sf3/MuseScore_General.sf3
[[ -x "$omg" ]] || { echo "no $omg: build the omg target first" >&2; exit 1; }
command -v fluidsynth >/dev/null || { echo "fluidsynth is not installed" >&2; exit 1; }
[[ -f "$best_sf" ]] || { echo "no $best_sf: run scripts/setup-deps.sh" >&2; exit 1; }
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wall() {  # wall seconds of one run of "$@"
    /usr/bin/time -f %e -o "$dir/t" "$@" >"$dir/out.json" 2>/dev/null
    cat "$dir/t"
}
render_s() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["timings"]["render"])' "$dir/out.json"; }
gen() {  # quality duration cache_dir
    OMG_CACHE_DIR="$3" wall "$omg" generate "$prompt" --vocals off --seed "$seed" --duration "$2" \
        --quality "$1" -o "$dir/x.wav" --midi "$dir/x.mid" --json
}

echo "# \"$prompt\" --seed $seed, instrumental; $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$omg" generate "$prompt" --vocals off --seed "$seed" --duration 60 -o "$dir/x.wav" --midi "$dir/x.mid" >/dev/null 2>&1
cp "$dir/x.mid" "$dir/same.mid"
declare -A t
add() { t[$1]+="$2 "; }
for ((i = 0; i < runs; ++i)); do
    for q in fast best; do
        c="$dir/cold-$q-$i"
        add "$q 60 wall" "$(gen "$q" 60 "$c")"; add "$q 60 render" "$(render_s)"
        add "$q 60 warm wall" "$(gen "$q" 60 "$dir/warm-$q")"; add "$q 60 warm render" "$(render_s)"
        OMG_CACHE_DIR="$dir/warm-$q" wall "$omg" generate "$prompt" --vocals off --seed "$seed" \
            --duration 60 --versions 2 --quality "$q" -o "$dir/v.wav" --json >/dev/null
        add "$q first" "$(python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["versions"]; print(v[0]["timings"]["render"])' "$dir/out.json")"
        add "$q second" "$(python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["versions"]; print(v[1]["timings"]["render"])' "$dir/out.json")"
    done
    add "fs fast" "$(wall fluidsynth -ni -q -F "$dir/o.wav" "$fast_sf" "$dir/same.mid")"
    add "fs best" "$(wall fluidsynth -ni -q -F "$dir/o.wav" "$best_sf" "$dir/same.mid")"
    add "fs fast dyn" "$(wall fluidsynth -ni -q -o synth.dynamic-sample-loading=1 -F "$dir/o.wav" "$fast_sf" "$dir/same.mid")"
    add "fs best dyn" "$(wall fluidsynth -ni -q -o synth.dynamic-sample-loading=1 -F "$dir/o.wav" "$best_sf" "$dir/same.mid")"
done
m() { printf '%s\n' ${t[$1]} | median; }
echo "| what (60 s, median of $runs) | fast (FluidR3_GM.sf2) | best (MuseScore_General.sf3) |"
echo "|---|---:|---:|"
echo "| omg generate, wall, fresh cache | $(m 'fast 60 wall') | $(m 'best 60 wall') |"
echo "| omg render stage, fresh cache | $(m 'fast 60 render') | $(m 'best 60 render') |"
echo "| omg generate, wall, warm cache | $(m 'fast 60 warm wall') | $(m 'best 60 warm wall') |"
echo "| omg render stage, warm cache | $(m 'fast 60 warm render') | $(m 'best 60 warm render') |"
echo "| fluidsynth -F (whole font loaded) | $(m 'fs fast') | $(m 'fs best') |"
echo "| fluidsynth -F, dynamic sample loading | $(m 'fs fast dyn') | $(m 'fs best dyn') |"
echo "| --versions 2: first render's stage | $(m 'fast first') | $(m 'best first') |"
echo "| --versions 2: second render's stage (presets decoded) | $(m 'fast second') | $(m 'best second') |"
for q in fast best; do
    awk -v a="$(m "$q first")" -v b="$(m "$q second")" -v q="$q" 'BEGIN {
        printf "%s: synthesis of 60 s %.2f s; fixed (open + decode) %.2f s\n", q, b, a - b }'
done
