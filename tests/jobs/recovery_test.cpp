// What a restart does with each stored job (jobs/recovery.h), without a queue or a store.
#include "jobs/recovery.h"

#include <gtest/gtest.h>

namespace omg::jobs {
namespace {

using storage::JobStatus;

storage::JobRecord job(const std::string& id, JobStatus status, std::optional<int64_t> pos, int attempts = 0) {
    storage::JobRecord r;
    r.id = id;
    r.status = status;
    r.queue_pos = pos;
    r.attempts = attempts;
    r.progress = status == JobStatus::processing ? 40 : 0;
    return r;
}

TEST(Recovery, AnInterruptedJobIsRequeuedWhereItWasHoweverOftenItWasInterrupted) {
    const auto plan = plan_recovery({job("a", JobStatus::processing, 1, 50), job("b", JobStatus::pending, 2)}, {}, "t");
    ASSERT_EQ(plan.jobs.size(), 2u);
    EXPECT_EQ(plan.jobs[0].record.status, JobStatus::pending);
    EXPECT_EQ(plan.jobs[0].record.progress, 0);
    EXPECT_TRUE(plan.jobs[0].changed);
    EXPECT_EQ(plan.jobs[0].wait.count(), 0);
    EXPECT_FALSE(plan.jobs[1].changed);
    EXPECT_EQ(plan.order, (std::vector<std::string>{"a", "b"}));
}

TEST(Recovery, ASuspectGoesBehindTheOthersAndWaitsLongerForEachCrash) {
    RecoveryRules rules;
    rules.crash_counts = {{"a", 2}};
    rules.crash_backoff = std::chrono::milliseconds(1000);
    const auto plan = plan_recovery({job("a", JobStatus::processing, 1), job("b", JobStatus::pending, 2)}, rules, "t");
    EXPECT_EQ(plan.jobs[0].record.status, JobStatus::pending);
    EXPECT_EQ(plan.jobs[0].wait, std::chrono::milliseconds(2000));
    EXPECT_EQ(plan.order, (std::vector<std::string>{"b", "a"}));
}

TEST(Recovery, AJobThatCrashedTheServerTooOftenFailsWithAReason) {
    RecoveryRules rules;
    rules.max_crashes = 3;
    rules.crash_counts = {{"a", 3}};
    const auto plan = plan_recovery({job("a", JobStatus::processing, 1)}, rules, "2026-12-06T00:00:00Z");
    EXPECT_EQ(plan.jobs[0].record.status, JobStatus::failed);
    EXPECT_NE(plan.jobs[0].record.error->find("crashed the server 3 times"), std::string::npos);
    EXPECT_EQ(*plan.jobs[0].record.finished_at, "2026-12-06T00:00:00Z");
}

TEST(Recovery, TheInterruptionLimitAppliesOnlyWhenSet) {
    RecoveryRules rules;
    rules.max_interruptions = 5;
    const auto plan = plan_recovery({job("a", JobStatus::processing, 1, 5), job("b", JobStatus::processing, 2, 4)}, rules, "t");
    EXPECT_EQ(plan.jobs[0].record.status, JobStatus::failed);
    EXPECT_EQ(plan.jobs[1].record.status, JobStatus::pending);
}

TEST(Recovery, APendingJobWithoutAPositionIsPutBackAtTheEnd) {
    const auto plan = plan_recovery({job("a", JobStatus::pending, std::nullopt), job("b", JobStatus::pending, 7),
                                     job("c", JobStatus::completed, std::nullopt)},
                                    {}, "t");
    EXPECT_TRUE(plan.jobs[0].changed);
    EXPECT_EQ(plan.order, (std::vector<std::string>{"b", "a"}));
}

}  // namespace
}  // namespace omg::jobs
