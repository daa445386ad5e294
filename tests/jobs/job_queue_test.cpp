#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "jobs/job_queue.h"
#include "storage/ids.h"
#include "support/eventually.h"
#include "support/fake_job_engine.h"

namespace omg::jobs {
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using storage::JobStatus;

namespace {

class QueueTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("omg-queue-" + storage::new_uuid());
        artifacts_.emplace(*storage::ArtifactStore::open(dir_));
    }
    void TearDown() override {
        queue_.reset();
        fs::remove_all(dir_);
    }
    JobQueue& make(QueueOptions o = {}) {
        queue_ = std::make_unique<JobQueue>(store_, *artifacts_, engine_, bus_, o);
        EXPECT_TRUE(queue_->recover());
        queue_->start();
        return *queue_;
    }
    JobStatus status(const std::string& id) { return queue_->get(id)->record.status; }
    bool finished(const std::string& id) { return storage::is_terminal(status(id)); }

    fs::path dir_;
    storage::MemoryJobStore store_;
    std::optional<storage::ArtifactStore> artifacts_;
    testing::FakeJobEngine engine_;
    EventBus bus_{4096, 1};
    std::unique_ptr<JobQueue> queue_;
};

}  // namespace

TEST_F(QueueTest, RunsAJobToCompletionWithItsVersionsAndFiles) {
    auto& q = make();
    auto job = q.submit(testing::fake_job("happy", 3));
    ASSERT_TRUE(job);
    EXPECT_EQ(job->queue_position, 1);
    ASSERT_TRUE(testing::eventually([&] { return finished(job->record.id); }));
    auto v = q.get(job->record.id);
    EXPECT_EQ(v->record.status, JobStatus::completed);
    EXPECT_EQ(v->record.progress, 100);
    ASSERT_EQ(v->record.versions.size(), 3u);
    for (const auto& ver : v->record.versions) {
        for (const auto& f : ver.files) EXPECT_TRUE(artifacts_->exists(job->record.id, f)) << f;
        EXPECT_TRUE(q.find_version(ver.id).has_value());
    }
    // Durable: the store has the completed job with its versions.
    auto stored = store_.load_all()->front();
    EXPECT_EQ(stored.status, JobStatus::completed);
    EXPECT_EQ(stored.versions.size(), 3u);
}

TEST_F(QueueTest, VersionSeedsFollowTheRequestedSeed) {
    auto& q = make();
    auto p = testing::fake_job("seeded", 2);
    p.seed = 7;
    auto job = q.submit(p);
    ASSERT_TRUE(testing::eventually([&] { return finished(job->record.id); }));
    auto v = q.get(job->record.id)->record.versions;
    EXPECT_NE(v[0].metadata_json.find("\"seed\":7"), std::string::npos) << v[0].metadata_json;
    EXPECT_NE(v[1].metadata_json.find("\"seed\":8"), std::string::npos) << v[1].metadata_json;
}

TEST_F(QueueTest, AFailingOrThrowingJobFailsAloneAndTheQueueMovesOn) {
    auto& q = make();
    auto bad = q.submit(testing::fake_job("please FAIL"));
    auto boom = q.submit(testing::fake_job("THROW up"));
    auto good = q.submit(testing::fake_job("fine"));
    ASSERT_TRUE(testing::eventually([&] { return finished(good->record.id); }));
    EXPECT_EQ(status(bad->record.id), JobStatus::failed);
    EXPECT_EQ(*q.get(bad->record.id)->record.error, "The engine could not make this prompt");
    EXPECT_EQ(status(boom->record.id), JobStatus::failed);
    const std::string err = *q.get(boom->record.id)->record.error;
    EXPECT_EQ(err.find("/secret"), std::string::npos) << "no paths in errors: " << err;
    EXPECT_EQ(status(good->record.id), JobStatus::completed);
    EXPECT_FALSE(fs::exists(dir_ / "artifacts" / bad->record.id));
}

TEST_F(QueueTest, CancelPendingAndRunningJobs) {
    engine_.version_ms = 2000;
    auto& q = make();
    auto running = q.submit(testing::fake_job("long"));
    auto waiting = q.submit(testing::fake_job("waiting"));
    ASSERT_TRUE(testing::eventually([&] { return status(running->record.id) == JobStatus::processing; }));
    ASSERT_TRUE(q.remove_from_queue(waiting->record.id));
    EXPECT_EQ(status(waiting->record.id), JobStatus::cancelled);
    EXPECT_FALSE(q.get(waiting->record.id)->queue_position.has_value());
    auto t0 = std::chrono::steady_clock::now();
    ASSERT_TRUE(q.remove_from_queue(running->record.id));
    EXPECT_EQ(status(running->record.id), JobStatus::cancelled);
    ASSERT_TRUE(testing::eventually([&] { return engine_.running == 0; }));
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 1500ms) << "stop_token not honoured";
    EXPECT_EQ(status(running->record.id), JobStatus::cancelled);
    EXPECT_FALSE(fs::exists(dir_ / "artifacts" / running->record.id));
    EXPECT_EQ(q.remove_from_queue(running->record.id).error().code, Errc::not_found);
    // The queue still works.
    engine_.version_ms = 10;
    auto next = q.submit(testing::fake_job("after"));
    ASSERT_TRUE(testing::eventually([&] { return finished(next->record.id); }));
    EXPECT_EQ(status(next->record.id), JobStatus::completed);
}

TEST_F(QueueTest, ReorderChangesWhatRunsNext) {
    engine_.version_ms = 300;
    auto& q = make();
    auto a = q.submit(testing::fake_job("a"));
    auto b = q.submit(testing::fake_job("b"));
    auto c = q.submit(testing::fake_job("c"));
    ASSERT_TRUE(testing::eventually([&] { return status(a->record.id) == JobStatus::processing; }));
    EXPECT_EQ(q.reorder(a->record.id, 3).error().code, Errc::conflict);
    EXPECT_EQ(q.reorder(c->record.id, 4).error().code, Errc::invalid_argument);
    EXPECT_EQ(q.reorder(c->record.id, 0).error().code, Errc::invalid_argument);
    ASSERT_TRUE(q.reorder(c->record.id, 2));
    EXPECT_EQ(q.get(c->record.id)->queue_position, 2);
    EXPECT_EQ(q.get(b->record.id)->queue_position, 3);
    ASSERT_TRUE(testing::eventually([&] { return finished(b->record.id); }));
    EXPECT_LT(*q.get(c->record.id)->record.finished_at, *q.get(b->record.id)->record.finished_at);
    auto list = q.list_queue();
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[1].record.id, c->record.id);
}

TEST_F(QueueTest, BoundedQueueRefusesWithUnavailable) {
    engine_.version_ms = 5000;
    QueueOptions o;
    o.max_pending = 2;
    auto& q = make(o);
    ASSERT_TRUE(q.submit(testing::fake_job("1")));
    ASSERT_TRUE(testing::eventually([&] { return q.stats().processing == 1; }));
    ASSERT_TRUE(q.submit(testing::fake_job("2")));
    ASSERT_TRUE(q.submit(testing::fake_job("3")));
    auto refused = q.submit(testing::fake_job("4"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, Errc::unavailable);
    EXPECT_GE(q.retry_after_s(), 1);
}

TEST_F(QueueTest, WorkersRunJobsInParallel) {
    engine_.version_ms = 300;
    QueueOptions o;
    o.workers = 2;
    auto& q = make(o);
    auto a = q.submit(testing::fake_job("a"));
    auto b = q.submit(testing::fake_job("b"));
    ASSERT_TRUE(testing::eventually([&] { return finished(a->record.id) && finished(b->record.id); }));
    EXPECT_EQ(engine_.max_running, 2);
}

TEST_F(QueueTest, ProgressEventsAreMonotonicAndEndWithCompleted) {
    engine_.version_ms = 200;
    auto& q = make();
    auto job = q.submit(testing::fake_job("watch", 2));
    ASSERT_TRUE(testing::eventually([&] { return finished(job->record.id); }));
    // The record reads finished a moment before its `completed` event is published.
    ASSERT_TRUE(testing::eventually([&] {
        const auto events = bus_.wait_after(0, 0ms).events;
        return !events.empty() && events.back().type == "completed";
    }));
    auto batch = bus_.wait_after(0, 0ms);
    double last = -1;
    std::vector<std::string> types;
    for (const auto& e : batch.events) {
        types.push_back(e.type);
        auto pos = e.data.find("\"progress\":");
        ASSERT_NE(pos, std::string::npos);
        double p = std::stod(e.data.substr(pos + 11));
        EXPECT_GE(p, last) << e.data;
        last = p;
    }
    ASSERT_GE(types.size(), 3u);
    EXPECT_EQ(types.front(), "created");
    EXPECT_EQ(types[1], "started");
    EXPECT_EQ(types.back(), "completed");
    EXPECT_EQ(last, 100);
}

TEST_F(QueueTest, EtaComesFromMeasuredSpeed) {
    engine_.version_ms = 100;
    auto& q = make();
    auto first = q.submit(testing::fake_job("measure"));
    ASSERT_TRUE(testing::eventually([&] { return finished(first->record.id); }));
    // 100 ms for 10 s of audio: about 0.01 s per audio second (initial guess 0.05).
    EXPECT_LT(q.stats().speed, 0.04);
    engine_.version_ms = 3000;
    auto a = q.submit(testing::fake_job("a"));
    auto b = q.submit(testing::fake_job("b"));
    ASSERT_TRUE(b->eta_s.has_value());
    EXPECT_GT(*b->eta_s, 0);
    EXPECT_GT(*b->eta_s, *q.get(a->record.id)->eta_s);
}

TEST_F(QueueTest, EraseRemovesRecordAndFilesEvenWhileRunning) {
    engine_.version_ms = 10;
    auto& q = make();
    auto done = q.submit(testing::fake_job("done"));
    ASSERT_TRUE(testing::eventually([&] { return finished(done->record.id); }));
    auto vid = q.get(done->record.id)->record.versions[0].id;
    ASSERT_TRUE(q.erase(done->record.id));
    EXPECT_FALSE(q.get(done->record.id));
    EXPECT_FALSE(q.find_version(vid));
    EXPECT_FALSE(fs::exists(dir_ / "artifacts" / done->record.id));
    EXPECT_TRUE(store_.load_all()->empty());

    engine_.version_ms = 2000;
    auto running = q.submit(testing::fake_job("running"));
    ASSERT_TRUE(testing::eventually([&] { return status(running->record.id) == JobStatus::processing; }));
    ASSERT_TRUE(q.erase(running->record.id));
    EXPECT_FALSE(q.get(running->record.id));
    ASSERT_TRUE(testing::eventually([&] { return engine_.running == 0; }));
    EXPECT_TRUE(testing::eventually([&] { return !fs::exists(dir_ / "artifacts" / running->record.id); }));
    EXPECT_EQ(q.erase(running->record.id).error().code, Errc::not_found);
}

TEST_F(QueueTest, RecoverRequeuesInterruptedJobsAndSweepsTheirFiles) {
    // What kill -9 leaves: jobs processing with half their files. Being interrupted, however
    // often, is no evidence against a job; crashing the server is (the crash log names it).
    storage::JobRecord interrupted;
    interrupted.id = storage::new_uuid();
    interrupted.params = testing::fake_job("interrupted", 2);
    interrupted.status = JobStatus::processing;
    interrupted.attempts = 1;
    interrupted.progress = 40;
    interrupted.queue_pos = 1;
    interrupted.created_at = storage::now_iso();
    storage::JobRecord killed_often = interrupted;  // running through 50 kills
    killed_often.id = storage::new_uuid();
    killed_often.params = testing::fake_job("killed often");
    killed_often.attempts = 50;
    killed_often.queue_pos = 2;
    storage::JobRecord poison = interrupted;  // crashed the server three times
    poison.id = storage::new_uuid();
    poison.params = testing::fake_job("poison");
    poison.attempts = 3;
    poison.queue_pos = 3;
    ASSERT_TRUE(store_.insert(interrupted));
    ASSERT_TRUE(store_.update(interrupted));
    ASSERT_TRUE(store_.insert(killed_often));
    ASSERT_TRUE(store_.insert(poison));
    ASSERT_TRUE(artifacts_->write_file(interrupted.id, "partial.mp3", "x"));

    engine_.version_ms = 10;
    QueueOptions o;
    o.crash_counts = {{poison.id, 3}, {"some-old-job", 5}};
    auto& q = make(o);
    EXPECT_EQ(status(poison.id), JobStatus::failed);
    EXPECT_NE(q.get(poison.id)->record.error->find("crashed the server 3 times"),
              std::string::npos);
    ASSERT_TRUE(testing::eventually([&] { return finished(interrupted.id) && finished(killed_often.id); }));
    EXPECT_EQ(status(killed_often.id), JobStatus::completed);
    auto v = q.get(interrupted.id)->record;
    EXPECT_EQ(v.status, JobStatus::completed);
    EXPECT_EQ(v.versions.size(), 2u);
    EXPECT_FALSE(artifacts_->exists(interrupted.id, "partial.mp3"));
    size_t files = 0;
    for (const auto& e : fs::directory_iterator(dir_ / "artifacts" / interrupted.id)) {
        (void)e;
        ++files;
    }
    EXPECT_EQ(files, v.versions[0].files.size() * 2);
}

TEST_F(QueueTest, AJobThatCrashedTheServerRunsLastAndAfterABackoff) {
    storage::JobRecord suspect;
    suspect.id = storage::new_uuid();
    suspect.params = testing::fake_job("suspect");
    suspect.status = JobStatus::processing;
    suspect.attempts = 1;
    suspect.queue_pos = 1;
    suspect.created_at = storage::now_iso();
    storage::JobRecord other = suspect;
    other.id = storage::new_uuid();
    other.params = testing::fake_job("other");
    other.status = JobStatus::pending;
    other.attempts = 0;
    other.queue_pos = 2;
    ASSERT_TRUE(store_.insert(suspect));
    ASSERT_TRUE(store_.insert(other));

    engine_.version_ms = 10;
    // The backoff is measured on the queue's clock: an hour that the test makes pass at once.
    core::FakeEnv clock;
    QueueOptions o;
    o.crash_counts = {{suspect.id, 1}};
    o.crash_backoff = std::chrono::hours(1);
    o.env = &clock;
    auto& q = make(o);
    EXPECT_EQ(q.get(suspect.id)->queue_position, 2) << "behind the job that did nothing wrong";
    ASSERT_TRUE(testing::eventually([&] { return finished(other.id); }));
    EXPECT_EQ(status(suspect.id), JobStatus::pending) << "still waiting out its backoff";
    clock.advance(std::chrono::minutes(59));
    q.wake();
    EXPECT_FALSE(testing::eventually([&] { return finished(suspect.id); }, 100ms));
    clock.advance(std::chrono::minutes(2));
    q.wake();
    ASSERT_TRUE(testing::eventually([&] { return finished(suspect.id); }));
    EXPECT_EQ(status(suspect.id), JobStatus::completed) << "one crash is not enough to fail it";
}

TEST_F(QueueTest, ShutdownRequeuesWhatDidNotFinishInTheGracePeriod) {
    engine_.version_ms = 5000;
    auto& q = make();
    auto job = q.submit(testing::fake_job("slow"));
    auto waiting = q.submit(testing::fake_job("waiting"));
    ASSERT_TRUE(testing::eventually([&] { return status(job->record.id) == JobStatus::processing; }));
    q.shutdown(50ms);
    EXPECT_EQ(q.submit(testing::fake_job("late")).error().code, Errc::unavailable);
    auto stored = store_.load_all();
    for (const auto& r : *stored) {
        EXPECT_EQ(r.status, JobStatus::pending) << r.params.prompt;
        EXPECT_TRUE(r.queue_pos.has_value());
    }
    EXPECT_EQ(stored->front().attempts, 0);
    (void)waiting;
}

TEST_F(QueueTest, ShutdownLetsAShortJobFinish) {
    engine_.version_ms = 300;
    auto& q = make();
    auto job = q.submit(testing::fake_job("short"));
    ASSERT_TRUE(testing::eventually([&] { return status(job->record.id) == JobStatus::processing; }));
    q.shutdown(5s);
    EXPECT_EQ(store_.load_all()->front().status, JobStatus::completed);
}

}  // namespace omg::jobs
