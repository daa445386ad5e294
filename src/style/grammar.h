// The small languages inside a style file: pattern grids, melody rhythm cells, Roman-numeral
// chord symbols, progressions and forms (docs/style-format.md).
//
// Checkers only: each returns the shape it found, or one sentence describing the first problem
// (without file or key, which the caller adds). Pure functions; thread-safe. Internal to the
// style stage; the composer interprets the same text with its own reader.
#pragma once

#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

namespace omg::style {

template <typename T>
using Checked = tl::expected<T, std::string>;

enum class GridKind {
    pitched,  // . - _ 1 3 5 7 9 8 L A W C c g, optionally ending in ! or ?
    drums,    // X x g r f .
    rhythm,   // melody rhythm cell: x . _
};

struct GridShape {
    int bars = 0;
    int steps = 0;  // per bar, the same in every bar
    bool operator==(const GridShape&) const = default;
};

inline constexpr int kMaxStepsPerBar = 48;

// '|' separates bars (leading and trailing '|' are ignored); tokens are separated by spaces.
Checked<GridShape> check_grid(std::string_view grid, GridKind kind);

struct DrumRow {
    int key = 0;  // GM drum key, 27..87
    GridShape shape;
};
// One drum row: "KEY grid", e.g. "36 X . . . x . . .".
Checked<DrumRow> check_drum_row(std::string_view row);

// One Roman-numeral chord symbol: "I", "bVII", "V7/V", "#iv°7", "I/^3", "iiø7", "N.C." ...
Checked<void> check_chord(std::string_view symbol);

// True for a valid chord on the tonic itself: I or i with any quality or suffix, no
// secondary target ("I", "i", "Iadd9", "I6", "I/^3"; not "bI", "V7/I" or "N.C.").
bool is_tonic_chord(std::string_view symbol);

// "| I | IV V | vi | ii7 V7 |": returns the number of bars.
Checked<int> check_progression(std::string_view progression);

struct FormEntry {
    std::string kind;  // section kind, "verse"
    int bars = 0;
    bool body = false;  // inside the repeating [ ... ] group
    bool operator==(const FormEntry&) const = default;
};
// "intro:4 [verse:8 chorus:8] outro:4": at most one bracketed, non-empty group.
Checked<std::vector<FormEntry>> parse_form(std::string_view form);

// True for a non-empty name of lower-case letters, digits and '_'.
bool is_identifier(std::string_view name);

}  // namespace omg::style
