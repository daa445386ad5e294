// The one ETA model (jobs/eta.h): remaining work, queue ETAs, Retry-After, measured speed.
#include "jobs/eta.h"

#include <gtest/gtest.h>

namespace omg::jobs {
namespace {

using storage::JobStatus;

TEST(Eta, RunningJobsHaveTheirUnfinishedShareLeft) {
    const SpeedModel speed(0.5);
    EXPECT_DOUBLE_EQ(speed.remaining({JobStatus::pending, 2, 30, 0}), 30.0);
    EXPECT_DOUBLE_EQ(speed.remaining({JobStatus::processing, 2, 30, 25}), 22.5);
    EXPECT_DOUBLE_EQ(speed.remaining({JobStatus::completed, 2, 30, 100}), 0.0);
}

TEST(Eta, PendingJobsWaitForTheRunningWorkAndTheWorkAheadSharedOverTheWorkers) {
    const SpeedModel speed(1.0);
    const std::vector<Work> queue = {{JobStatus::processing, 1, 10, 50},  // 5 s left
                                     {JobStatus::pending, 1, 4, 0},
                                     {JobStatus::completed, 1, 99, 100},
                                     {JobStatus::pending, 1, 6, 0}};
    const auto one = queue_etas(queue, speed, 1);
    ASSERT_EQ(one.size(), 4u);
    EXPECT_DOUBLE_EQ(*one[0], 5.0);
    EXPECT_DOUBLE_EQ(*one[1], 5.0 + 4.0);
    EXPECT_FALSE(one[2].has_value());
    EXPECT_DOUBLE_EQ(*one[3], (5.0 + 4.0) + 6.0);
    const auto two = queue_etas(queue, speed, 2, 3.0);
    EXPECT_DOUBLE_EQ(*two[1], (5.0 + 3.0) / 2 + 4.0);
    EXPECT_DOUBLE_EQ(*two[3], (5.0 + 3.0 + 4.0) / 2 + 6.0);
}

TEST(Eta, TheSpeedFollowsMeasuredRunsAndRetryAfterIsAtLeastASecond) {
    SpeedModel speed(0.1);
    speed.measured(30, 60);  // 0.5 s per s
    EXPECT_DOUBLE_EQ(speed.speed(), 0.3);
    speed.measured(0, 60);   // nothing measured: unchanged
    EXPECT_DOUBLE_EQ(speed.speed(), 0.3);
    EXPECT_EQ(retry_after_s({}, speed, 2), 1);
    EXPECT_EQ(retry_after_s({{JobStatus::processing, 1, 100, 0}}, speed, 2), 15);
}

}  // namespace
}  // namespace omg::jobs
