// Quantities in a prompt: tempo numbers ("140 bpm", "tempo 100", "at 90 beats per minute"),
// durations ("3 minutes", "90s", "2:30", "a minute and a half"), numeric time signatures
// ("3/4", "6/8 time") and decades ("80s", "the 90s", "1970s").
//
// A decade is told from a duration by its neighbours: "80s synth-pop", "the 90s", "'80s" and
// "80's" are decades, "90s" alone is 90 seconds. Values are as written (no clamping); the
// caller decides what is in range. Pure; linear in the number of tokens.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "model/theory.h"
#include "prompt/text.h"

namespace omg::prompt {

struct TempoReading {
    double bpm = 0;
    size_t first = 0, last = 0;  // token span [first, last)
    bool range = false;          // "120-130 bpm": bpm is the middle
};

struct DurationReading {
    double seconds = 0;
    size_t first = 0, last = 0;
};

struct MetreReading {
    model::TimeSignature time_signature;
    size_t first = 0, last = 0;
};

struct DecadeReading {
    int year = 0;  // 1980 for "80s"
    size_t first = 0, last = 0;
};

struct Quantities {
    std::vector<TempoReading> tempos;
    std::vector<DurationReading> durations;
    std::vector<MetreReading> metres;
    std::vector<DecadeReading> decades;  // their tokens are left unused: aliases may claim them
};

// `genre_at(i)`: whether a style or instrument phrase starts at token i ("80s synth").
// Marks the tokens of tempos, durations and metres in `used`.
Quantities read_quantities(const std::vector<Token>& tokens, std::vector<bool>& used,
                           const std::function<bool(size_t)>& genre_at);

}  // namespace omg::prompt
