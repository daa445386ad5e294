// Orchestration: which instruments play, from the style's palette and the user's wishes.
//
// Honours exclusions first ("no drums", "without piano": the part switches to an alternative or
// leaves), then wishes: the instrument the wording made the lead, else the first named melodic
// instrument, becomes the lead; every other named instrument takes a part that plays it, a part
// whose alternatives include it, or the counter, chords, pad or bass role that suits it, so a
// named instrument always sounds. `Brief::solo` thins the rest to one soft chordal part and the
// bass (a chordal soloist plays those itself). Adapts ranges to each instrument's real range
// (styles.md §1.3) and assigns MIDI channels.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "core/rng.h"
#include "model/brief.h"
#include "model/style.h"

namespace omg::compose {

struct Orchestra {
    std::vector<model::PartSpec> parts;
    std::vector<int> channels;  // per part
    // Roles of the parts that play a named instrument: they sound wherever the tune does, even
    // in sections whose style lists only some roles.
    std::vector<std::string> featured_roles;
};

Result<Orchestra> orchestrate(const model::Brief& brief, const model::Style& style, Rng& rng);

// Playable range [low, high] of a GM program (sounding MIDI keys).
std::pair<int, int> program_range(int program);

}  // namespace omg::compose
