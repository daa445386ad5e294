// Pitched accompaniment from chord-relative grids: bass lines, comping, pads and arpeggios.
//
// Every token of a style's grid (docs/style-format.md) is turned into keys against the chord
// sounding at that moment, voice-led from the previous chord, so one pattern fits every key,
// chord and inversion. Includes the part's share of the ending (final chord or stinger).
#pragma once

#include "compose/plan.h"
#include "core/result.h"
#include "core/rng.h"
#include "model/score.h"
#include "model/style.h"

namespace omg::compose {

Status write_pattern_part(const Plan& plan, const model::Style& style, const model::PartSpec& part,
                          model::Track& track, Rng& rng);

}  // namespace omg::compose
