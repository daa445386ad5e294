// The job queue over the PostgreSQL store (what `omg serve --database postgresql://...` runs):
// the real JobQueue, the fake engine, a real throwaway PostgreSQL server. Jobs run, reorder,
// cancel and complete with their versions; a restarted server (a new queue over a new
// connection) finds every record and requeues the job that was interrupted.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "jobs/job_queue.h"
#include "storage/ids.h"
#include "support/eventually.h"
#include "support/fake_job_engine.h"
#include "support/postgres_fixture.h"

namespace omg::jobs {
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using storage::JobStatus;

namespace {

class PostgresQueue : public ::testing::Test {
protected:
    void SetUp() override {
        url_ = test::fresh_postgres_database();
        ASSERT_FALSE(url_.empty());
        dir_ = fs::temp_directory_path() / ("omg-pgqueue-" + storage::new_uuid());
        artifacts_.emplace(*storage::ArtifactStore::open(dir_));
        ASSERT_TRUE(open());
    }
    void TearDown() override {
        close();
        fs::remove_all(dir_);
    }
    // A server start: the store (exclusive, as `omg serve` opens it), then the queue.
    bool open() {
        auto store = storage::open_job_store({url_, dir_ / "unused.db"});
        if (!store) {
            ADD_FAILURE() << store.error().message;
            return false;
        }
        store_ = std::move(*store);
        queue_ = std::make_unique<JobQueue>(*store_, *artifacts_, engine_, bus_, QueueOptions{});
        if (!queue_->recover()) return false;
        queue_->start();
        return true;
    }
    void close() {
        if (queue_) queue_->shutdown(0ms);
        queue_.reset();
        store_.reset();
    }
    JobStatus status(const std::string& id) { return queue_->get(id)->record.status; }
    bool finished(const std::string& id) { return storage::is_terminal(status(id)); }

    std::string url_;
    fs::path dir_;
    std::optional<storage::ArtifactStore> artifacts_;
    testing::FakeJobEngine engine_;
    EventBus bus_{4096, 1};
    std::unique_ptr<storage::JobStore> store_;
    std::unique_ptr<JobQueue> queue_;
};

}  // namespace

TEST_F(PostgresQueue, JobsRunReorderCancelAndSurviveARestart) {
    engine_.version_ms = 300;
    auto a = queue_->submit(testing::fake_job("a", 2));
    auto b = queue_->submit(testing::fake_job("b"));
    auto c = queue_->submit(testing::fake_job("c"));
    auto d = queue_->submit(testing::fake_job("d"));
    ASSERT_TRUE(a && b && c && d);
    ASSERT_TRUE(testing::eventually([&] { return status(a->record.id) == JobStatus::processing; }));
    ASSERT_TRUE(queue_->reorder(c->record.id, 2));
    ASSERT_TRUE(queue_->remove_from_queue(d->record.id));
    ASSERT_TRUE(testing::eventually([&] { return finished(b->record.id) && finished(c->record.id); }));
    EXPECT_LT(*queue_->get(c->record.id)->record.finished_at,
              *queue_->get(b->record.id)->record.finished_at);

    engine_.version_ms = 5000;
    auto interrupted = queue_->submit(testing::fake_job("interrupted"));
    ASSERT_TRUE(testing::eventually([&] { return status(interrupted->record.id) == JobStatus::processing; }));
    close();  // the grace period is 0: the running job is put back for the next start

    engine_.version_ms = 10;
    ASSERT_TRUE(open());
    auto after = store_->load_all();
    ASSERT_TRUE(after);
    ASSERT_EQ(after->size(), 5u);
    const storage::JobRecord done = queue_->get(a->record.id)->record;
    EXPECT_EQ(done.status, JobStatus::completed);
    ASSERT_EQ(done.versions.size(), 2u);
    for (const auto& v : done.versions) {
        for (const auto& f : v.files) EXPECT_TRUE(artifacts_->exists(a->record.id, f)) << f;
    }
    EXPECT_EQ(status(d->record.id), JobStatus::cancelled);
    ASSERT_TRUE(testing::eventually([&] { return finished(interrupted->record.id); }));
    EXPECT_EQ(status(interrupted->record.id), JobStatus::completed);
    auto stored = store_->load_all();
    ASSERT_TRUE(stored);
    for (const auto& j : *stored) {
        if (j.id == interrupted->record.id) {
            EXPECT_EQ(j.status, JobStatus::completed);
        }
    }
}

TEST_F(PostgresQueue, ASubmitWhileTheDatabaseIsAwayIsRefusedAndTheNextOneWorks) {
    engine_.version_ms = 10;
    auto cluster = test::shared_postgres();
    ASSERT_TRUE(cluster);
    ASSERT_TRUE((*cluster)->stop());
    auto refused = queue_->submit(testing::fake_job("while away"));
    ASSERT_TRUE((*cluster)->restart());
    ASSERT_FALSE(refused);
    // Errc::io: the submit routes answer a store failure 503 with Retry-After (Errc::unavailable
    // would read as a full queue, 429).
    EXPECT_EQ(refused.error().code, Errc::io);
    EXPECT_TRUE(queue_->list_queue().empty()) << "a refused job is not queued";

    auto accepted = queue_->submit(testing::fake_job("after"));
    ASSERT_TRUE(accepted) << accepted.error().message;
    ASSERT_TRUE(testing::eventually([&] { return finished(accepted->record.id); }));
    EXPECT_EQ(status(accepted->record.id), JobStatus::completed);
    auto stored = store_->load_all();
    ASSERT_TRUE(stored);
    ASSERT_EQ(stored->size(), 1u);
    EXPECT_EQ(stored->front().status, JobStatus::completed);
}

}  // namespace omg::jobs
