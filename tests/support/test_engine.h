// The real engine over the repository's styles and the test SoundFonts (both qualities), for tests that compose
// or render: `test_engine()` is one shared instance (render threads: one per core), and
// `open_test_engine(n)` a fresh one with n render threads. A failure to open aborts the test
// binary with the reason: nothing else in it could run.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "engine/engine.h"

namespace omg::testing {

inline engine::Engine open_test_engine(int render_threads = 0) {
    engine::Config c;
    c.styles_dir = std::filesystem::path(OMG_SOURCE_DIR) / "styles";
    c.soundfont = OMG_TEST_SOUNDFONT;
    c.best_soundfont = OMG_TEST_BEST_SOUNDFONT;  // installed by scripts/setup-deps.sh
    c.lyrics_dir = std::filesystem::path(OMG_SOURCE_DIR) / "resources" / "lyrics";
    c.render_threads = render_threads;
    auto opened = engine::Engine::open(c);
    if (!opened) {
        ADD_FAILURE() << opened.error().message;
        std::abort();
    }
    return std::move(*opened);
}

inline const engine::Engine& test_engine() {
    static const engine::Engine e = open_test_engine();
    return e;
}

}  // namespace omg::testing
