#include "compose/humanize.h"

#include <algorithm>
#include <cmath>

namespace omg::compose {
namespace {

struct Feel {
    double timing_ms;
    int velocity;
};

Feel feel_of(const std::string& family) {
    if (family == "machine") return {0, 2};
    if (family == "groove") return {7, 9};
    if (family == "jazz") return {9, 11};
    if (family == "classical") return {6, 6};
    if (family == "ambient") return {20, 8};
    return {5, 7};  // band
}

}  // namespace

void humanize(const Plan& plan, const model::Style& style, int offset_ms, model::Track& track, Rng& rng) {
    const Feel feel = feel_of(style.feel);
    const double ms_to_ticks = plan.qpm * model::kPpq / 60000.0;
    const double swing = std::clamp(style.swing, 0.5, 0.8);
    const double pair = style.swing_unit == 16 ? model::kPpq / 2.0 : static_cast<double>(model::kPpq);
    const bool can_swing = swing > 0.505 && !plan.ts.compound();
    for (auto& note : track.notes) {
        double tick = static_cast<double>(note.tick);
        // Swing: only positions on the straight 16th grid move (triplet grids already swing).
        if (can_swing) {
            const int64_t in_bar = note.tick % plan.ticks_per_bar;
            const double pos = std::fmod(static_cast<double>(in_bar), pair);
            if (static_cast<double>(std::lround(pos * 4 / pair)) * pair / 4 == pos && pos > 0) {
                const double frac = pos / pair;
                const double moved = frac <= 0.5 ? frac / 0.5 * swing : swing + (frac - 0.5) / 0.5 * (1 - swing);
                tick += (moved - frac) * pair;
            }
        }
        // The final downbeat stays exact: the ending is timed to the track's length.
        if (note.tick != plan.final_tick) {
            tick += offset_ms * ms_to_ticks;
            if (feel.timing_ms > 0) tick += rng.jitter(feel.timing_ms * ms_to_ticks);
        }
        note.tick = std::max<int64_t>(0, static_cast<int64_t>(std::llround(tick)));
        if (feel.velocity > 0) note.velocity = std::clamp(note.velocity + static_cast<int>(std::lround(rng.jitter(feel.velocity))), 1, 127);
    }
    std::stable_sort(track.notes.begin(), track.notes.end(),
                     [](const model::Note& a, const model::Note& b) { return a.tick < b.tick; });
}

}  // namespace omg::compose
