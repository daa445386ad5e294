// Balance: each track's channel volume (CC7), set from the loudness its notes will have and its
// role, so that the mix follows the music and not the SoundFont's sample levels.
//
// A General MIDI SoundFont's presets sit at whatever level they were sampled (FluidR3's
// vibraphone is ~20 dB under its electric piano), so a style's volumes cannot balance a mix.
// Each preset is measured instead, once per SoundFont, sample rate, preset and key (a melodic
// track at three keys of its range, a kit at each key it plays): one note rendered alone,
// loud for 1.6 s (its energy read at 0.15, 0.6 and 1.6 s) and soft for 0.6 s, K-weighted as
// loudness meters weigh it (ITU-R BS.1770), kept in a process-wide cache and, given a
// `cache_dir`, in a file per SoundFont (path, size, mtime) and sample rate there, read back
// bit-identical, so later processes skip the measuring. A track's loudness is estimated from
// its notes (each note's energy by its length and velocity, over the 400 ms blocks in which the
// track sounds) and its CC7 set so that the roles sit where an engineer puts them (model::role_level_db):
// the lead 3.5 dB over the comping, bass and drums level with it, counter-melodies and arpeggios
// a little under, colours 5 dB and pads 6.5 dB under, each moved by the style's `level` trim.
// The same probes give each preset's stereo width: one whose channels correlate under 0.8
// at any measured key is narrowed to 0.8, so no part cancels when the mix is summed to mono.
// Deterministic (a note renders the same every time, whatever was measured before); thread-safe
// (the cache is locked, measuring runs outside the lock). Cost: about 0.3-0.5 s for a style's
// presets the first time they are met (on a busy 2-core machine; mostly loading their samples
// in the measuring synth); nothing once cached in memory or on disk.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/score.h"

namespace omg::render {

struct TrackBalance {
    double loudness_db = 0;  // estimated K-weighted level at CC7 127 (relative dB)
    double target_db = 0;    // where its role and trim put it (relative dB)
    int volume = 127;        // the CC7 that gets it there
    double width = 1;        // stereo width of its dry signal (Synth::set_width)
};


// One entry per track of `score`. A track without notes keeps its volume. New presets are
// measured on two threads when `threads` > 1; the result is the same for any thread count.
// Errors: not_found, io (SoundFont).
Result<std::vector<TrackBalance>> balance(const model::Score& score,
                                          const std::filesystem::path& soundfont, int sample_rate,
                                          int threads = 1,
                                          const std::filesystem::path& cache_dir = {});

}  // namespace omg::render
