// One synth pass: some of a score's tracks through one FluidSynth instance into a stereo buffer.
#pragma once

#include <vector>

#include "core/result.h"
#include "model/pcm.h"
#include "model/score.h"
#include "render/progress.h"
#include "render/render.h"

namespace omg::render {

// A track as a pass plays it: perhaps only some of its notes (see split.h), with the release
// cap found from all of them (see tails.h).
struct PassTrack {
    const model::Track* track = nullptr;
    double release_cap_s = 0;
    double width = 1;  // of its dry signal (balance.h)
};

// Renders `tracks` (track i on synth channel i) into `frames` stereo frames. Checks
// options.stop between blocks of at most 4096 frames. Errors: not_found, io, cancelled.
Result<model::Pcm> render_pass(const model::Score& score, const std::vector<PassTrack>& tracks,
                               const RenderOptions& options, int64_t frames, Progress& progress);

}  // namespace omg::render
