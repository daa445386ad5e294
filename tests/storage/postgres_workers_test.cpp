// The workers table (storage/worker_registry.h) against a real PostgreSQL server.
#include <gtest/gtest.h>

#include <thread>

#include "storage/job_record.h"
#include "storage/worker_registry.h"
#include "support/postgres_fixture.h"

namespace omg::storage {
namespace {

TEST(WorkerRegistry, BeatsUpsertOneRowPerWorkerAndLeaveRemovesIt) {
    const std::string url = test::fresh_postgres_database();
    ASSERT_FALSE(url.empty());
    auto reg = open_postgres_worker_registry(url);
    ASSERT_TRUE(reg) << reg.error().message;

    WorkerBeat a{"gpu-1-100-ab", "gpu-1", 100, {"ace-step", "builtin"}, {}, now_iso()};
    WorkerBeat b{"cpu-2-200-cd", "cpu-2", 200, {"builtin"}, {}, now_iso()};
    ASSERT_TRUE((*reg)->beat(a));
    ASSERT_TRUE((*reg)->beat(b));
    a.current_jobs = {"job-1", "job-2"};
    a.claims = 7;
    a.claim_seconds = 0.25;
    ASSERT_TRUE((*reg)->beat(a));

    auto seen = (*reg)->seen_within(std::chrono::seconds(60));
    ASSERT_TRUE(seen) << seen.error().message;
    ASSERT_EQ(seen->size(), 2u);
    const WorkerSeen& first = (*seen)[0];
    EXPECT_EQ(first.worker.id, "gpu-1-100-ab") << "the latest heartbeat first";
    EXPECT_EQ(first.worker.host, "gpu-1");
    EXPECT_EQ(first.worker.pid, 100);
    EXPECT_EQ(first.worker.providers, (std::vector<std::string>{"ace-step", "builtin"}));
    EXPECT_EQ(first.worker.current_jobs, (std::vector<std::string>{"job-1", "job-2"}));
    EXPECT_EQ(first.worker.claims, 7);
    EXPECT_DOUBLE_EQ(first.worker.claim_seconds, 0.25);
    EXPECT_GE(first.heartbeat_age_s, 0.0);
    EXPECT_LT(first.heartbeat_age_s, 60.0);
    EXPECT_NE(first.last_heartbeat.find('T'), std::string::npos) << first.last_heartbeat;
    EXPECT_TRUE((*seen)[1].worker.current_jobs.empty());

    ASSERT_TRUE((*reg)->leave(b.id));
    seen = (*reg)->seen_within(std::chrono::seconds(60));
    ASSERT_TRUE(seen);
    ASSERT_EQ(seen->size(), 1u);
    EXPECT_EQ((*seen)[0].worker.id, a.id);

    // A worker killed with kill -9 leaves its row; it drops out of a short window.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    seen = (*reg)->seen_within(std::chrono::seconds(1));
    ASSERT_TRUE(seen);
    EXPECT_TRUE(seen->empty());
}

}  // namespace
}  // namespace omg::storage
