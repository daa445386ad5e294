// Consonance of a held melody note with the harmony under it.
//
// A note sounds against every chord it is held over, not only the one at its onset. It is sour
// when, not being a tone of one of those chords (extensions included), it lies a semitone (or a
// minor ninth) from one of that chord's tones, or when it is outside the local key and no chord
// under it holds it. `consonant_key` moves a sour note to the nearest key that is neither, so a
// tune keeps its contour and loses its clashes. Pure functions of the plan; thread-safe.
#pragma once

#include <cstdint>

#include "compose/plan.h"
#include "model/theory.h"

namespace omg::compose {

bool sour(const Plan& plan, int key, int64_t tick, int64_t duration, const model::Key& local);

// `key` if it is not sour; else the nearest key within a major third inside [low, high] that is
// not (ties go the way the line moves, `direction` > 0 up); else `key`.
int consonant_key(const Plan& plan, int key, int64_t tick, int64_t duration, const model::Key& local,
                  int low, int high, int direction);

}  // namespace omg::compose
