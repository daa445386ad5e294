#include "compose/grid.h"

#include <gtest/gtest.h>

namespace omg::compose {
namespace {

TEST(Grid, ParsesBarsAndAccents) {
    auto g = parse_grid("1 . 5! . | 1 _ 3? A");
    ASSERT_TRUE(g) << g.error().message;
    EXPECT_EQ(g->bar_count(), 2);
    EXPECT_EQ(g->steps_per_bar, 4);
    EXPECT_EQ(g->at(0, 2).symbol, '5');
    EXPECT_EQ(g->at(0, 2).accent, 1);
    EXPECT_EQ(g->at(1, 2).accent, -1);
    EXPECT_FALSE(g->at(1, 1).onset());
    EXPECT_EQ(g->at(3, 3).symbol, 'A');  // loops
}

TEST(Grid, RejectsUnevenBarsAndJunk) {
    EXPECT_FALSE(parse_grid("1 . . | 1 ."));
    EXPECT_FALSE(parse_grid("1x . ."));
    EXPECT_FALSE(parse_grid(""));
}

TEST(Grid, DrumRows) {
    auto row = parse_drum_row("36 X . . . x . . .");
    ASSERT_TRUE(row);
    EXPECT_EQ(row->key, 36);
    EXPECT_EQ(row->grid.steps_per_bar, 8);
    EXPECT_FALSE(parse_drum_row("kick X . ."));
}

}  // namespace
}  // namespace omg::compose
