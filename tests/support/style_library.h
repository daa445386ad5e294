// The repository's style library, loaded once per test process, its styles' ids (the parameters
// of the every-style tests, EveryStyleTest), and the plain Brief a style's own defaults give (its default tempo,
// first tonic, mode and metre, its energy): what the composition tests compose every style with;
// a Brief's bar in seconds, and the Brief of a cue (its bars and 3 s of decay). A library that
// fails to load is a test failure.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/brief.h"
#include "model/cue.h"
#include "model/style.h"
#include "style/loader.h"

namespace omg::testing {

inline const model::StyleLibrary& style_library() {
    static const model::StyleLibrary lib = [] {
        auto loaded = style::load_library(std::filesystem::path(OMG_SOURCE_DIR) / "styles");
        if (!loaded) ADD_FAILURE() << loaded.error().message;
        return loaded ? *loaded : model::StyleLibrary{};
    }();
    return lib;
}

inline std::vector<std::string> style_ids() {
    std::vector<std::string> ids;
    for (const auto& s : style_library().styles) ids.push_back(s.id);
    return ids;
}

// The every-style tests' fixture: its parameter is a style's id (style_ids()).
class EveryStyleTest : public ::testing::TestWithParam<std::string> {
protected:
    const model::Style& style() const { return *style_library().find(GetParam()); }
};

inline model::Brief style_brief(const model::Style& s, double duration, bool duration_given) {
    model::Brief b;
    b.prompt = s.name;
    b.style = s.id;
    b.tempo_bpm = s.tempo_default;
    b.key = {s.tonics.empty() ? 0 : s.tonics.front(), s.mode};
    b.time_signature = s.meters.front();
    b.duration_s = duration;
    b.duration_given = duration_given;
    b.energy = s.energy;
    return b;
}

inline double bar_seconds(const model::Brief& b) {
    return b.time_signature.bar_quarters() * 60.0 / (b.tempo_bpm * b.time_signature.beat_quarters());
}

// A cue's ending in bars: a fade's kFadeEndingBars, the others' one.
inline int cue_ending_bars(const model::CueShape& cue) {
    return cue.ending == model::CueEnding::fade ? model::kFadeEndingBars : 1;
}

inline model::Brief cue_brief(const model::Style& style, const model::CueShape& cue) {
    model::Brief b = style_brief(style, 1, true);
    b.duration_s = (cue.intro_bars + 2 * cue.vamp_bars + cue_ending_bars(cue)) * bar_seconds(b) + 3.0;
    return b;
}

}  // namespace omg::testing
