// Humanisation: how a band plays the written notes (styles.md §1.4 and §1.5, issue 10's feel).
//
// Time: every part follows one slow drift of the band's time (the Pocket: a smooth random walk
// per beat, the same for all parts, so the band breathes together); each part adds a smaller
// drift of its own (bass and drums a third of it: they are the pocket), its style's systematic
// push (`offset_ms`, + = late), a lead's lay-back behind the band (4 ms in a band, 8 in a
// groove, 12 in jazz) and a small per-attack variation shared by
// every note struck at the same written time (a chord's notes sound together). Swing moves the
// off-beat of each pair by a ratio that narrows as the tempo rises (a style's `swing` is its
// ratio at its default tempo: 2:1 at 160 bpm is about 2.5:1 at 100 and 1.6:1 at 240); compound
// metres take the style's `lilt` (a jig's long-short-medium). Velocity: a seeded variation by
// feel family, and for melodic parts an arch over each four-bar phrase (rising to about 60 %
// of it, falling at its end). The `machine` feel stays on the grid.
// Deterministic for a given plan, style and Rngs; the final downbeat is never moved.
#pragma once

#include <string>
#include <vector>

#include "compose/plan.h"
#include "core/rng.h"
#include "model/score.h"
#include "model/style.h"

namespace omg::compose {

// The band's shared drift of time, in ms at each beat of the plan (interpolated between).
class Pocket {
public:
    Pocket(const Plan& plan, const model::Style& style, Rng rng);
    double drift_ms(int64_t tick) const;

private:
    std::vector<double> per_beat_ms_;
    int64_t ticks_per_beat_ = 1;
};

// The style's swing at the plan's tempo: where the off-beat falls in its pair (0.5 straight).
double swing_at_tempo(const model::Style& style, const Plan& plan);

// Applies to every note of `track` (its role and drums flag say how it plays); `offset_ms` is
// the part's systematic push (+ = late).
void humanize(const Plan& plan, const model::Style& style, const Pocket& pocket, int offset_ms,
              model::Track& track, Rng& rng);

}  // namespace omg::compose
