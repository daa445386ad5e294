#include "compose/plan.h"

#include <gtest/gtest.h>

#include <numeric>

namespace omg::compose {
namespace {

int total(const std::vector<FormItem>& items) {
    return std::accumulate(items.begin(), items.end(), 0, [](int n, const FormItem& f) { return n + f.bars; });
}

TEST(Form, ParsesPrefixBodySuffix) {
    auto form = parse_form("intro:4 [verse:8 chorus:8] bridge:8 outro:4");
    ASSERT_TRUE(form);
    EXPECT_EQ(form->prefix.size(), 1u);
    EXPECT_EQ(form->body.size(), 2u);
    EXPECT_EQ(form->suffix.size(), 2u);
    EXPECT_FALSE(parse_form("intro:4 [verse:8"));
    EXPECT_FALSE(parse_form("intro"));
    EXPECT_FALSE(parse_form("intro:x"));
}

TEST(Form, FitsEveryLengthInWholePhrasesAndKeepsTheLastSection) {
    auto form = parse_form("intro:4 [verse:8 pre:4 chorus:8] bridge:8 chorus:8 outro:4");
    ASSERT_TRUE(form);
    for (int bars = 1; bars <= 300; ++bars) {
        const auto items = fit_form(*form, bars);
        // Exact where whole phrases allow; otherwise up to two bars short (the final chord rings).
        ASSERT_LE(total(items), bars) << bars;
        ASSERT_GE(total(items), std::max(1, bars - 2)) << bars;
        // Long enough tracks end with the outro; short ones close on a body section.
        if (bars >= 24) {
            EXPECT_EQ(items.back().kind, "outro") << bars;
        } else {
            EXPECT_TRUE(items.back().kind == "outro" || items.back().kind == "chorus") << bars << items.back().kind;
        }
        for (size_t i = 0; i + 1 < items.size(); ++i)
            EXPECT_TRUE(items[i].bars % 4 == 0 || (i == 0 && items[i].bars == 2)) << bars << " " << items[i].kind;
        if (bars >= 4) {
            EXPECT_LE(items.back().bars % 4, 1) << bars;
        }
    }
}

TEST(Form, ATwelveBarBluesIsNeverCut) {
    auto form = parse_form("intro:4 [chorus:12 solo:12] chorus:12");
    ASSERT_TRUE(form);
    // Every chorus whole; the last may ring on after its twelve bars (the ending bar, a tag).
    for (int bars = 13; bars <= 120; ++bars) {
        const auto items = fit_form(*form, bars);
        for (size_t i = 0; i < items.size(); ++i) {
            if (items[i].kind == "intro") continue;
            if (i + 1 < items.size()) {
                EXPECT_EQ(items[i].bars % 12, 0) << bars << " " << items[i].kind << ":" << items[i].bars;
            } else {
                EXPECT_GE(items[i].bars, 12) << bars;
            }
        }
    }
}

TEST(Form, AShortTrackHearsItsMainSectionTwice) {
    auto form = parse_form("intro:4 [verse:8 chorus:8] bridge:8 chorus:8 outro:4");
    ASSERT_TRUE(form);
    EXPECT_EQ(main_kind(*form), "chorus");
    EXPECT_EQ(main_kind(*parse_form("intro:4 [a:16 b:16] trio:16 grand:16")), "a");
    for (int bars = 16; bars <= 40; ++bars) {
        int choruses = 0;
        for (const auto& it : fit_form(*form, bars, {2, {}})) choruses += it.kind == "chorus";
        EXPECT_GE(choruses, 2) << bars;
    }
}

TEST(Form, LongTracksRepeatTheBody) {
    auto form = parse_form("intro:4 [verse:8 chorus:8] outro:4");
    const auto items = fit_form(*form, 4 + 16 * 4 + 4);
    int choruses = 0;
    for (const auto& it : items) choruses += it.kind == "chorus";
    EXPECT_EQ(choruses, 4);
}


// A style that peaks ends on its peak at every length: never a verse after the last chorus.
TEST(Form, AStyleThatPeaksClosesOnItsPeakAtEveryLength) {
    auto form = parse_form("intro:4 [verse:8 chorus:8] instrumental:8 verse:8 chorus:8 outro:4");
    ASSERT_TRUE(form);
    for (int bars = 12; bars <= 120; ++bars) {
        const auto items = fit_form(*form, bars, {2, {"chorus"}});
        std::string text;
        for (const auto& it : items) text += it.kind + ":" + std::to_string(it.bars) + " ";
        ASSERT_GE(items.size(), 2u) << text;
        const bool closes = items.back().kind == "outro";  // a very short track drops its outro
        EXPECT_EQ(items[items.size() - (closes ? 2 : 1)].kind, "chorus") << bars << ": " << text;
    }
    // No peak named: the form closes on whatever fitting left, at some lengths a verse.
    int verse_endings = 0;
    for (int bars = 12; bars <= 120; ++bars) {
        const auto plain = fit_form(*form, bars);
        verse_endings += plain.size() >= 2 && plain[plain.size() - 2].kind == "verse";
    }
    EXPECT_GT(verse_endings, 0);
}

}  // namespace
}  // namespace omg::compose
