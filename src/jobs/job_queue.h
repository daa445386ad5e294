// JobQueue: the durable queue of generation jobs and the worker pool that runs them, in one
// process: the JobService (jobs/job_service.h) of `omg serve` with its own workers. (An API node
// over a database shared with `omg worker` processes is jobs/shared_queue.h.)
// Its parts live beside it: recovery.h decides what a restart does with each stored job, eta.h
// is the one model of how long jobs take, job_events.h the JSON it publishes and stores; this
// file keeps the state (slots, order, versions) and runs the workers.
//
// State lives in memory (answers status requests without touching the disk) and is written
// through to the JobStore before anything is acknowledged. Order: the queue is an ordered list
// (1-based positions, reorderable); a worker takes the first pending job in that order.
// Finished jobs stay in the queue as history until removed, like the seed backend.
//
// Guarantees:
// - a job `submit` returned is durable; after a crash `recover` requeues jobs that were
//   processing (failing only a job that crashed the server `max_crashes` times, never one that
//   was only running when the process was killed) and removes files that no completed version
//   owns, so every job ends with exactly its versions' files;
// - a failing or throwing job fails alone; the queue moves on;
// - `remove_from_queue` and `erase` cancel a running job through its std::stop_token;
// - `shutdown` stops taking jobs, lets running ones finish within the grace period, and puts
//   the rest back to pending for the next start.
// All public methods are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "core/env.h"
#include "core/result.h"
#include "jobs/eta.h"
#include "jobs/job_metrics.h"
#include "jobs/event_bus.h"
#include "jobs/job_engine.h"
#include "jobs/job_service.h"
#include "storage/artifact_store.h"
#include "storage/job_store.h"

namespace omg::jobs {

struct QueueOptions {
    int workers = 1;
    size_t max_pending = 256;      // submit answers Errc::unavailable beyond this
    // An interrupted job is failed only on evidence that it crashed the server: after
    // `max_crashes` crashes recorded against it (jobs/crash_guard.h; `crash_counts` is what the
    // crash log says at start). A job that was merely running when the server was killed is
    // run again, however often that happens, unless `max_interruptions` (0 = no limit) is set.
    int max_crashes = 3;
    int max_interruptions = 0;
    std::map<std::string, int> crash_counts;
    // A job that crashed the server runs again only after the others, and not before this delay
    // (doubled for each further crash).
    std::chrono::milliseconds crash_backoff{2000};
    double initial_speed = 0.05;   // compute seconds per second of audio, until measured
    std::chrono::milliseconds progress_persist_interval{1000};
    // The clock for backoffs, progress throttling and speed (nullptr: the system's). A test with a
    // FakeEnv advances it and calls JobQueue::wake().
    const core::Env* env = nullptr;
};

class JobQueue final : public JobService {
public:
    JobQueue(storage::JobStore& store, storage::ArtifactStore& artifacts, JobEngine& engine,
             EventBus& events, QueueOptions options);
    ~JobQueue();
    JobQueue(const JobQueue&) = delete;
    JobQueue& operator=(const JobQueue&) = delete;

    // Loads the store, requeues interrupted jobs, sweeps artifacts. Call once, before start.
    Status recover();
    void start();

    // Errc::unavailable when the queue is full or shutting down (see retry_after_s); Errc::io
    // when the store could not save the job (a full disk ...), with a message fit for users.
    Result<JobView> submit(storage::JobParams params, std::string kind = "omg") override;

    std::optional<JobView> get(const std::string& job_id) const override;
    using JobService::list_queue;  // jobs still in the queue, in order
    // The queue, then (with include_cancelled) the cancelled jobs that left it, oldest first;
    // those have no queue_position. GET /api/v1/queue?include=cancelled.
    std::vector<JobView> list_queue(bool include_cancelled) const override;

    // DELETE /queue/{id}: leaves the queue; a pending or running job becomes cancelled.
    // Errc::not_found if unknown or not in the queue.
    Status remove_from_queue(const std::string& job_id) override;
    // Errc::not_found (not in queue), Errc::invalid_argument (bad position),
    // Errc::conflict (the job is processing).
    Status reorder(const std::string& job_id, int new_position) override;
    // DELETE /jobs/{id}: cancels if running, deletes the record and its files.
    Status erase(const std::string& job_id) override;

    using VersionRef = jobs::VersionRef;
    std::optional<VersionRef> find_version(const std::string& version_id) const override;

    // Stops accepting; waits up to `grace` for running jobs; stops and requeues the rest;
    // joins the workers. Idempotent.
    void shutdown(std::chrono::milliseconds grace);

    // Re-checks timers now (a crash backoff measured on a fake clock that a test moved).
    void wake();

    QueueStats stats() const override;
    // Waits, run times and outcomes since this queue started (GET /metrics).
    const JobMetrics& metrics() const override { return metrics_; }
    int retry_after_s() const override;
    double estimate_s(const storage::JobParams& params) const override;

private:
    struct Slot {
        storage::JobRecord record;
        std::string stage;
        bool running = false;
        bool cancel_requested = false;  // by a user: ends cancelled
        bool erased = false;
        std::stop_source stop;
        std::chrono::steady_clock::time_point last_persist{};
        std::chrono::steady_clock::time_point last_event{};
        std::chrono::steady_clock::time_point not_before{};  // crash backoff
        std::chrono::steady_clock::time_point queued{};      // submitted, recovered or requeued
    };

    void worker_loop(std::stop_token worker_stop);
    void run_job(const std::string& job_id);
    void persist(const std::string& job_id, bool complete = false);
    void publish(const std::string& type, const std::string& job_id);
    JobView view_locked(const Slot& slot) const;
    std::optional<int> position_locked(const std::string& job_id) const;
    std::vector<std::optional<double>> etas_locked() const;  // per queue position
    void renumber_locked(std::vector<std::pair<std::string, std::optional<int64_t>>>* out);
    bool has_runnable_locked() const;
    static bool runnable_locked(const Slot& slot, std::chrono::steady_clock::time_point now);
    std::chrono::nanoseconds wake_delay_locked() const;

    storage::JobStore& store_;
    storage::ArtifactStore& artifacts_;
    JobEngine& engine_;
    EventBus& events_;
    QueueOptions options_;
    const core::Env& env_;

    mutable std::mutex mutex_;
    std::condition_variable_any cv_;
    std::map<std::string, Slot> jobs_;
    std::vector<std::string> order_;  // jobs in the queue, by position
    std::map<std::string, std::string> version_to_job_;
    int64_t next_pos_ = 1;
    SpeedModel speed_;
    JobMetrics metrics_;
    bool accepting_ = true;
    bool shutting_down_ = false;

    std::mutex persist_mutex_;  // serialises snapshots + writes so the store sees them in order
    std::vector<std::jthread> workers_;
    bool stopped_ = false;
};

}  // namespace omg::jobs
