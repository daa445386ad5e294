#!/usr/bin/env bash
# A 60 s sung MP3 from the prompt against plain `fluidsynth -F` on the same MIDI (not a test).
#
# Times `omg generate "<prompt> with lyrics" --duration 60 --seed N -o x.mp3 --midi x.mid` (the
# whole pipeline: lyrics written, Festival's front end, compose, band and voice, master, MP3)
# against `fluidsynth -ni -F out.wav <soundfont> x.mid` (the band's MIDI rendered with nothing
# else, the floor). The two are run alternately so that other tenants of the host weigh on both;
# with hyperfine (setup-deps) it reports its own statistics, else the median of /usr/bin/time.
# Usage: bench/voice/sung_vs_fluidsynth.sh [runs] [prompt] [seed]   (default 5, "a pop song", 7)
# Environment: OMG (default build/src/app/omg), OMG_SOUNDFONT (default FluidR3_GM).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
prompt="${2:-a pop song} with lyrics"
seed="${3:-7}"
omg="${OMG:-build/src/app/omg}"
sf="${OMG_SOUNDFONT:-/usr/share/sounds/sf2/FluidR3_GM.sf2}"
[[ -x "$omg" ]] || { echo "no $omg: build the omg target first" >&2; exit 1; }
command -v fluidsynth >/dev/null || { echo "fluidsynth is not installed" >&2; exit 1; }
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

omg_cmd=("$omg" generate "$prompt" --duration 60 --seed "$seed" --soundfont "$sf"
         -o "$dir/x.mp3" --midi "$dir/x.mid")
"${omg_cmd[@]}" >/dev/null 2>"$dir/warm.log" || { cat "$dir/warm.log" >&2; exit 1; }  # writes the MIDI
fs_cmd=(fluidsynth -ni -F "$dir/out.wav" "$sf" "$dir/x.mid")
echo "# \"$prompt\" --duration 60 --seed $seed; $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"

if command -v hyperfine >/dev/null; then
    q() { printf '%q ' "$@"; }
    hyperfine --warmup 1 --runs "$runs" -N \
        -n "omg generate (sung, 60 s mp3)" "$(q "${omg_cmd[@]}")" \
        -n "fluidsynth -F (same MIDI)" "$(q "${fs_cmd[@]}")" \
        --export-markdown "$dir/hf.md" >&2
    cat "$dir/hf.md"
    exit 0
fi

time_of() {  # wall seconds of one run
    /usr/bin/time -f %e -o "$dir/t" "$@" >/dev/null 2>&1
    cat "$dir/t"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
omg_t=(); fs_t=()
for ((i = 0; i < runs; ++i)); do
    omg_t+=("$(time_of "${omg_cmd[@]}")")
    fs_t+=("$(time_of "${fs_cmd[@]}")")
done
om="$(printf '%s\n' "${omg_t[@]}" | median)"
fm="$(printf '%s\n' "${fs_t[@]}" | median)"
echo "| command | runs (s) | median s |"
echo "|---|---|---:|"
echo "| omg generate (sung, 60 s mp3) | ${omg_t[*]} | $om |"
echo "| fluidsynth -ni -F (same MIDI) | ${fs_t[*]} | $fm |"
awk -v o="$om" -v f="$fm" 'BEGIN {printf "\nomg / fluidsynth: %.2f (target: under 1)\n", o / f}'
