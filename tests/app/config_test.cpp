// The flags' comma-separated lists (--cors-origins, --providers): trimmed, empties dropped.
#include <gtest/gtest.h>

#include "app/config.h"

namespace omg::app {
namespace {

TEST(SplitList, TrimsItemsAndDropsEmptyOnes) {
    EXPECT_EQ(split_list("builtin, ace-step ,,\tsong "), (std::vector<std::string>{"builtin", "ace-step", "song"}));
    EXPECT_TRUE(split_list("").empty());
    EXPECT_TRUE(split_list(" , ,").empty());
    EXPECT_EQ(split_list("http://a:1"), (std::vector<std::string>{"http://a:1"}));
}

}  // namespace
}  // namespace omg::app
