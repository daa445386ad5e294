#include <gtest/gtest.h>

#include <thread>

#include "jobs/event_bus.h"

namespace omg::jobs {

using namespace std::chrono_literals;

TEST(EventBus, IdsIncreaseAndResumeAfterALastId) {
    EventBus bus(16, 100);
    auto a = bus.publish("created", "{}");
    auto b = bus.publish("progress", "{}");
    EXPECT_EQ(a, 100u);
    EXPECT_GT(b, a);
    auto batch = bus.wait_after(a, 0ms);
    ASSERT_EQ(batch.events.size(), 1u);
    EXPECT_EQ(batch.events[0].id, b);
    EXPECT_FALSE(batch.gap);
}

TEST(EventBus, ReportsAGapWhenTheRingDroppedMissedEvents) {
    EventBus bus(4, 1);
    for (int i = 0; i < 10; ++i) bus.publish("progress", "{}");
    auto batch = bus.wait_after(2, 0ms);
    EXPECT_TRUE(batch.gap);
    EXPECT_EQ(batch.events.size(), 4u);
    EXPECT_FALSE(bus.wait_after(6, 0ms).gap);  // 7..10 kept: nothing missed
}

// An API node numbers events by the database's change feed: ids it is given, which may skip
// (a change of no interest) but never go back.
TEST(EventBus, IdsFromADatabaseFeedAreKeptAndNeverGoBack) {
    EventBus bus(16);  // clock ids by default
    EXPECT_TRUE(bus.start_after(41));
    EXPECT_EQ(bus.last_id(), 41u);
    EXPECT_TRUE(bus.publish_at(42, "created", "{}"));
    EXPECT_TRUE(bus.publish_at(45, "progress", "{}"));
    EXPECT_FALSE(bus.publish_at(45, "progress", "{}")) << "an id already given";
    EXPECT_FALSE(bus.publish_at(43, "progress", "{}")) << "an id below the last";
    EXPECT_FALSE(bus.start_after(100)) << "only before the first event";
    auto batch = bus.collect_after(42);
    ASSERT_EQ(batch.events.size(), 1u);
    EXPECT_EQ(batch.events[0].id, 45u);
    EXPECT_FALSE(batch.gap) << "43 and 44 were never given: nothing was missed";
    // A client resuming after an id this numbering never reached counted with another one.
    EXPECT_TRUE(bus.collect_after(1'000'000).gap);
}

TEST(EventBus, DefaultIdsStartFromTheClockSoTheyGrowAcrossRestarts) {
    EventBus first;
    auto old_id = first.publish("x", "{}");
    std::this_thread::sleep_for(2ms);
    EventBus second;
    EXPECT_GT(second.publish("x", "{}"), old_id);
}

TEST(EventBus, WaitWakesOnPublishAndOnClose) {
    EventBus bus(16, 1);
    std::jthread t([&] {
        std::this_thread::sleep_for(20ms);
        bus.publish("created", "{}");
    });
    auto batch = bus.wait_after(0, 5s);
    EXPECT_EQ(batch.events.size(), 1u);
    std::jthread c([&] {
        std::this_thread::sleep_for(20ms);
        bus.close();
    });
    auto closed = bus.wait_after(bus.last_id(), 5s);
    EXPECT_TRUE(closed.closed);
}

}  // namespace omg::jobs
