// The voice the voice tests sing with: opened once per test binary (Festival and the HTS voice
// take time to load), and REQUIRE_VOICE(), which skips a test where Festival or the slt HTS
// voice is not installed and fails it, with the reason, where the voice does not open.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>

#include "voice/voice.h"

namespace omg::testing {

inline voice::Voice* the_voice() {
    static Result<voice::Voice> v = voice::Voice::open(voice::Config{});
    return v ? &*v : nullptr;
}

}  // namespace omg::testing

#define REQUIRE_VOICE()                                                                               \
    if (!std::filesystem::exists(::omg::voice::kSltVoice) || !std::filesystem::exists("/usr/bin/festival")) \
        GTEST_SKIP() << "festival or the slt HTS voice is not installed";                             \
    ASSERT_NE(::omg::testing::the_voice(), nullptr) << ::omg::voice::Voice::open(::omg::voice::Config{}).error().message
