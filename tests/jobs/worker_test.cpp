// Worker processes' engine room (jobs/worker.h) against a real throwaway PostgreSQL server with
// the fake engine: each Worker here is what one `omg worker` process runs, with its own
// connections; the plain store plays the API node; a JobClaims that claims and never renews
// plays a worker killed with kill -9.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "jobs/worker.h"
#include "storage/artifacts.h"
#include "storage/ids.h"
#include "storage/job_claims.h"
#include "storage/job_store.h"
#include "storage/worker_registry.h"
#include "support/eventually.h"
#include "support/fake_job_engine.h"
#include "support/postgres_fixture.h"

namespace omg::jobs {
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using storage::JobRecord;
using storage::JobStatus;

namespace {

class WorkerTest : public ::testing::Test {
protected:
    void SetUp() override {
        url_ = test::fresh_postgres_database();
        ASSERT_FALSE(url_.empty());
        dir_ = fs::temp_directory_path() / ("omg-worker-" + storage::new_uuid());
        artifacts_.emplace(*storage::ArtifactStore::open(dir_));
        auto store = storage::open_postgres_job_store({url_});
        ASSERT_TRUE(store) << store.error().message;
        store_ = std::move(*store);
        auto reg = storage::open_postgres_worker_registry(url_);
        ASSERT_TRUE(reg) << reg.error().message;
        registry_ = std::move(*reg);
    }
    void TearDown() override { fs::remove_all(dir_); }

    WorkerOptions options(std::vector<std::string> providers = {"builtin"}) {
        WorkerOptions o;
        o.id = "test-" + storage::new_uuid().substr(0, 8);
        o.host = "test-host";
        o.pid = 1;
        o.providers = std::move(providers);
        o.lease = 5s;
        o.renew_interval = 50ms;
        o.poll_interval = 20ms;
        o.beat_interval = 100ms;
        o.progress_interval = 50ms;
        return o;
    }
    std::unique_ptr<Worker> worker(WorkerOptions o) {
        const std::string url = url_;
        return std::make_unique<Worker>([url] { return storage::open_postgres_job_claims(url); },
                                        registry_.get(), engine_, *artifacts_, std::move(o));
    }
    JobRecord add(int64_t pos, const std::string& prompt = "calm piano",
                  std::optional<std::string> provider = std::nullopt, int versions = 1) {
        JobRecord j;
        j.id = storage::new_uuid();
        j.params = testing::fake_job(prompt, versions);
        j.params.provider = std::move(provider);
        j.created_at = storage::now_iso();
        j.queue_pos = pos;
        EXPECT_TRUE(store_->insert(j));
        return j;
    }
    JobRecord stored(const std::string& id) {
        auto all = store_->load_all();
        EXPECT_TRUE(all);
        if (all) {
            for (auto& j : *all) {
                if (j.id == id) return j;
            }
        }
        return {};
    }
    size_t files_of(const std::string& job_id) {
        std::error_code ec;
        size_t n = 0;
        for (const auto& e : fs::directory_iterator(dir_ / "artifacts" / job_id, ec)) {
            (void)e;
            ++n;
        }
        return n;
    }

    std::string url_;
    fs::path dir_;
    std::optional<storage::ArtifactStore> artifacts_;
    std::unique_ptr<storage::JobStore> store_;
    std::unique_ptr<storage::WorkerRegistry> registry_;
    testing::FakeJobEngine engine_;
};

TEST_F(WorkerTest, RunsOnlyItsProvidersJobsAndCompletesThemWithTheirFiles) {
    auto neural = add(1, "neural song", "ace-step");
    auto job = add(2, "calm piano", std::nullopt, 2);
    auto w = worker(options({"builtin"}));
    ASSERT_TRUE(w->start());
    ASSERT_TRUE(testing::eventually([&] { return stored(job.id).status == JobStatus::completed; }));
    const JobRecord done = stored(job.id);
    EXPECT_EQ(done.progress, 100);
    EXPECT_EQ(done.attempts, 1);
    ASSERT_EQ(done.versions.size(), 2u);
    for (const auto& v : done.versions) {
        ASSERT_FALSE(v.files.empty());
        for (const auto& f : v.files) EXPECT_TRUE(artifacts_->exists(job.id, f)) << f;
    }
    EXPECT_EQ(done.queue_pos, 2) << "a worker leaves the order alone";
    w->shutdown(1s);
    EXPECT_EQ(stored(neural.id).status, JobStatus::pending) << "ace-step is not this worker's";
    EXPECT_EQ(stored(neural.id).attempts, 0);
    const WorkerStats s = w->stats();
    EXPECT_EQ(s.claimed, 1u);
    EXPECT_EQ(s.completed, 1u);
    EXPECT_GE(s.claim_latency.count, 1u);
}

// The default of the many-machines mode: the files go into the database with the completion;
// the worker's folder is only where they were written first, and is empty afterwards.
TEST_F(WorkerTest, WithFilesInTheDatabaseTheCompletionCarriesEveryFileAndNothingStaysOnDisk) {
    auto job = add(1, "calm piano", std::nullopt, 2);
    WorkerOptions o = options();
    o.files_in_database = true;
    auto w = worker(o);
    ASSERT_TRUE(w->start());
    ASSERT_TRUE(testing::eventually([&] { return stored(job.id).status == JobStatus::completed; }));
    w->shutdown(1s);
    auto files = storage::open_postgres_artifacts(url_, dir_ / "scratch");
    ASSERT_TRUE(files) << files.error().message;
    const JobRecord done = stored(job.id);
    ASSERT_EQ(done.versions.size(), 2u);
    for (const auto& v : done.versions) {
        ASSERT_FALSE(v.files.empty());
        for (const auto& f : v.files) {
            auto bytes = storage::read_whole(**files, job.id, f);
            ASSERT_TRUE(bytes) << f << ": " << bytes.error().message;
            EXPECT_FALSE(bytes->empty()) << f;
        }
    }
    EXPECT_EQ(files_of(job.id), 0u) << "the staged copies were removed";
}

TEST_F(WorkerTest, ACancelMadeOnAnyNodeStopsTheRenderWithinASecond) {
    engine_.version_ms = 20000;
    auto job = add(1);
    WorkerOptions o = options();
    const std::string worker_id = o.id;
    auto w = worker(o);
    ASSERT_TRUE(w->start());
    ASSERT_TRUE(testing::eventually([&] { return engine_.running.load() == 1; }));
    // The workers table shows it running the job.
    ASSERT_TRUE(testing::eventually([&] {
        auto seen = registry_->seen_within(60s);
        return seen && seen->size() == 1 && (*seen)[0].worker.id == worker_id &&
               (*seen)[0].worker.current_jobs == std::vector<std::string>{job.id};
    }));
    ASSERT_TRUE(testing::eventually([&] { return stored(job.id).progress > 0; }))
        << "progress is written while it renders";

    JobRecord cancelled = stored(job.id);
    cancelled.status = JobStatus::cancelled;
    cancelled.queue_pos.reset();
    ASSERT_TRUE(store_->update(cancelled));
    const auto t0 = std::chrono::steady_clock::now();
    ASSERT_TRUE(testing::eventually([&] { return engine_.running.load() == 0; }, 5s));
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s) << "the render stops within a second";
    ASSERT_TRUE(testing::eventually([&] { return w->stats().lost == 1; }));
    EXPECT_EQ(stored(job.id).status, JobStatus::cancelled) << "the worker wrote nothing after";
    EXPECT_EQ(files_of(job.id), 0u) << "the stopped attempt's files are removed";
    w->shutdown(1s);
    auto seen = registry_->seen_within(60s);
    ASSERT_TRUE(seen);
    EXPECT_TRUE(seen->empty()) << "a worker that stops leaves the workers table";
}

TEST_F(WorkerTest, AJobWhoseWorkerDiedIsRunAgainAndCompletesOnce) {
    auto job = add(1);
    auto dead = storage::open_postgres_job_claims(url_);
    ASSERT_TRUE(dead);
    storage::ClaimRequest q;
    q.worker = "killed";
    q.providers = {"builtin"};
    q.lease = 0ms;  // never renewed: as if killed with kill -9 right after claiming
    q.started_at = storage::now_iso();
    auto claimed = (*dead)->claim(q);
    ASSERT_TRUE(claimed && *claimed);

    auto w = worker(options());
    ASSERT_TRUE(w->start());
    ASSERT_TRUE(testing::eventually([&] { return stored(job.id).status == JobStatus::completed; }));
    w->shutdown(1s);
    const JobRecord done = stored(job.id);
    EXPECT_EQ(done.attempts, 2);
    ASSERT_EQ(done.versions.size(), 1u);
    const WorkerStats s = w->stats();
    EXPECT_EQ(s.taken_over, 1u);
    EXPECT_EQ(s.completed, 1u);
    JobRecord stale = (*claimed)->job;
    stale.status = JobStatus::completed;
    EXPECT_EQ((*dead)->complete(stale, 1).error().code, Errc::conflict)
        << "the dead worker, were it only paused, could not overwrite the result";
}

TEST_F(WorkerTest, AGracefulStopHandsTheJobBackWithoutCountingIt) {
    engine_.version_ms = 20000;
    auto job = add(1);
    auto w = worker(options());
    ASSERT_TRUE(w->start());
    ASSERT_TRUE(testing::eventually([&] { return engine_.running.load() == 1; }));
    w->shutdown(100ms);
    EXPECT_EQ(engine_.running.load(), 0);
    EXPECT_EQ(w->stats().handed_back, 1u);
    const JobRecord back = stored(job.id);
    EXPECT_EQ(back.status, JobStatus::pending);
    EXPECT_EQ(back.progress, 0);
    EXPECT_EQ(files_of(job.id), 0u);

    // Claimed again, it is not a lease taken over, and a limit of one expiry does not fail it.
    auto next = storage::open_postgres_job_claims(url_);
    ASSERT_TRUE(next);
    auto poisoned = (*next)->fail_poisoned(1, "poison", storage::now_iso());
    ASSERT_TRUE(poisoned);
    EXPECT_TRUE(poisoned->empty());
    storage::ClaimRequest q;
    q.worker = "next";
    q.providers = {"builtin"};
    q.started_at = storage::now_iso();
    q.max_lease_expiries = 1;
    auto again = (*next)->claim(q);
    ASSERT_TRUE(again && *again);
    EXPECT_EQ((*again)->job.id, job.id);
    EXPECT_FALSE((*again)->after_lease_expiry);
}

TEST_F(WorkerTest, AJobThatKeepsKillingItsWorkersIsFailedAsAPoisonJob) {
    auto job = add(1);
    auto dying = storage::open_postgres_job_claims(url_);
    ASSERT_TRUE(dying);
    storage::ClaimRequest q;
    q.worker = "killed";
    q.providers = {"builtin"};
    q.lease = 0ms;
    q.started_at = storage::now_iso();
    q.max_lease_expiries = 3;
    for (int attempt = 1; attempt <= 3; ++attempt) {
        auto c = (*dying)->claim(q);
        ASSERT_TRUE(c && *c) << "attempt " << attempt;
        EXPECT_EQ((*c)->attempt, attempt);
    }
    ASSERT_TRUE(artifacts_->write_file(job.id, storage::new_uuid() + ".mp3", "partial"));

    WorkerOptions o = options();
    o.max_lease_expiries = 3;
    auto w = worker(o);
    ASSERT_TRUE(w->start());
    ASSERT_TRUE(testing::eventually([&] { return stored(job.id).status == JobStatus::failed; }));
    w->shutdown(1s);
    const JobRecord failed = stored(job.id);
    ASSERT_TRUE(failed.error.has_value());
    EXPECT_NE(failed.error->find("stopped 3 times"), std::string::npos) << *failed.error;
    EXPECT_EQ(failed.attempts, 3) << "never run a fourth time";
    EXPECT_EQ(engine_.generated.load(), 0);
    EXPECT_EQ(w->stats().poisoned, 1u);
    EXPECT_EQ(files_of(job.id), 0u);
}

TEST_F(WorkerTest, SlotsRunJobsSideBySide) {
    engine_.version_ms = 400;
    auto one = add(1);
    auto two = add(2);
    WorkerOptions o = options();
    o.concurrency = 2;
    auto w = worker(o);
    ASSERT_TRUE(w->start());
    ASSERT_TRUE(testing::eventually([&] {
        return stored(one.id).status == JobStatus::completed && stored(two.id).status == JobStatus::completed;
    }));
    w->shutdown(1s);
    EXPECT_EQ(engine_.max_running.load(), 2);
    EXPECT_EQ(w->stats().completed, 2u);
}

// The database restarting under a running job: renewals fail for a moment, the lease (5 s)
// outlives the outage, and the job completes in its first attempt.
TEST_F(WorkerTest, ARunningJobOutlivesAShortDatabaseOutage) {
    engine_.version_ms = 3000;
    auto job = add(1);
    auto w = worker(options());
    ASSERT_TRUE(w->start());
    ASSERT_TRUE(testing::eventually([&] { return engine_.running.load() == 1; }));
    auto cluster = test::shared_postgres();
    ASSERT_TRUE(cluster);
    ASSERT_TRUE((*cluster)->stop());
    std::this_thread::sleep_for(500ms);  // the outage itself: the worker renews into it
    ASSERT_TRUE((*cluster)->restart());
    // The test's own connection broke too: it answers unavailable once, then reconnects.
    ASSERT_TRUE(testing::eventually(
        [&] {
            auto all = store_->load_all();
            return all && all->size() == 1 && (*all)[0].status == JobStatus::completed;
        },
        20s));
    w->shutdown(1s);
    EXPECT_EQ(stored(job.id).attempts, 1);
    EXPECT_EQ(w->stats().lost, 0u);
}

}  // namespace
}  // namespace omg::jobs
