// Pattern grids from style files (docs/style-format.md, "Pitched grids" and "Drum grids").
//
// A grid is bars of equal step counts; each step holds one token. Parsing never throws; bad
// grids are reported as errors naming the offending token.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace omg::compose {

struct Step {
    char symbol = '.';  // '.' hold, '_' rest, degrees '1' '3' '5' '7' '9' '8', 'L' 'A' 'W', 'C' 'c' 'g';
                        // drums: 'X' 'x' 'g' 'r' 'f'
    int accent = 0;     // +1 '!', -1 '?'
    bool onset() const { return symbol != '.' && symbol != '-' && symbol != '_'; }
};

struct Grid {
    int steps_per_bar = 0;
    std::vector<std::vector<Step>> bars;
    int bar_count() const { return static_cast<int>(bars.size()); }
    const Step& at(int bar, int step) const {
        return bars[static_cast<size_t>(bar % bar_count())][static_cast<size_t>(step)];
    }
};

struct DrumRow {
    int key = 36;
    Grid grid;
};

Result<Grid> parse_grid(std::string_view text);
// "36 X . . . x . . ." -> key + grid.
Result<DrumRow> parse_drum_row(std::string_view text);

}  // namespace omg::compose
