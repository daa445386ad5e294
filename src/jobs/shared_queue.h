// SharedQueue: the JobService of an API node (`omg serve --database postgresql://...
// --workers 0`), which runs no jobs itself: `omg worker` processes run them
// (jobs/worker.h), and the database they share is the source of truth.
//
// The node reads the whole queue (jobs with their versions) once, at start, and from then on
// only what changed: the database's change feed (storage/shared_queue_store.h) numbers every
// change of every job, whichever node or worker made it, and announces it (NOTIFY); the node
// waits on that announcement (polling every `refresh_interval` as a fallback), reads the
// changes after the last it saw and reloads just the jobs they name. Each change is published
// on the node's EventBus with the feed's id as its event id and the in-process queue's event
// types (created, started, progress, completed, failed, cancelled, requeued, removed,
// reordered, deleted), and its data is the job as of that change (status, progress, stage),
// so every node sends the same events under the same ids and a client may resume on any node
// with Last-Event-ID. A starting node keeps the newest `replay_events` changes for such
// clients; a node whose feed was pruned past what it saw (away longer than the feed keeps)
// reads everything again and publishes `resync`. Its own changes (submit, cancel, reorder,
// delete) are made in the database first and followed by a read of the feed, so a client
// reads its own writes at once.
// The database's files are the workers': this node never sweeps the shared data folder; a
// deleted job's folder is removed here, and a worker still rendering it removes what it writes
// when its next lease renewal is refused.
// Workers report a running job's stage with its progress; ETAs use the speed this node saw
// (a job's start to its completion) over the workers seen recently (each counted once,
// whatever its concurrency).
// The database going away: every change (submit, cancel, reorder, delete) is refused with
// Errc::unavailable ("The database cannot be reached; try again later") while the last read
// failed or the change itself cannot reach it, and reads are refused once the last good read is
// older than `stale_after`; the refresher keeps trying at its interval (pg::Session reconnects),
// so the node recovers by itself on the first good read after the database returns, and reads
// on from the last change it saw (the feed is durable).
// Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "jobs/eta.h"
#include "jobs/event_bus.h"
#include "jobs/job_service.h"
#include "storage/artifact_store.h"
#include "storage/shared_queue_store.h"
#include "storage/worker_registry.h"

namespace omg::jobs {

struct SharedQueueOptions {
    // The longest wait for the database's notification before reading the feed anyway.
    std::chrono::milliseconds refresh_interval{250};
    // Workers and lease expiries are read at most this often.
    std::chrono::milliseconds cluster_interval{1000};
    size_t feed_batch = 1000;     // changes read at once
    size_t replay_events = 4096;  // newest changes a starting node keeps for resuming clients
    size_t max_pending = 256;            // submit answers Errc::unavailable beyond this
    double initial_speed = 0.05;         // compute seconds per audio second, for ETAs
    std::chrono::seconds workers_seen_within{10};
    // Reads are answered from a snapshot at most this old; older, they are refused.
    std::chrono::milliseconds stale_after{5000};
    // Retry-After while the database cannot be reached.
    int database_retry_after_s = 2;
};

// What an API node last read about the machines around it (/health, /metrics,
// GET /api/v1/workers answer from it without touching the database).
struct ClusterState {
    bool database_reachable = false;           // the last read succeeded
    std::vector<storage::WorkerSeen> workers;  // heartbeat within workers_seen_within
    int64_t lease_expiries = 0;                // counted on the jobs stored
};

class SharedQueue final : public JobService {
public:
    // `registry` may be null (no worker count). None is owned; all must outlive the queue.
    SharedQueue(storage::SharedQueueStore& store, storage::WorkerRegistry* registry,
                storage::ArtifactStore& artifacts, EventBus& events, SharedQueueOptions options);
    ~SharedQueue() override;
    SharedQueue(const SharedQueue&) = delete;
    SharedQueue& operator=(const SharedQueue&) = delete;

    // One read of the database's change feed; publishes what changed since the last. The
    // first call (before start) reads the whole queue.
    Status refresh();
    // Follows the feed from a thread of its own until shutdown.
    void start();
    // Stops accepting and reading. Idempotent.
    void shutdown();
    ClusterState cluster() const;

    Result<JobView> submit(storage::JobParams params, std::string kind = "omg") override;
    std::optional<JobView> get(const std::string& job_id) const override;
    using JobService::list_queue;
    std::vector<JobView> list_queue(bool include_cancelled) const override;
    Status remove_from_queue(const std::string& job_id) override;
    Status reorder(const std::string& job_id, int new_position) override;
    Status erase(const std::string& job_id) override;
    std::optional<VersionRef> find_version(const std::string& version_id) const override;
    QueueStats stats() const override;
    const JobMetrics& metrics() const override { return metrics_; }
    int retry_after_s() const override;
    Status database_ready(bool write) const override;
    double estimate_s(const storage::JobParams& params) const override;

private:
    using Snapshot = std::map<std::string, storage::JobRecord>;
    // Queue positions (0-based) and ETAs, computed once for a batch of events.
    struct Views {
        std::vector<std::optional<double>> etas;
        std::map<std::string, size_t> position;
    };
    void read_cluster();
    Status load_snapshot();
    Status follow_feed();
    void apply(std::vector<storage::JobEvent> events, std::vector<storage::JobRecord> changed);
    void index_locked();
    void measure_locked(const storage::JobRecord& rec, std::chrono::steady_clock::time_point now);
    Views views_locked() const;
    std::string event_data_locked(const storage::JobEvent& e, const Views& views) const;
    JobView view_locked(const storage::JobRecord& record) const;
    std::vector<std::optional<double>> etas_locked() const;
    // A store's failure as clients see it: an unreachable database says so plainly (whatever
    // libpq said) and marks the database unreachable; other errors are kept as they are.
    Error database_error(Error e);
    Status apply_and_publish(const std::string& type, const std::string& job_id);

    storage::SharedQueueStore& store_;
    storage::WorkerRegistry* registry_;
    storage::ArtifactStore& artifacts_;
    EventBus& events_;
    SharedQueueOptions options_;

    mutable std::mutex mutex_;
    Snapshot jobs_;
    std::vector<std::string> order_;  // in the queue, by position
    std::map<std::string, std::string> version_to_job_;
    std::map<std::string, std::string> stages_;  // running jobs' stages
    std::map<std::string, std::chrono::steady_clock::time_point> started_seen_;
    int64_t seen_ = 0;       // the last change of the feed applied
    bool was_away_ = false;  // the last read failed: check the feed still reaches back
    std::optional<std::chrono::steady_clock::time_point> cluster_read_;
    int workers_seen_ = 0;
    bool loaded_ = false;
    ClusterState cluster_;
    std::chrono::steady_clock::time_point last_good_read_{};
    bool accepting_ = true;
    SpeedModel speed_;
    JobMetrics metrics_;

    std::mutex refresh_mutex_;  // one refresh at a time, and none during a local change
    std::jthread refresher_;
};

}  // namespace omg::jobs
