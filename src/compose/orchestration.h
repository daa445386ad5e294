// Orchestration: which instruments play, from the style's palette and the user's wishes.
//
// Honours exclusions first ("no drums", "without piano": the part switches to an alternative or
// leaves), then wishes ("with brass": a part whose alternatives include it switches, else the
// instrument takes the lead, counter, chords, pad or bass role that suits it), adapts ranges to
// each instrument's real range (styles.md §1.3) and assigns MIDI channels.
#pragma once

#include <vector>

#include "core/result.h"
#include "core/rng.h"
#include "model/brief.h"
#include "model/style.h"

namespace omg::compose {

struct Orchestra {
    std::vector<model::PartSpec> parts;
    std::vector<int> channels;  // per part
};

Result<Orchestra> orchestrate(const model::Brief& brief, const model::Style& style, Rng& rng);

// Playable range [low, high] of a GM program (sounding MIDI keys).
std::pair<int, int> program_range(int program);

}  // namespace omg::compose
