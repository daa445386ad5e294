#include "compose/grid.h"

namespace omg::compose {

Result<Grid> parse_grid(std::string_view text) {
    Grid grid;
    std::vector<Step> bar;
    auto close_bar = [&]() -> Status {
        if (bar.empty()) return {};
        if (grid.steps_per_bar == 0) grid.steps_per_bar = static_cast<int>(bar.size());
        if (static_cast<int>(bar.size()) != grid.steps_per_bar)
            return fail(Errc::invalid_argument, "grid '" + std::string(text) + "' has bars of different lengths");
        grid.bars.push_back(bar);
        bar.clear();
        return {};
    };
    size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == ' ' || c == '\t') {
            ++i;
            continue;
        }
        if (c == '|') {
            if (auto s = close_bar(); !s) return tl::unexpected(s.error());
            ++i;
            continue;
        }
        Step step;
        step.symbol = c;
        ++i;
        if (i < text.size() && (text[i] == '!' || text[i] == '?')) {
            step.accent = text[i] == '!' ? 1 : -1;
            ++i;
        }
        if (i < text.size() && text[i] != ' ' && text[i] != '|' && text[i] != '\t')
            return fail(Errc::invalid_argument, "grid '" + std::string(text) + "' has an unknown token near '" +
                                                    std::string(1, c) + "'");
        bar.push_back(step);
    }
    if (auto s = close_bar(); !s) return tl::unexpected(s.error());
    if (grid.bars.empty()) return fail(Errc::invalid_argument, "grid is empty");
    return grid;
}

Result<DrumRow> parse_drum_row(std::string_view text) {
    size_t i = 0;
    while (i < text.size() && text[i] == ' ') ++i;
    int key = 0;
    size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 3) {
        key = key * 10 + (text[i] - '0');
        ++i;
        ++digits;
    }
    if (digits == 0 || key > 127)
        return fail(Errc::invalid_argument, "drum row '" + std::string(text) + "' does not start with a key");
    auto grid = parse_grid(text.substr(i));
    if (!grid) return tl::unexpected(grid.error());
    return DrumRow{key, std::move(*grid)};
}

}  // namespace omg::compose
