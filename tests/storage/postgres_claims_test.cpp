// Job claiming for many workers (storage/job_claims.h) against a real PostgreSQL server: each
// worker is a connection of its own, as a worker process on another machine would be.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "storage/ids.h"
#include "storage/job_claims.h"
#include "storage/job_store.h"
#include "support/postgres_fixture.h"

namespace omg::storage {
namespace {

using std::chrono::milliseconds;

class Claims : public ::testing::Test {
protected:
    void SetUp() override {
        url_ = test::fresh_postgres_database();
        ASSERT_FALSE(url_.empty());
        auto store = open_postgres_job_store({url_});
        ASSERT_TRUE(store) << store.error().message;
        store_ = std::move(*store);
    }
    std::unique_ptr<JobClaims> worker() {
        auto w = open_postgres_job_claims(url_);
        EXPECT_TRUE(w) << w.error().message;
        return w ? std::move(*w) : nullptr;
    }
    JobRecord add(int64_t pos, std::optional<std::string> provider = std::nullopt) {
        JobRecord j;
        j.id = new_uuid();
        j.params.prompt = "job at " + std::to_string(pos);
        j.params.duration_s = 10;
        j.params.num_versions = 1;
        j.params.provider = std::move(provider);
        j.created_at = now_iso();
        j.queue_pos = pos;
        EXPECT_TRUE(store_->insert(j));
        return j;
    }
    static ClaimRequest request(std::vector<std::string> providers, milliseconds lease = milliseconds(60000)) {
        ClaimRequest q;
        q.worker = "test-worker";
        q.providers = std::move(providers);
        q.lease = lease;
        q.started_at = now_iso();
        return q;
    }
    JobRecord stored(const std::string& id) {
        auto all = store_->load_all();
        EXPECT_TRUE(all);
        for (auto& j : *all) {
            if (j.id == id) return j;
        }
        ADD_FAILURE() << "job " << id << " is not stored";
        return {};
    }

    std::string url_;
    std::unique_ptr<JobStore> store_;
};

TEST_F(Claims, QueueOrderAndOnlyTheProvidersAWorkerServes) {
    auto neural = add(1, "ace-step");
    auto unset = add(2);
    auto builtin = add(3, "builtin");
    auto cpu = worker();
    auto gpu = worker();
    ASSERT_TRUE(cpu && gpu);

    auto first = cpu->claim(request({"builtin"}));
    ASSERT_TRUE(first && *first);
    EXPECT_EQ((*first)->job.id, unset.id) << "no provider: the default, builtin";
    EXPECT_EQ((*first)->job.status, JobStatus::processing);
    EXPECT_EQ((*first)->attempt, 1);
    auto second = cpu->claim(request({"builtin"}));
    ASSERT_TRUE(second && *second);
    EXPECT_EQ((*second)->job.id, builtin.id);
    auto none = cpu->claim(request({"builtin"}));
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none) << "the neural job is not the CPU worker's";

    auto taken = gpu->claim(request({"ace-step"}));
    ASSERT_TRUE(taken && *taken);
    EXPECT_EQ((*taken)->job.id, neural.id);
    EXPECT_FALSE(cpu->claim(request({"bad,name"})));
}

TEST_F(Claims, WorkersClaimingAtOnceNeverShareAJob) {
    constexpr int kJobs = 40;
    for (int i = 1; i <= kJobs; ++i) add(i);
    std::vector<std::vector<std::string>> taken(3);
    {
        std::vector<std::jthread> threads;
        for (size_t w = 0; w < taken.size(); ++w) {
            threads.emplace_back([&, w] {
                auto claims = worker();
                if (!claims) return;
                for (;;) {
                    auto c = claims->claim(request({"builtin"}));
                    if (!c || !*c) return;
                    taken[w].push_back((*c)->job.id);
                }
            });
        }
    }
    std::set<std::string> unique;
    size_t total = 0;
    for (const auto& ids : taken) {
        total += ids.size();
        unique.insert(ids.begin(), ids.end());
    }
    EXPECT_EQ(total, static_cast<size_t>(kJobs));
    EXPECT_EQ(unique.size(), static_cast<size_t>(kJobs)) << "a job was claimed twice";
}

TEST_F(Claims, AStaleWorkersWritesAreRefusedOnceTheJobIsClaimedAgain) {
    auto job = add(1);
    auto paused = worker();
    auto next = worker();
    ASSERT_TRUE(paused && next);
    // A lease of 0 ms has expired by the next statement: the first worker "stopped renewing".
    auto old_claim = paused->claim(request({"builtin"}, milliseconds(0)));
    ASSERT_TRUE(old_claim && *old_claim);
    auto new_claim = next->claim(request({"builtin"}));
    ASSERT_TRUE(new_claim && *new_claim) << "an expired lease is claimable";
    EXPECT_EQ((*new_claim)->job.id, job.id);
    EXPECT_EQ((*new_claim)->attempt, 2);

    JobRecord stale = (*old_claim)->job;
    stale.progress = 99;
    EXPECT_EQ(paused->update(stale, 1).error().code, Errc::conflict);
    EXPECT_EQ(paused->renew(job.id, 1, milliseconds(60000)).error().code, Errc::conflict);
    stale.status = JobStatus::completed;
    stale.versions = {{new_uuid(), 0, "{}", {"stale.mp3"}}};
    EXPECT_EQ(paused->complete(stale, 1).error().code, Errc::conflict);
    EXPECT_EQ(paused->release(job.id, 1).error().code, Errc::conflict);
    EXPECT_EQ(stored(job.id).progress, 0) << "nothing of the stale attempt was written";

    JobRecord fresh = (*new_claim)->job;
    fresh.status = JobStatus::completed;
    fresh.progress = 100;
    fresh.finished_at = now_iso();
    fresh.versions = {{new_uuid(), 0, "{}", {"fresh.mp3"}}};
    ASSERT_TRUE(next->complete(fresh, 2));
    const JobRecord done = stored(job.id);
    EXPECT_EQ(done.status, JobStatus::completed);
    EXPECT_EQ(done.attempts, 2);
    ASSERT_EQ(done.versions.size(), 1u);
    EXPECT_EQ(done.versions[0].files, std::vector<std::string>{"fresh.mp3"});
    EXPECT_EQ(next->update(fresh, 2).error().code, Errc::conflict) << "finished: no more writes";
}

TEST_F(Claims, ALiveLeaseIsKeptByRenewalAndEndsWithACancel) {
    auto job = add(1);
    auto running = worker();
    auto other = worker();
    ASSERT_TRUE(running && other);
    auto c = running->claim(request({"builtin"}));
    ASSERT_TRUE(c && *c);
    ASSERT_TRUE(running->renew(job.id, 1, milliseconds(60000)));
    auto none = other->claim(request({"builtin"}));
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none) << "a job under a live lease is not claimable";

    JobRecord progress = (*c)->job;
    progress.progress = 40;
    ASSERT_TRUE(running->update(progress, 1));
    EXPECT_EQ(stored(job.id).progress, 40);

    // A user cancels through an API node (the plain store): the worker learns it at its next
    // renewal and stops.
    JobRecord cancelled = stored(job.id);
    cancelled.status = JobStatus::cancelled;
    cancelled.queue_pos.reset();
    ASSERT_TRUE(store_->update(cancelled));
    EXPECT_EQ(running->renew(job.id, 1, milliseconds(60000)).error().code, Errc::conflict);
}

TEST_F(Claims, ReleasedJobIsClaimedAgainAtItsPlace) {
    auto first = add(1);
    add(2);
    auto stopping = worker();
    auto other = worker();
    ASSERT_TRUE(stopping && other);
    auto c = stopping->claim(request({"builtin"}));
    ASSERT_TRUE(c && *c);
    ASSERT_TRUE(stopping->release(first.id, 1));
    EXPECT_EQ(stored(first.id).status, JobStatus::pending);
    auto again = other->claim(request({"builtin"}));
    ASSERT_TRUE(again && *again);
    EXPECT_EQ((*again)->job.id, first.id);
    EXPECT_EQ((*again)->attempt, 2);
}

// A server running its own workers and worker processes never share a database: each would
// run jobs the other believes are its own.
TEST_F(Claims, WorkersAndAServerWithItsOwnWorkersNeverShareADatabase) {
    {
        auto server = open_postgres_job_store({url_, true});
        ASSERT_TRUE(server) << server.error().message;
        auto refused = open_postgres_job_claims(url_);
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().code, Errc::unavailable);
        EXPECT_NE(refused.error().message.find("--workers 0"), std::string::npos);
    }
    auto w = worker();
    ASSERT_TRUE(w) << "the server is gone";
    auto second = open_postgres_job_store({url_, true});
    ASSERT_FALSE(second) << "a worker holds the database shared";
    EXPECT_EQ(second.error().code, Errc::unavailable);
}

// A worker that dies (its lease lapses: a lease of 0 ms here) counts one expiry on its job when
// the next worker takes it over; the Nth expiry fails the job as a poison job instead.
TEST_F(Claims, AJobWhoseLeaseExpiresNTimesIsFailedAsAPoisonJob) {
    auto job = add(1);
    auto w = worker();
    ASSERT_TRUE(w);
    auto dies = request({"builtin"}, milliseconds(0));
    dies.max_lease_expiries = 3;
    auto first = w->claim(dies);
    ASSERT_TRUE(first && *first);
    EXPECT_FALSE((*first)->after_lease_expiry);
    for (int expected_attempt : {2, 3}) {
        auto none = w->fail_poisoned(3, "poison", now_iso());
        ASSERT_TRUE(none);
        EXPECT_TRUE(none->empty()) << "fewer than 3 expiries: not yet a poison job";
        auto again = w->claim(dies);
        ASSERT_TRUE(again && *again);
        EXPECT_EQ((*again)->attempt, expected_attempt);
        EXPECT_TRUE((*again)->after_lease_expiry);
    }
    auto nothing = w->claim(dies);
    ASSERT_TRUE(nothing);
    EXPECT_FALSE(*nothing) << "the third expiry is the limit: left for fail_poisoned";
    auto failed = w->fail_poisoned(3, "the job kept killing its workers", now_iso());
    ASSERT_TRUE(failed);
    EXPECT_EQ(*failed, std::vector<std::string>{job.id});
    const JobRecord done = stored(job.id);
    EXPECT_EQ(done.status, JobStatus::failed);
    EXPECT_EQ(done.error, "the job kept killing its workers");
    EXPECT_TRUE(done.finished_at.has_value());
    EXPECT_EQ(done.attempts, 3);
    auto twice = w->fail_poisoned(3, "again", now_iso());
    ASSERT_TRUE(twice);
    EXPECT_TRUE(twice->empty());
}

TEST_F(Claims, AJobHandedBackOnAGracefulStopIsNotCountedAsAnExpiry) {
    auto job = add(1);
    auto w = worker();
    ASSERT_TRUE(w);
    auto q = request({"builtin"});
    q.max_lease_expiries = 1;
    for (int attempt = 1; attempt <= 3; ++attempt) {
        auto c = w->claim(q);
        ASSERT_TRUE(c && *c);
        EXPECT_EQ((*c)->attempt, attempt);
        EXPECT_FALSE((*c)->after_lease_expiry);
        ASSERT_TRUE(w->release(job.id, attempt));
    }
    auto none = w->fail_poisoned(1, "poison", now_iso());
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
    EXPECT_EQ(stored(job.id).status, JobStatus::pending);
}

TEST_F(Claims, AWorkerNeverWritesTheQueueOrder) {
    auto job = add(5);
    auto w = worker();
    ASSERT_TRUE(w);
    auto c = w->claim(request({"builtin"}));
    ASSERT_TRUE(c && *c);
    // An API node moves the job meanwhile.
    ASSERT_TRUE(store_->set_queue_positions({{job.id, 2}}));
    JobRecord r = (*c)->job;
    r.progress = 50;
    ASSERT_TRUE(w->update(r, 1));
    EXPECT_EQ(stored(job.id).queue_pos, 2);
    EXPECT_EQ(stored(job.id).progress, 50);
}

}  // namespace
}  // namespace omg::storage
