#include "compose/consonance.h"

#include <algorithm>

namespace omg::compose {
namespace {

int pc_of(int v) { return ((v % 12) + 12) % 12; }

bool rubs(const Chord& chord, int key) {
    if (chord.contains_pc(key)) return false;
    const auto pcs = chord.pitch_classes();
    return std::any_of(pcs.begin(), pcs.end(), [&](int pc) {
        const int d = pc_of(key - pc);
        return d == 1 || d == 11;
    });
}

}  // namespace

bool sour(const Plan& plan, int key, int64_t tick, int64_t duration, const model::Key& local) {
    auto it = std::upper_bound(plan.chords.begin(), plan.chords.end(), tick,
                               [](int64_t t, const TimedChord& c) { return t < c.tick; });
    if (it != plan.chords.begin()) --it;
    bool held_by_chord = false;
    for (; it != plan.chords.end() && it->tick < tick + duration; ++it) {
        if (it->tick + it->duration <= tick || it->chord.none) continue;
        if (rubs(it->chord, key)) return true;
        held_by_chord = held_by_chord || it->chord.contains_pc(key);
    }
    return !held_by_chord && !model::in_scale(key, local.tonic, local.mode);
}

int consonant_key(const Plan& plan, int key, int64_t tick, int64_t duration, const model::Key& local,
                  int low, int high, int direction) {
    if (!sour(plan, key, tick, duration, local)) return key;
    const int first = direction >= 0 ? 1 : -1;
    for (int d = 1; d <= 4; ++d)
        for (int k : {key + first * d, key - first * d})
            if (k >= low && k <= high && !sour(plan, k, tick, duration, local)) return k;
    return key;
}

}  // namespace omg::compose
