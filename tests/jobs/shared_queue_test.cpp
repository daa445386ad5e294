// API nodes over one PostgreSQL database (jobs/shared_queue.h): two SharedQueues play two
// nodes, a JobClaims plays a worker process. Refreshes are called by hand (no thread), so each
// test decides when a node reads the database.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "jobs/shared_queue.h"
#include "storage/ids.h"
#include "storage/job_claims.h"
#include "support/fake_job_engine.h"
#include "support/postgres_fixture.h"

namespace omg::jobs {
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using storage::JobRecord;
using storage::JobStatus;

namespace {

struct Node {
    std::unique_ptr<storage::SharedQueueStore> store;
    EventBus events;
    std::unique_ptr<SharedQueue> queue;
    uint64_t seen = 0;
    // Types of the events published since the last call.
    std::vector<std::string> drain() {
        auto batch = events.collect_after(seen);
        std::vector<std::string> types;
        for (const auto& e : batch.events) {
            types.push_back(e.type);
            seen = e.id;
        }
        return types;
    }
};

class SharedQueueTest : public ::testing::Test {
protected:
    void SetUp() override {
        url_ = test::fresh_postgres_database();
        ASSERT_FALSE(url_.empty());
        dir_ = fs::temp_directory_path() / ("omg-shared-" + storage::new_uuid());
        artifacts_.emplace(*storage::ArtifactStore::open(dir_));
        for (auto* n : {&a_, &b_}) {
            auto store = storage::open_postgres_shared_queue(url_);
            ASSERT_TRUE(store) << store.error().message;
            n->store = std::move(*store);
            n->queue = std::make_unique<SharedQueue>(*n->store, nullptr, *artifacts_, n->events,
                                                     SharedQueueOptions{});
            ASSERT_TRUE(n->queue->refresh());
        }
        auto claims = storage::open_postgres_job_claims(url_);
        ASSERT_TRUE(claims);
        worker_ = std::move(*claims);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::optional<storage::Claim> claim() {
        storage::ClaimRequest q;
        q.worker = "w";
        q.providers = {"builtin"};
        q.started_at = storage::now_iso();
        auto c = worker_->claim(q);
        EXPECT_TRUE(c);
        return c ? *c : std::nullopt;
    }
    static std::vector<std::string> ids(const std::vector<JobView>& views) {
        std::vector<std::string> out;
        for (const auto& v : views) out.push_back(v.record.id);
        return out;
    }

    std::string url_;
    fs::path dir_;
    std::optional<storage::ArtifactStore> artifacts_;
    Node a_, b_;
    std::unique_ptr<storage::JobClaims> worker_;
};

TEST_F(SharedQueueTest, AJobSubmittedOnOneNodeIsSeenOnTheOtherWithItsPlace) {
    auto first = a_.queue->submit(testing::fake_job("one"));
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->queue_position, 1);
    EXPECT_EQ(a_.drain(), std::vector<std::string>{"created"}) << "read its own write at once";
    ASSERT_TRUE(a_.queue->get(first->record.id));

    auto second = b_.queue->submit(testing::fake_job("two"), "track");
    ASSERT_TRUE(second);
    EXPECT_EQ(second->queue_position, 2) << "the position comes from the database";
    EXPECT_EQ(second->record.id.rfind("track_", 0), 0u);
    ASSERT_TRUE(a_.queue->refresh());
    EXPECT_EQ(a_.drain(), std::vector<std::string>{"created"});
    EXPECT_EQ(ids(a_.queue->list_queue()), (std::vector<std::string>{first->record.id, second->record.id}));
    EXPECT_EQ(a_.queue->stats().pending, 2);
}

TEST_F(SharedQueueTest, WhatAWorkerDoesReachesEveryNodeAsEvents) {
    auto job = a_.queue->submit(testing::fake_job("song"));
    ASSERT_TRUE(job);
    ASSERT_TRUE(b_.queue->refresh());
    b_.drain();
    auto c = claim();
    ASSERT_TRUE(c);
    ASSERT_TRUE(b_.queue->refresh());
    EXPECT_EQ(b_.drain(), std::vector<std::string>{"started"});
    JobRecord r = c->job;
    r.progress = 40;
    ASSERT_TRUE(worker_->update(r, c->attempt));
    ASSERT_TRUE(b_.queue->refresh());
    EXPECT_EQ(b_.drain(), std::vector<std::string>{"progress"});
    EXPECT_EQ(b_.queue->get(job->record.id)->record.progress, 40);
    EXPECT_EQ(b_.queue->stats().processing, 1);

    r.status = JobStatus::completed;
    r.progress = 100;
    r.finished_at = storage::now_iso();
    const std::string vid = storage::new_uuid();
    r.versions = {{vid, 0, "{}", {vid + ".mp3"}}};
    ASSERT_TRUE(worker_->complete(r, c->attempt));
    ASSERT_TRUE(b_.queue->refresh());
    EXPECT_EQ(b_.drain(), std::vector<std::string>{"completed"});
    auto ref = b_.queue->find_version(vid);
    ASSERT_TRUE(ref);
    EXPECT_EQ(ref->job_id, job->record.id);
    EXPECT_EQ(ref->version.files, std::vector<std::string>{vid + ".mp3"});
    ASSERT_TRUE(b_.queue->refresh());
    EXPECT_TRUE(b_.drain().empty()) << "nothing changed, nothing published";
}

TEST_F(SharedQueueTest, ACancelOnANodeEndsTheWorkersLeaseAndRenumbersTheQueue) {
    auto running = a_.queue->submit(testing::fake_job("running"));
    auto waiting = a_.queue->submit(testing::fake_job("waiting"));
    ASSERT_TRUE(running && waiting);
    auto c = claim();
    ASSERT_TRUE(c);
    ASSERT_EQ(c->job.id, running->record.id);
    ASSERT_TRUE(b_.queue->refresh());
    b_.drain();

    ASSERT_TRUE(b_.queue->remove_from_queue(running->record.id));
    const auto cancelled = b_.queue->get(running->record.id);
    ASSERT_TRUE(cancelled);
    EXPECT_EQ(cancelled->record.status, JobStatus::cancelled);
    EXPECT_FALSE(cancelled->queue_position);
    EXPECT_TRUE(cancelled->record.finished_at);
    EXPECT_EQ(b_.drain(), (std::vector<std::string>{"cancelled", "reordered"}));
    EXPECT_EQ(b_.queue->get(waiting->record.id)->queue_position, 1);
    EXPECT_EQ(worker_->renew(running->record.id, c->attempt, 10s).error().code, Errc::conflict)
        << "the worker learns it at its next renewal";
    JobRecord late = c->job;
    late.status = JobStatus::completed;
    EXPECT_EQ(worker_->complete(late, c->attempt).error().code, Errc::conflict);
    EXPECT_EQ(b_.queue->remove_from_queue(running->record.id).error().code, Errc::not_found);
    EXPECT_EQ(ids(b_.queue->list_queue(true)),
              (std::vector<std::string>{waiting->record.id, running->record.id}));
}

// Every node numbers a change with the feed's id, so a client may resume on any node.
TEST_F(SharedQueueTest, EveryNodeGivesAChangeTheSameIdAndANodeStartedLaterReplaysThem) {
    auto job = a_.queue->submit(testing::fake_job("song"));
    ASSERT_TRUE(job);
    auto c = claim();
    ASSERT_TRUE(c);
    ASSERT_TRUE(worker_->report_progress(job->record.id, c->attempt, 30, "render"));
    ASSERT_TRUE(worker_->renew(job->record.id, c->attempt, 10s));  // a renewal changes nothing seen
    ASSERT_TRUE(a_.queue->refresh());
    ASSERT_TRUE(b_.queue->refresh());
    auto seen_on = [](EventBus& bus, uint64_t after) {
        std::vector<std::pair<uint64_t, std::string>> out;
        for (const auto& e : bus.collect_after(after).events) out.emplace_back(e.id, e.type);
        return out;
    };
    const auto on_a = seen_on(a_.events, 0);
    ASSERT_EQ(on_a.size(), 3u);
    EXPECT_EQ(on_a[0].second, "created");
    EXPECT_EQ(on_a[1].second, "started");
    EXPECT_EQ(on_a[2].second, "progress");
    EXPECT_LT(on_a[0].first, on_a[1].first);
    EXPECT_EQ(seen_on(b_.events, 0), on_a) << "the same changes under the same ids";
    // The stage the worker reported is shown by every node, in its view and its events.
    EXPECT_EQ(b_.queue->get(job->record.id)->stage, "render");
    EXPECT_EQ(b_.queue->get(job->record.id)->record.progress, 30);
    const auto last = b_.events.collect_after(on_a[1].first).events;
    ASSERT_EQ(last.size(), 1u);
    EXPECT_NE(last[0].data.find("\"stage\":\"render\""), std::string::npos) << last[0].data;

    // A node started now keeps the changes it did not see, under the same ids: a client of a
    // node that went away resumes here with Last-Event-ID and gets exactly what it missed.
    Node late;
    auto store = storage::open_postgres_shared_queue(url_);
    ASSERT_TRUE(store);
    late.store = std::move(*store);
    late.queue = std::make_unique<SharedQueue>(*late.store, nullptr, *artifacts_, late.events,
                                               SharedQueueOptions{});
    ASSERT_TRUE(late.queue->refresh());
    EXPECT_EQ(seen_on(late.events, on_a[0].first), (std::vector<std::pair<uint64_t, std::string>>{
                                                       on_a[1], on_a[2]}));
    EXPECT_EQ(late.events.last_id(), on_a[2].first);
    EXPECT_EQ(late.queue->get(job->record.id)->stage, "render");

    // The stage belongs to the running attempt: gone once the job is finished.
    JobRecord done = c->job;
    done.status = JobStatus::completed;
    done.progress = 100;
    done.finished_at = storage::now_iso();
    ASSERT_TRUE(worker_->complete(done, c->attempt));
    ASSERT_TRUE(late.queue->refresh());
    EXPECT_EQ(late.queue->get(job->record.id)->stage, "");
    ASSERT_TRUE(a_.queue->refresh());
    const auto completed = late.events.collect_after(on_a[2].first).events;
    ASSERT_EQ(completed.size(), 1u);
    EXPECT_EQ(completed[0].type, "completed");
    EXPECT_EQ(completed[0].id, a_.events.last_id());
}

// Ids are taken in the order the changes commit, so a reader that saw id n never gets an id
// below n later: workers writing at once, a node reading all the while, nothing skipped.
TEST_F(SharedQueueTest, AReaderFollowingTheFeedWhileWorkersWriteMissesNoChange) {
    constexpr int kWorkers = 4;
    for (int i = 0; i < kWorkers; ++i) ASSERT_TRUE(a_.queue->submit(testing::fake_job("busy")));
    std::atomic<bool> done{false};
    std::vector<std::jthread> writers;
    for (int w = 0; w < kWorkers; ++w) {
        writers.emplace_back([&, w] {
            auto claims = storage::open_postgres_job_claims(url_);
            if (!claims) return;
            storage::ClaimRequest q;
            q.worker = "w" + std::to_string(w);
            q.providers = {"builtin"};
            q.started_at = storage::now_iso();
            auto c = (*claims)->claim(q);
            if (!c || !*c) return;
            for (int p = 1; p <= 60; ++p) {
                (void)(*claims)->report_progress((*c)->job.id, (*c)->attempt, p, "render");
            }
        });
    }
    std::vector<int64_t> followed;
    std::jthread reader([&] {
        int64_t after = 0;
        while (!done) {
            auto events = b_.store->events_after(after, 50);
            if (!events) continue;
            for (const auto& e : *events) {
                followed.push_back(e.id);
                after = e.id;
            }
        }
    });
    writers.clear();
    done = true;
    reader.join();
    auto all = b_.store->events_after(0, 100000);
    ASSERT_TRUE(all);
    std::vector<int64_t> ids;
    for (const auto& e : *all) ids.push_back(e.id);
    // The reader may have stopped before the last changes: what it saw is a prefix of the feed.
    ASSERT_LE(followed.size(), ids.size());
    EXPECT_GE(ids.size(), static_cast<size_t>(kWorkers * 62));
    EXPECT_EQ(followed, std::vector<int64_t>(ids.begin(), ids.begin() + static_cast<long>(followed.size())));
}

TEST_F(SharedQueueTest, ReorderActsThroughTheDatabase) {
    std::vector<std::string> jobs;
    for (const char* p : {"a", "b", "c"}) {
        auto v = a_.queue->submit(testing::fake_job(p));
        ASSERT_TRUE(v);
        jobs.push_back(v->record.id);
    }
    ASSERT_TRUE(b_.queue->refresh());
    ASSERT_TRUE(b_.queue->reorder(jobs[2], 1));
    EXPECT_EQ(ids(b_.queue->list_queue()), (std::vector<std::string>{jobs[2], jobs[0], jobs[1]}));
    ASSERT_TRUE(a_.queue->refresh());
    EXPECT_EQ(ids(a_.queue->list_queue()), (std::vector<std::string>{jobs[2], jobs[0], jobs[1]}));
    EXPECT_EQ(a_.queue->reorder(jobs[0], 4).error().code, Errc::invalid_argument);
    EXPECT_EQ(a_.queue->reorder(storage::new_uuid(), 1).error().code, Errc::not_found);
    auto c = claim();
    ASSERT_TRUE(c);
    EXPECT_EQ(c->job.id, jobs[2]) << "workers claim in the new order";
    EXPECT_EQ(a_.queue->reorder(jobs[2], 3).error().code, Errc::conflict);
}

TEST_F(SharedQueueTest, DeleteRemovesTheRecordAndTheFilesEverywhere) {
    auto job = a_.queue->submit(testing::fake_job("gone"));
    ASSERT_TRUE(job);
    ASSERT_TRUE(artifacts_->write_file(job->record.id, storage::new_uuid() + ".mp3", "x"));
    ASSERT_TRUE(b_.queue->refresh());
    b_.drain();
    ASSERT_TRUE(a_.queue->erase(job->record.id));
    EXPECT_FALSE(a_.queue->get(job->record.id));
    EXPECT_FALSE(fs::exists(dir_ / "artifacts" / job->record.id));
    EXPECT_EQ(a_.queue->erase(job->record.id).error().code, Errc::not_found);
    ASSERT_TRUE(b_.queue->refresh());
    EXPECT_EQ(b_.drain(), std::vector<std::string>{"deleted"});
    EXPECT_FALSE(b_.queue->get(job->record.id));
}

TEST_F(SharedQueueTest, AFullQueueAndAStoppedNodeRefuseNewJobs) {
    auto store = storage::open_postgres_shared_queue(url_);
    ASSERT_TRUE(store);
    EventBus events;
    SharedQueueOptions o;
    o.max_pending = 1;
    SharedQueue node(**store, nullptr, *artifacts_, events, o);
    ASSERT_TRUE(node.refresh());
    ASSERT_TRUE(node.submit(testing::fake_job("one")));
    EXPECT_EQ(node.submit(testing::fake_job("two")).error().code, Errc::unavailable);
    node.shutdown();
    EXPECT_FALSE(node.stats().accepting);
    EXPECT_EQ(node.submit(testing::fake_job("three")).error().code, Errc::unavailable);
    EXPECT_TRUE(node.cluster().database_reachable);
}

TEST_F(SharedQueueTest, WhileTheDatabaseIsGoneChangesAndStaleReadsAreRefusedAndTheNodeRecovers) {
    auto store = storage::open_postgres_shared_queue(url_);
    ASSERT_TRUE(store);
    EventBus events;
    SharedQueueOptions o;
    o.stale_after = 300ms;
    o.database_retry_after_s = 3;
    SharedQueue node(**store, nullptr, *artifacts_, events, o);
    ASSERT_TRUE(node.refresh());
    auto kept = node.submit(testing::fake_job("kept"));
    ASSERT_TRUE(kept);
    const std::string id = kept->record.id;
    EXPECT_TRUE(node.database_ready(true));

    auto cluster = test::shared_postgres();
    ASSERT_TRUE(cluster);
    ASSERT_TRUE((*cluster)->stop());
    EXPECT_FALSE(node.refresh());
    EXPECT_FALSE(node.cluster().database_reachable);
    const auto refused = node.database_ready(true);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, Errc::unavailable);
    EXPECT_EQ(refused.error().message, "The database cannot be reached; try again later");
    EXPECT_EQ(node.retry_after_s(), 3);
    // A fresh snapshot may still be read; an old one may not.
    EXPECT_TRUE(node.database_ready(false));
    std::this_thread::sleep_for(400ms);
    EXPECT_EQ(node.database_ready(false).error().code, Errc::unavailable);
    // The changes themselves say the same, whatever libpq said.
    auto submitted = node.submit(testing::fake_job("lost"));
    ASSERT_FALSE(submitted);
    EXPECT_EQ(submitted.error().code, Errc::unavailable);
    EXPECT_EQ(submitted.error().message, "The database cannot be reached; try again later");
    for (const Status& st : {node.remove_from_queue(id), node.reorder(id, 1), node.erase(id)}) {
        ASSERT_FALSE(st);
        EXPECT_EQ(st.error().code, Errc::unavailable);
        EXPECT_EQ(st.error().message, "The database cannot be reached; try again later");
    }

    ASSERT_TRUE((*cluster)->restart());
    // The same node and store: the session reconnects on the next read.
    ASSERT_TRUE(node.refresh());
    EXPECT_TRUE(node.database_ready(true));
    EXPECT_TRUE(node.database_ready(false));
    EXPECT_TRUE(node.cluster().database_reachable);
    ASSERT_TRUE(node.get(id));
    EXPECT_TRUE(node.remove_from_queue(id));
    EXPECT_EQ(node.get(id)->record.status, JobStatus::cancelled);
    EXPECT_TRUE(node.submit(testing::fake_job("after")));
}

TEST_F(SharedQueueTest, ANodeThatNeverReadTheDatabaseVouchesForNothing) {
    auto store = storage::open_postgres_shared_queue(url_);
    ASSERT_TRUE(store);
    EventBus events;
    SharedQueue node(**store, nullptr, *artifacts_, events, SharedQueueOptions{});
    EXPECT_EQ(node.database_ready(false).error().code, Errc::unavailable);
    ASSERT_TRUE(node.refresh());
    EXPECT_TRUE(node.database_ready(false));
}

}  // namespace
}  // namespace omg::jobs
