// Composition: Brief + Style + seed -> Score.
//
// Form sized to the duration, harmony from the style's progressions, voice-led voicings,
// motif-based melody with a returning hook, bass, drums and accompaniment from the style's
// chord-relative patterns, humanisation. Same inputs -> the same Score, bit for bit.
// Thread-safe (no shared state).
#pragma once

#include <cstdint>

#include "core/result.h"
#include "model/brief.h"
#include "model/score.h"
#include "model/style.h"

namespace omg::compose {

struct ComposeOptions {
    uint64_t seed = 0;
};

Result<model::Score> compose(const model::Brief& brief, const model::Style& style,
                             const ComposeOptions& options);

}  // namespace omg::compose
