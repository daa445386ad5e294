// Small hand-built scores for the render tests.
#pragma once

#include "model/score.h"

namespace omg::render::testing {

inline model::Track piano_scale(int64_t start_tick = 480) {
    model::Track t;
    t.name = "Piano";
    t.role = "lead";
    t.channel = 0;
    t.program = 0;
    const int keys[] = {60, 62, 64, 65, 67, 69, 71, 72};
    for (int i = 0; i < 8; ++i) t.notes.push_back({start_tick + i * 240, 220, keys[i], 96});
    return t;
}

inline model::Track drum_beat(int64_t start_tick = 480, int kit = 0) {
    model::Track t;
    t.name = "Drums";
    t.role = "drums";
    t.channel = model::kDrumChannel;
    t.program = kit;
    t.bank = 128;
    t.drums = true;
    for (int beat = 0; beat < 8; ++beat) {
        const int64_t tick = start_tick + beat * 240;
        t.notes.push_back({tick, 60, beat % 2 == 0 ? 36 : 38, 110});  // kick / snare
        t.notes.push_back({tick, 60, 42, 80});                         // closed hi-hat
    }
    return t;
}

// 120 qpm: 480 ticks = 0.5 s. Music from 0.5 s to ~2.5 s, end at 3 s.
inline model::Score small_score() {
    model::Score s;
    s.tempo_qpm = 120;
    s.tempo_bpm = 120;
    s.duration_s = 3.0;
    s.bars = 2;
    s.tracks = {piano_scale(), drum_beat()};
    return s;
}

}  // namespace omg::render::testing
