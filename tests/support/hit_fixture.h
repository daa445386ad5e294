// The hits the hit and cue tests ask for (tests/compose, tests/engine): one at a time in seconds,
// or at a bar and beat (1-based, as a request says them). Plain data; no I/O.
#pragma once

#include "model/hit.h"

namespace omg::testing {

inline model::Hit hit_at(double seconds, model::HitKind kind) {
    model::Hit h;
    h.kind = kind;
    h.time_s = seconds;
    return h;
}

inline model::Hit hit_at_bar(int bar, int beat, model::HitKind kind) {
    model::Hit h;
    h.kind = kind;
    h.bar_beat = model::BarBeat{bar, beat};
    return h;
}

}  // namespace omg::testing
