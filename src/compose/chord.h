// Chords: Roman numerals (as written in style files) -> concrete chords in a key.
//
// Numerals are relative to the major scale on the tonic, in minor keys too (docs/style-format.md).
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/theory.h"

namespace omg::compose {

struct Chord {
    int root = 0;                // pitch class
    int bass = 0;                // pitch class of the bass note (root unless a slash chord)
    std::vector<int> intervals;  // semitones above the root, ascending, starting with 0
    std::string roman;           // as written: "V7/V"
    std::string symbol;          // "D7", "C/E"
    bool none = false;           // N.C.
    bool operator==(const Chord&) const = default;

    // Pitch classes of the chord tones, root first.
    std::vector<int> pitch_classes() const;
    bool contains_pc(int pc) const;
    // The chord tone for a degree token: 1, 3, 5, 7, 9 (7 falls back to a flat 7th over a triad,
    // 9 to the major 9th).
    int degree_pc(int degree) const;
    bool minor_third() const;
};

// Parses one numeral ("bVII", "#iv°7", "V7/V", "I/^3", "Imaj7", "iiø7", "N.C.") in `key`.
Result<Chord> parse_roman(std::string_view numeral, const model::Key& key);

// A bar of chords: "| I | IV V |" -> {{I}, {IV, V}}.
Result<std::vector<std::vector<std::string>>> split_progression(std::string_view text);

}  // namespace omg::compose
