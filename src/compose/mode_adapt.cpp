#include "compose/mode_adapt.h"

#include <algorithm>

namespace omg::compose {
namespace {

int pc_of(int v) { return ((v % 12) + 12) % 12; }

int degree_of(int pc, int tonic, const std::array<int, 7>& scale) {
    const int rel = pc_of(pc - tonic);
    for (int d = 0; d < 7; ++d)
        if (scale[static_cast<size_t>(d)] == rel) return d;
    return -1;
}

}  // namespace

Result<Chord> chord_in_mode(std::string_view numeral, const model::Key& key, model::Mode written_mode) {
    if (key.mode == written_mode || model::mode_is_minor(key.mode) == model::mode_is_minor(written_mode)) {
        // Same family: minor-family and major-family modes share numerals well enough.
        return parse_roman(numeral, key);
    }
    auto written = parse_roman(numeral, model::Key{key.tonic, written_mode});
    if (!written || written->none) return written;
    const auto& from = model::mode_intervals(written_mode);
    const auto& to = model::mode_intervals(key.mode);
    const int d = degree_of(written->root, key.tonic, from);
    if (d < 0) return written;  // chromatic chords stay as written
    for (int pc : written->pitch_classes())
        if (degree_of(pc, key.tonic, from) < 0) return written;  // not diatonic: keep
    // A dominant (major triad on degree 5) keeps its major third in minor keys.
    const bool dominant = d == 4 && !written->minor_third();
    Chord out = *written;
    out.root = pc_of(key.tonic + to[static_cast<size_t>(d)]);
    out.intervals.clear();
    for (int pc : written->pitch_classes()) {
        const int pd = degree_of(pc, key.tonic, from);
        int npc = pc_of(key.tonic + to[static_cast<size_t>(pd)]);
        if (dominant && pc_of(pc - written->root) == 4) npc = pc_of(out.root + 4);
        out.intervals.push_back(pc_of(npc - out.root));
    }
    // Keep extensions above the octave where they were (9ths).
    for (size_t i = 0; i < written->intervals.size() && i < out.intervals.size(); ++i)
        if (written->intervals[i] >= 12) out.intervals[i] += 12;
    std::sort(out.intervals.begin(), out.intervals.end());
    out.intervals.erase(std::unique(out.intervals.begin(), out.intervals.end()), out.intervals.end());
    const int bd = degree_of(written->bass, key.tonic, from);
    out.bass = bd >= 0 ? pc_of(key.tonic + to[static_cast<size_t>(bd)]) : out.root;
    out.symbol = model::pitch_class_name(out.root, key.mode) + (out.minor_third() ? "m" : "");
    if (std::find(out.intervals.begin(), out.intervals.end(), 10) != out.intervals.end() ||
        std::find(out.intervals.begin(), out.intervals.end(), 11) != out.intervals.end())
        out.symbol += std::find(out.intervals.begin(), out.intervals.end(), 11) != out.intervals.end() ? "maj7" : "7";
    if (out.bass != out.root) out.symbol += "/" + model::pitch_class_name(out.bass, key.mode);
    return out;
}

}  // namespace omg::compose
