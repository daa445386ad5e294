// Drums from the style's grids: grooves per section variant, seeded variations, fills into new
// sections, crashes on section downbeats and the final hit.
#pragma once

#include "compose/plan.h"
#include "core/result.h"
#include "core/rng.h"
#include "model/score.h"
#include "model/style.h"

namespace omg::compose {

Status write_drum_part(const Plan& plan, const model::Style& style, const model::PartSpec& part,
                       model::Track& track, Rng& rng);

}  // namespace omg::compose
