// Velocity and metre helpers shared by the part writers.
#pragma once

#include <algorithm>
#include <cstdint>

#include "compose/plan.h"
#include "model/score.h"

namespace omg::compose {

// Base velocity of a section's energy: 0 -> 52 (p), 1 -> 100 (ff).
inline int energy_velocity(double energy) { return static_cast<int>(52 + 48 * std::clamp(energy, 0.0, 1.0)); }

// Metric accent of a position in the bar (styles.md §1.4): downbeat +8, other strong beats +4,
// beats 0, off-beat 8ths -8, 16ths -14.
inline int metric_accent(const Plan& plan, int64_t tick_in_bar) {
    const int64_t beat = plan.ticks_per_beat;
    if (tick_in_bar == 0) return 8;
    if (tick_in_bar % beat == 0) {
        const int64_t b = tick_in_bar / beat;
        const int beats = plan.ts.beats_per_bar();
        return (beats == 4 && b == 2) ? 4 : 0;
    }
    const int64_t eighth = model::kPpq / 2;
    if (tick_in_bar % eighth == 0 || (plan.ts.compound() && tick_in_bar % (beat / 3) == 0)) return -8;
    return -14;
}

inline int clamp_velocity(int v) { return std::clamp(v, 1, 127); }

inline void add_note(model::Track& track, int64_t tick, int64_t duration, int key, int velocity) {
    if (duration < 10) duration = 10;
    if (key < 0 || key > 127) return;
    track.notes.push_back({tick, duration, key, clamp_velocity(velocity)});
}

}  // namespace omg::compose
