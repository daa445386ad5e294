// Playing a style's progressions in another mode than the one they were written for.
//
// A progression written for major ("I V vi IV") asked for in minor becomes its modal
// counterpart (i v bVI iv), keeping dominant V chords major (the raised leading tone), so a
// style can honour "pop in A minor" without minor-key progressions of its own.
#pragma once

#include <string_view>

#include "compose/chord.h"
#include "core/result.h"
#include "model/theory.h"

namespace omg::compose {

// Parses `numeral` in `key`; if the key's mode differs from `written_mode` and the chord is
// diatonic to `written_mode`, rebuilds it from the key's mode on the same scale degree.
Result<Chord> chord_in_mode(std::string_view numeral, const model::Key& key, model::Mode written_mode);

}  // namespace omg::compose
