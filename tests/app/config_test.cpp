// The flags' comma-separated lists (--cors-origins, --providers): trimmed, empties dropped; the
// render threads of several jobs at once share the cores.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "app/config.h"

namespace omg::app {
namespace {

TEST(SplitList, TrimsItemsAndDropsEmptyOnes) {
    EXPECT_EQ(split_list("builtin, ace-step ,,\tsong "), (std::vector<std::string>{"builtin", "ace-step", "song"}));
    EXPECT_TRUE(split_list("").empty());
    EXPECT_TRUE(split_list(" , ,").empty());
    EXPECT_EQ(split_list("http://a:1"), (std::vector<std::string>{"http://a:1"}));
}

TEST(ResolveConfig, JobsAtOnceShareTheCores) {
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    EXPECT_EQ(resolve_config(DataPaths{}, 1).render_threads, cores);
    EXPECT_EQ(resolve_config(DataPaths{}, 0).render_threads, cores);  // read as 1
    EXPECT_EQ(resolve_config(DataPaths{}, cores).render_threads, 1);
    EXPECT_EQ(resolve_config(DataPaths{}, 4 * cores).render_threads, 1);
    EXPECT_EQ(resolve_config(DataPaths{}, 2).render_threads, std::max(1, cores / 2));
}

}  // namespace
}  // namespace omg::app
