#include "compose/chord.h"

#include <gtest/gtest.h>

namespace omg::compose {
namespace {

using model::Key;
using model::Mode;

struct Case {
    const char* numeral;
    Key key;
    const char* symbol;
};

class RomanTable : public ::testing::TestWithParam<Case> {};

TEST_P(RomanTable, ParsesToTheExpectedChord) {
    const auto& c = GetParam();
    auto chord = parse_roman(c.numeral, c.key);
    ASSERT_TRUE(chord) << chord.error().message;
    EXPECT_EQ(chord->symbol, c.symbol) << c.numeral;
}

INSTANTIATE_TEST_SUITE_P(
    Numerals, RomanTable,
    ::testing::Values(Case{"I", {0, Mode::major}, "C"}, Case{"V7", {0, Mode::major}, "G7"},
                      Case{"vi", {0, Mode::major}, "Am"}, Case{"ii7", {0, Mode::major}, "Dm7"},
                      Case{"Imaj7", {0, Mode::major}, "Cmaj7"}, Case{"bVII", {0, Mode::major}, "Bb"},
                      Case{"bVI", {9, Mode::minor}, "F"}, Case{"i", {9, Mode::minor}, "Am"},
                      Case{"V7", {9, Mode::minor}, "E7"}, Case{"V7/V", {0, Mode::major}, "D7"},
                      Case{"V7/ii", {0, Mode::major}, "A7"}, Case{"#iv°7", {0, Mode::major}, "F#dim7"},
                      Case{"iiø7", {0, Mode::major}, "Dm7b5"}, Case{"I/^3", {0, Mode::major}, "C/E"},
                      Case{"I/^5", {7, Mode::major}, "G/D"}, Case{"IV/^1", {0, Mode::major}, "F/C"},
                      Case{"Vsus4", {0, Mode::major}, "Gsus4"}, Case{"Iadd9", {2, Mode::major}, "Dadd9"},
                      Case{"V7b9", {0, Mode::major}, "G7b9"}, Case{"i6", {2, Mode::minor}, "Dm6"},
                      Case{"III7", {0, Mode::major}, "E7"}, Case{"iv/^b6", {0, Mode::major}, "Fm/Ab"}, Case{"bII", {4, Mode::phrygian}, "F"}));

TEST(Roman, RejectsGarbage) {
    EXPECT_FALSE(parse_roman("X7", {0, Mode::major}));
    EXPECT_FALSE(parse_roman("Vzz", {0, Mode::major}));
    EXPECT_FALSE(parse_roman("", {0, Mode::major}));
}

TEST(Roman, NoChord) {
    auto nc = parse_roman("N.C.", {0, Mode::major});
    ASSERT_TRUE(nc);
    EXPECT_TRUE(nc->none);
}

TEST(Roman, DegreeTokens) {
    auto g7 = parse_roman("V7", {0, Mode::major});
    ASSERT_TRUE(g7);
    EXPECT_EQ(g7->degree_pc(1), 7);
    EXPECT_EQ(g7->degree_pc(3), 11);
    EXPECT_EQ(g7->degree_pc(5), 2);
    EXPECT_EQ(g7->degree_pc(7), 5);
    auto c = parse_roman("I", {0, Mode::major});
    EXPECT_EQ(c->degree_pc(7), 10);  // flat 7th over a triad
}

TEST(Progression, SplitsBarsAndChords) {
    auto bars = split_progression("| I | IV V | vi |");
    ASSERT_TRUE(bars);
    ASSERT_EQ(bars->size(), 3u);
    EXPECT_EQ((*bars)[1].size(), 2u);
    EXPECT_EQ((*bars)[1][1], "V");
    EXPECT_FALSE(split_progression("| | |"));
}

}  // namespace
}  // namespace omg::compose
