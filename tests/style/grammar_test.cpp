#include "style/grammar.h"

#include <gtest/gtest.h>

namespace omg::style {
namespace {

TEST(Grid, CountsBarsAndSteps) {
    EXPECT_EQ(check_grid("1 . . . 5 . . .", GridKind::pitched), (GridShape{1, 8}));
    EXPECT_EQ(check_grid("| 1 . L . | 1 . L . |", GridKind::pitched), (GridShape{2, 4}));
    EXPECT_EQ(check_grid("C! . c? _ W A 8 9", GridKind::pitched), (GridShape{1, 8}));
    EXPECT_EQ(check_grid("X . x g r f", GridKind::drums), (GridShape{1, 6}));
    EXPECT_EQ(check_grid("x . _ x", GridKind::rhythm), (GridShape{1, 4}));
}

TEST(Grid, RejectsBadGrids) {
    EXPECT_FALSE(check_grid("", GridKind::pitched));
    EXPECT_FALSE(check_grid("| |", GridKind::pitched));
    EXPECT_FALSE(check_grid("1 . | | 1 .", GridKind::pitched));
    EXPECT_FALSE(check_grid("1 . . | 1 .", GridKind::pitched));  // uneven bars
    EXPECT_FALSE(check_grid("1 2 . .", GridKind::pitched));      // 2 is not a token
    EXPECT_FALSE(check_grid(".! . . .", GridKind::pitched));     // no accent on a rest
    EXPECT_FALSE(check_grid("X . C .", GridKind::drums));
    EXPECT_FALSE(check_grid("x . g .", GridKind::rhythm));
    std::string long_bar;
    for (int i = 0; i < 49; ++i) long_bar += ". ";
    auto too_long = check_grid(long_bar, GridKind::drums);
    ASSERT_FALSE(too_long);
    EXPECT_NE(too_long.error().find("48"), std::string::npos);
    auto uneven = check_grid("1 . . | 1 .", GridKind::pitched);
    EXPECT_NE(uneven.error().find("bar 2"), std::string::npos);
}

TEST(Grid, DrumRows) {
    auto row = check_drum_row("36 X . . . x . . .");
    ASSERT_TRUE(row);
    EXPECT_EQ(row->key, 36);
    EXPECT_EQ(row->shape, (GridShape{1, 8}));
    EXPECT_TRUE(check_drum_row("38 |. . x . | . . x .|"));
    EXPECT_FALSE(check_drum_row("26 X . . ."));
    EXPECT_FALSE(check_drum_row("88 X . . ."));
    EXPECT_FALSE(check_drum_row("kick X . . ."));
    EXPECT_FALSE(check_drum_row("36"));
}

TEST(Chords, AcceptsTheDocumentedNotation) {
    for (const char* chord :
         {"I",    "iv",     "bVII",   "#iv°7",   "#ivo7",   "viiø7",  "iih7",  "III+",
          "V7",   "Imaj7",  "i6",     "IV9",     "Iadd9",   "Vsus2",  "Vsus4", "V7b9",
          "I7#9", "iim7b5", "V7/V",   "V7/ii",   "vii°7/V", "V7/bVI", "I/^3",  "IV/^1",
          "V/^7", "bVI/^1", "iv/^b6", "V7/V/^3", "N.C."}) {
        EXPECT_TRUE(check_chord(chord)) << chord;
    }
}

TEST(Chords, RejectsWhatTheComposerCannotRead) {
    for (const char* chord : {"", "C", "Am", "IIII", "Iv", "V13", "I6/9", "V7sus4", "Imaj9", "I/3",
                              "I/^8", "V/x", "bb", "NC"}) {
        EXPECT_FALSE(check_chord(chord)) << chord;
    }
}

TEST(Chords, KnowsTheTonic) {
    for (const char* chord : {"I", "i", "I7", "Iadd9", "i6", "I9", "I/^3", "i/^5"})
        EXPECT_TRUE(is_tonic_chord(chord)) << chord;
    for (const char* chord : {"II", "IV", "iii", "iv", "bI", "V7/I", "I7/IV", "N.C.", "Ix"})
        EXPECT_FALSE(is_tonic_chord(chord)) << chord;
}

TEST(Progressions, CountBarsAndCheckChords) {
    EXPECT_EQ(check_progression("| I | IV V | vi | ii7 V7 |"), 4);
    EXPECT_EQ(check_progression("I IV V I"), 1);
    EXPECT_FALSE(check_progression("| I | | V |"));
    EXPECT_FALSE(check_progression("||"));
    auto bad = check_progression("| I | V13 |");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().find("bar 2"), std::string::npos);
    EXPECT_NE(bad.error().find("V13"), std::string::npos);
}

TEST(Forms, ParseKindsBarsAndTheBody) {
    auto form = parse_form("intro:4 [verse:8 chorus:8] outro:2");
    ASSERT_TRUE(form);
    ASSERT_EQ(form->size(), 4u);
    EXPECT_EQ((*form)[0], (FormEntry{"intro", 4, false}));
    EXPECT_EQ((*form)[1], (FormEntry{"verse", 8, true}));
    EXPECT_EQ((*form)[2], (FormEntry{"chorus", 8, true}));
    EXPECT_EQ((*form)[3], (FormEntry{"outro", 2, false}));
    EXPECT_TRUE(parse_form("[ a:16 b:16 ]"));
    EXPECT_TRUE(parse_form("[a:16]"));
    EXPECT_TRUE(parse_form("a:16 b:8"));
}

TEST(Forms, RejectBrokenForms) {
    EXPECT_FALSE(parse_form(""));
    EXPECT_FALSE(parse_form("intro"));
    EXPECT_FALSE(parse_form("intro:0"));
    EXPECT_FALSE(parse_form("intro:x"));
    EXPECT_FALSE(parse_form("Intro:4"));
    EXPECT_FALSE(parse_form("[a:4 b:4"));
    EXPECT_FALSE(parse_form("a:4] b:4"));
    EXPECT_FALSE(parse_form("[a:4] [b:4]"));
    EXPECT_FALSE(parse_form("[a:4 [b:4]]"));
    EXPECT_FALSE(parse_form("a:4 [ ] b:4"));
}

}  // namespace
}  // namespace omg::style
