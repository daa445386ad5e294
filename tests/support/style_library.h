// The repository's style library, loaded once per test process, and the plain Brief a style's
// own defaults give (its default tempo, first tonic, mode and metre, its energy): what the
// composition tests compose every style with. A library that fails to load is a test failure.
#pragma once

#include <filesystem>

#include <gtest/gtest.h>

#include "model/brief.h"
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

}  // namespace omg::testing
