#include "model/theory.h"

#include <gtest/gtest.h>

namespace omg::model {
namespace {

TEST(Theory, ParsesKeys) {
    EXPECT_EQ(parse_key("D minor"), (Key{2, Mode::minor}));
    EXPECT_EQ(parse_key("E flat major"), (Key{3, Mode::major}));
    EXPECT_EQ(parse_key("Eb"), (Key{3, Mode::major}));
    EXPECT_EQ(parse_key("F# dorian"), (Key{6, Mode::dorian}));
    EXPECT_EQ(parse_key("Am"), (Key{9, Mode::minor}));
    EXPECT_EQ(parse_key("bb minor"), (Key{10, Mode::minor}));
    EXPECT_FALSE(parse_key("H major"));
    EXPECT_FALSE(parse_key("D weird"));
    EXPECT_FALSE(parse_key(""));
}

TEST(Theory, NamesKeysTheWayMusiciansSpellThem) {
    EXPECT_EQ(pitch_class_name(3, Mode::major), "Eb");
    EXPECT_EQ(pitch_class_name(6, Mode::minor), "F#");
    EXPECT_EQ(pitch_class_name(1, Mode::minor), "C#");
    EXPECT_EQ(pitch_class_name(10, Mode::major), "Bb");
    EXPECT_EQ(key_name(Key{2, Mode::minor}), "D minor");
}

TEST(Theory, TimeSignatures) {
    auto ts = parse_time_signature("6/8");
    ASSERT_TRUE(ts);
    EXPECT_TRUE(ts->compound());
    EXPECT_EQ(ts->beats_per_bar(), 2);
    EXPECT_DOUBLE_EQ(ts->beat_quarters(), 1.5);
    EXPECT_DOUBLE_EQ(parse_time_signature("3/4")->bar_quarters(), 3.0);
    EXPECT_FALSE(parse_time_signature("3/5"));
    EXPECT_FALSE(parse_time_signature("0/4"));
    EXPECT_FALSE(parse_time_signature("x/4"));
    EXPECT_FALSE(parse_time_signature("4"));
}

TEST(Theory, ScaleMembership) {
    EXPECT_TRUE(in_scale(62, 2, Mode::minor));   // D in D minor
    EXPECT_TRUE(in_scale(65, 2, Mode::minor));   // F
    EXPECT_FALSE(in_scale(66, 2, Mode::minor));  // F#
    EXPECT_TRUE(in_scale(71, 2, Mode::dorian));  // B natural in D dorian
}

}  // namespace
}  // namespace omg::model
