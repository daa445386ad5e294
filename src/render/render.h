// Rendering: Score -> stereo Pcm with FluidSynth and a General MIDI SoundFont.
//
// Sample-accurate: every event is placed at its exact frame, and the output is exactly
// round(score.duration_s * sample_rate) frames long. Deterministic for the same Score and
// SoundFont. Each call owns its own synthesizer, so calls may run in parallel threads.
// Mix settings come from the tracks (CC7 volume, CC10 pan, CC91 reverb, CC93 chorus).
#pragma once

#include <filesystem>
#include <functional>
#include <stop_token>
#include <vector>

#include "core/result.h"
#include "model/pcm.h"
#include "model/score.h"

namespace omg::render {

struct RenderOptions {
    std::filesystem::path soundfont;
    int sample_rate = 44100;
    bool stems = false;                          // also render each track alone
    std::function<void(double)> progress;       // 0..1, called now and then
    std::stop_token stop;                        // checked at least every ~50 ms of work
};

struct Rendered {
    model::Pcm mix;
    std::vector<model::Stem> stems;  // one per track, in track order, when asked for
};

// Errors: not_found (SoundFont missing), io (SoundFont unreadable), cancelled.
Result<Rendered> render(const model::Score& score, const RenderOptions& options);

}  // namespace omg::render
