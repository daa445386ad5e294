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

TEST(Form, FitsEveryLengthExactlyAndKeepsTheLastSection) {
    auto form = parse_form("intro:4 [verse:8 pre:4 chorus:8] bridge:8 chorus:8 outro:4");
    ASSERT_TRUE(form);
    for (int bars = 1; bars <= 300; ++bars) {
        const auto items = fit_form(*form, bars);
        ASSERT_EQ(total(items), bars) << bars;
        // Long enough tracks end with the outro; short ones close on a body section.
        if (bars >= 24) {
            EXPECT_EQ(items.back().kind, "outro") << bars;
        } else {
            EXPECT_TRUE(items.back().kind == "outro" || items.back().kind == "chorus") << bars << items.back().kind;
        }
        for (const auto& it : items) EXPECT_GT(it.bars, 0);
    }
}

TEST(Form, LongTracksRepeatTheBody) {
    auto form = parse_form("intro:4 [verse:8 chorus:8] outro:4");
    const auto items = fit_form(*form, 4 + 16 * 4 + 4);
    int choruses = 0;
    for (const auto& it : items) choruses += it.kind == "chorus";
    EXPECT_EQ(choruses, 4);
}

}  // namespace
}  // namespace omg::compose
