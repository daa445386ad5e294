// What the lyrics tests share: one pronouncer and one vocabulary per test binary (opening them
// twice costs time, and espeak-ng is one session per process), and the lyric form the real engine
// composes for a prompt. A failure to open aborts the binary with the reason: nothing could run.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "lyrics/lyrics.h"
#include "support/test_engine.h"

namespace omg::lyrics::testing {

inline Pronouncer& pron() {
    static auto opened = Pronouncer::open();
    if (!opened) {
        ADD_FAILURE() << opened.error().message;
        std::abort();
    }
    return **opened;
}

inline const Vocabulary& vocab() {
    static const Vocabulary v = [] {
        auto loaded = load_vocabulary(std::filesystem::path(OMG_SOURCE_DIR) / "resources/lyrics");
        if (!loaded) {
            ADD_FAILURE() << loaded.error().message;
            std::abort();
        }
        return std::move(*loaded);
    }();
    return v;
}

// The sung form of the song the engine composes for `prompt` at this length and seed.
inline LyricForm form_for(const std::string& prompt, double duration, uint64_t seed) {
    engine::Request r;
    r.prompt = prompt;
    r.duration_s = duration;
    r.seed = seed;
    auto a = omg::testing::test_engine().compose(r);
    EXPECT_TRUE(a.has_value());
    return plan_form(a->brief, a->score);
}

}  // namespace omg::lyrics::testing
