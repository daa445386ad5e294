#include "compose/voicing.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace omg::compose {
namespace {

TEST(Voicing, CloseVoicingStaysInRangeAndHoldsChordTones) {
    auto c = parse_roman("I", {0, model::Mode::major});
    auto v = voice_chord(*c, {"close", 3, 55, 72}, {});
    ASSERT_EQ(v.size(), 3u);
    for (int k : v) {
        EXPECT_GE(k, 55);
        EXPECT_LE(k, 72);
        EXPECT_TRUE(c->contains_pc(k));
    }
}

TEST(Voicing, VoiceLeadingMovesLittle) {
    const model::Key key{0, model::Mode::major};
    auto c = parse_roman("I", key), f = parse_roman("IV", key);
    auto first = voice_chord(*c, {"close", 3, 55, 76}, {});
    auto second = voice_chord(*f, {"close", 3, 55, 76}, first);
    int motion = 0;
    for (size_t i = 0; i < 3; ++i) motion += std::abs(second[i] - first[i]);
    EXPECT_LE(motion, 5);  // C-E-G -> C-F-A: 3 semitones in all
}

TEST(Voicing, PowerChordsHaveNoThird) {
    auto c = parse_roman("i", {4, model::Mode::minor});
    auto v = voice_chord(*c, {"power", 3, 40, 64}, {});
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(v[1] - v[0], 7);
    EXPECT_EQ(v[2] - v[0], 12);
}

TEST(Voicing, NearestKeyFolds) {
    EXPECT_EQ(nearest_key(0, 62, 48, 72), 60);
    EXPECT_EQ(nearest_key(7, 40, 48, 72), 55);
}

}  // namespace
}  // namespace omg::compose
