#!/usr/bin/env bash
# A 60 s sung MP3 from the prompt against plain `fluidsynth -F` on the same MIDI (not a test).
#
# Times `omg generate "<prompt> with lyrics" --duration 60 --seed N -o x.mp3 --midi x.mid` (the
# whole pipeline: lyrics written, Festival's front end, compose, band and voice, master, MP3)
# against `fluidsynth -ni -F out.wav <soundfont> x.mid` (the band's MIDI rendered with nothing
# else, the floor). The two are run alternately so that other tenants of the host weigh on both;
# the result is the median of the pairs' ratios.
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

# Always alternated, one omg run then one fluidsynth run, and judged by the median of each
# pair's ratio: a host whose speed drifts (other tenants, clocks) weighs on both of a pair.
time_of() {  # wall seconds of one run
    /usr/bin/time -f %e -o "$dir/t" "$@" >/dev/null 2>&1
    cat "$dir/t"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
omg_t=(); fs_t=(); ratios=()
for ((i = 0; i < runs; ++i)); do
    o="$(time_of "${omg_cmd[@]}")"
    f="$(time_of "${fs_cmd[@]}")"
    omg_t+=("$o"); fs_t+=("$f")
    ratios+=("$(awk -v o="$o" -v f="$f" 'BEGIN {printf "%.3f", o / f}')")
done
om="$(printf '%s\n' "${omg_t[@]}" | median)"
fm="$(printf '%s\n' "${fs_t[@]}" | median)"
rm_="$(printf '%s\n' "${ratios[@]}" | median)"
echo "| command | runs (s) | median s |"
echo "|---|---|---:|"
echo "| omg generate (sung, 60 s mp3) | ${omg_t[*]} | $om |"
echo "| fluidsynth -ni -F (same MIDI) | ${fs_t[*]} | $fm |"
echo
echo "pair ratios omg / fluidsynth: ${ratios[*]}"
echo "median pair ratio: $rm_ (target: under 1)"
