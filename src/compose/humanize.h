// Humanisation: swing, systematic pocket offsets, and seeded timing and velocity jitter by the
// style's feel family (styles.md §1.4 and §1.5). Deterministic for a given Rng.
#pragma once

#include "compose/plan.h"
#include "core/rng.h"
#include "model/score.h"
#include "model/style.h"

namespace omg::compose {

// Applies to every note of `track`; `offset_ms` is the part's systematic push (+ = late).
void humanize(const Plan& plan, const model::Style& style, int offset_ms, model::Track& track, Rng& rng);

}  // namespace omg::compose
