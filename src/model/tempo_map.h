// The tempo map: where a Score's tempo changes (issue 14: hit points land on downbeats by small
// tempo changes spread over the bars before them, and a ritardando into the ending).
//
// A map is the tempo at tick 0 (`qpm`, quarter notes per minute) and a list of later changes,
// each the tempo from its tick on. With no changes every function is the constant-tempo
// arithmetic the Score always had, to the bit: `seconds_at(t)` is `t * 60 / (qpm * ppq)` and
// `ticks_at(s)` is `s / that`, so a Score without changes renders and writes byte-identical
// output. Plain data and pure functions; no I/O; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace omg::model {

struct TempoChange {
    int64_t tick = 0;   // > 0, strictly increasing along the map
    double qpm = 120;   // quarter notes per minute from `tick` on, > 0
    bool operator==(const TempoChange&) const = default;
};

// The tempo map's arithmetic, over the tempo at tick 0 and the later changes (sorted by tick;
// a change at or before tick 0 is ignored). Ticks before 0 use the opening tempo.
struct TempoView {
    int ppq = 480;
    double qpm = 120;
    std::span<const TempoChange> changes;

    double seconds_per_tick(double at_qpm) const { return 60.0 / (at_qpm * ppq); }

    // The tempo sounding at `tick`.
    double qpm_at(int64_t tick) const {
        double q = qpm;
        for (const TempoChange& c : changes) {
            if (c.tick > tick) break;
            if (c.tick > 0) q = c.qpm;
        }
        return q;
    }

    double seconds_at(int64_t tick) const {
        double start_s = 0;
        int64_t start_tick = 0;
        double q = qpm;
        for (const TempoChange& c : changes) {
            if (c.tick <= 0) continue;
            if (c.tick > tick) break;
            start_s += static_cast<double>(c.tick - start_tick) * seconds_per_tick(q);
            start_tick = c.tick;
            q = c.qpm;
        }
        if (start_tick == 0) return static_cast<double>(tick) * seconds_per_tick(q);
        return start_s + static_cast<double>(tick - start_tick) * seconds_per_tick(q);
    }

    // The length of `duration` ticks from `tick` (a note's length): inside one tempo exactly
    // `duration * seconds_per_tick`.
    double seconds_between(int64_t tick, int64_t duration) const {
        const double q = qpm_at(tick);
        for (const TempoChange& c : changes)
            if (c.tick > tick && c.tick < tick + duration) return seconds_at(tick + duration) - seconds_at(tick);
        return static_cast<double>(duration) * seconds_per_tick(q);
    }

    // The (fractional) tick sounding at `seconds`: the inverse of `seconds_at`.
    double ticks_at(double seconds) const {
        double start_s = 0;
        int64_t start_tick = 0;
        double q = qpm;
        for (const TempoChange& c : changes) {
            if (c.tick <= 0) continue;
            const double at = start_s + static_cast<double>(c.tick - start_tick) * seconds_per_tick(q);
            if (at > seconds) break;
            start_s = at;
            start_tick = c.tick;
            q = c.qpm;
        }
        if (start_tick == 0) return seconds / seconds_per_tick(q);
        return static_cast<double>(start_tick) + (seconds - start_s) / seconds_per_tick(q);
    }
};

}  // namespace omg::model
