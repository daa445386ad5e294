#include "core/thread_priority.h"

#include <gtest/gtest.h>

#include <thread>

namespace omg::core {
namespace {

TEST(ThreadPriority, ALoweredThreadAndItsChildrenYieldWhileOtherThreadsKeepTheirs) {
    const int before = thread_nice();
    int lowered = before, child = before, sibling = before;
    std::thread worker([&] {
        ASSERT_TRUE(lower_thread_priority(5));
        lowered = thread_nice();
        std::thread([&] { child = thread_nice(); }).join();
    });
    worker.join();
    std::thread([&] { sibling = thread_nice(); }).join();
    EXPECT_EQ(lowered, std::min(19, before + 5));
    EXPECT_EQ(child, lowered) << "a thread it starts inherits its priority";
    EXPECT_EQ(sibling, before) << "the other threads keep theirs";
    EXPECT_EQ(thread_nice(), before);
}

TEST(ThreadPriority, StepsOutOfRangeAreRefusedAndTheTopIsCapped) {
    std::thread([] {
        EXPECT_EQ(lower_thread_priority(0).error().code, Errc::invalid_argument);
        EXPECT_EQ(lower_thread_priority(20).error().code, Errc::invalid_argument);
        EXPECT_TRUE(lower_thread_priority(19));
        EXPECT_TRUE(lower_thread_priority(19));
        EXPECT_EQ(thread_nice(), 19);
    }).join();
}

}  // namespace
}  // namespace omg::core
