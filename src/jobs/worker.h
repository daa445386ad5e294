// Worker: a worker process's engine room (`omg worker`): it claims jobs from the shared
// PostgreSQL queue (storage/job_claims.h) and runs them with the same JobEngine and the same
// version loop (jobs/job_run.h) that `omg serve` runs in process.
//
// `concurrency` slots, each a thread with a database connection of its own, claim one job at a
// time (only jobs of the providers this worker serves; a job that wore out its lease expiries
// is failed as a poison job first). While a job runs, its slot renews the lease every
// `renew_interval` and writes progress fenced by its attempt. The first renewal or write that
// answers Errc::conflict (the job was cancelled, deleted or claimed by another worker) stops
// the render through its std::stop_token, so a cancel on any API node stops the render within
// about `renew_interval`; a database that cannot be reached for as long as the lease lasts
// stops it too (another worker may own the job by then). A lost job's files (only the versions
// this attempt began) are removed; a claim starts by emptying the job's folder (what is there
// was left by an attempt that died). The files of a completed job are written completely (the
// engine writes each file durably) before its completion is written, with its versions, in one
// fenced transaction; with `files_in_database` the files are sent in that same transaction, so
// they become visible with the completion or never (a stale attempt's, a killed worker's), and
// the local copies are removed afterwards.
// `shutdown(grace)`: no more claims; running jobs get `grace` to finish, then are stopped and
// handed back (release: pending again at their place, not counted as a lease expiry). The
// worker's row in the `workers` table (storage/worker_registry.h) is upserted every
// `beat_interval` with the jobs it runs, and deleted at shutdown.
// Thread-safe: start and shutdown from one controlling thread; stats from any.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "core/env.h"
#include "core/result.h"
#include "jobs/job_engine.h"
#include "jobs/job_metrics.h"
#include "storage/artifact_store.h"
#include "storage/job_claims.h"
#include "storage/worker_registry.h"

namespace omg::jobs {

struct WorkerOptions {
    std::string id;                                  // unique: host, pid, a random part
    std::string host;
    int64_t pid = 0;
    std::vector<std::string> providers = {"builtin"};
    std::string default_provider = "builtin";        // what a job without a provider runs on
    int concurrency = 1;
    std::chrono::milliseconds lease{10000};
    std::chrono::milliseconds renew_interval{200};   // also how soon a cancel is seen
    std::chrono::milliseconds poll_interval{250};    // an idle slot looks for work this often
    std::chrono::milliseconds beat_interval{1000};   // the workers table
    std::chrono::milliseconds progress_interval{500};
    int max_lease_expiries = 3;                      // a poison job is failed after this many
    // The files go into the database with the completion (storage/artifacts.h); the artifact
    // folder is then this worker's own staging area, emptied after each job. false: the
    // folder is the one the API nodes serve from.
    bool files_in_database = false;
    std::function<void(const std::string&)> log;     // one line per event; may be empty
    const core::Env* env = nullptr;                  // the clock (nullptr: the system's)
};

struct WorkerStats {
    uint64_t claimed = 0;
    uint64_t completed = 0;
    uint64_t failed = 0;
    uint64_t lost = 0;            // cancelled, deleted or taken over while running here
    uint64_t handed_back = 0;     // released at a graceful stop
    uint64_t taken_over = 0;      // claimed after another worker's lease expired
    uint64_t poisoned = 0;        // failed here as poison jobs
    Histogram::Snapshot claim_latency;
};

// Opens one JobClaims connection (one per slot).
using ClaimsFactory = std::function<Result<std::unique_ptr<storage::JobClaims>>()>;

class Worker {
public:
    // `registry` may be null (no workers table rows); engine, artifacts, registry not owned.
    Worker(ClaimsFactory claims, storage::WorkerRegistry* registry, JobEngine& engine,
           storage::ArtifactStore& artifacts, WorkerOptions options);
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    // Opens the slots' connections and starts them. Errc::unavailable when the database
    // cannot be reached.
    Status start();
    // Idempotent; returns once every slot has finished or handed its job back.
    void shutdown(std::chrono::milliseconds grace);

    WorkerStats stats() const;
    std::vector<std::string> current_jobs() const;

private:
    struct Running {
        std::string job_id;
        std::stop_source stop;
    };
    struct Claimed;

    void slot_loop(std::stop_token stop, size_t slot);
    void run_claim(storage::JobClaims& claims, storage::Claim claim, size_t slot);
    void beat_loop(std::stop_token stop);
    void fail_poison_jobs(storage::JobClaims& claims);
    void say(const std::string& line) const;
    bool wait_for(std::stop_token stop, std::chrono::milliseconds d);
    storage::WorkerBeat beat_of() const;

    ClaimsFactory claims_factory_;
    storage::WorkerRegistry* registry_;
    JobEngine& engine_;
    storage::ArtifactStore& artifacts_;
    WorkerOptions options_;
    const core::Env& env_;
    std::string started_at_;

    mutable std::mutex mutex_;
    std::condition_variable_any cv_;
    std::vector<std::unique_ptr<storage::JobClaims>> claims_;
    std::vector<Running> running_;  // per slot; job_id "" when idle
    bool draining_ = false;         // no more claims
    bool handing_back_ = false;     // grace over: running jobs are stopped and released
    bool stopped_ = false;

    std::atomic<uint64_t> claimed_{0}, completed_{0}, failed_{0}, lost_{0}, handed_back_{0},
        taken_over_{0}, poisoned_{0};
    Histogram claim_latency_;

    std::vector<std::jthread> slots_;
    std::jthread beat_;
};

}  // namespace omg::jobs
