// JobService: the job queue as the HTTP API sees it. Two implementations:
// - JobQueue (jobs/job_queue.h): the in-process queue of `omg serve` (SQLite by default, or
//   PostgreSQL held by one server), state in memory and written through to the store, its own
//   worker threads;
// - SharedQueue (jobs/shared_queue.h): an API node of `omg serve --database postgresql://...
//   --workers 0`, which runs no jobs: the database, shared with `omg worker` processes and
//   other API nodes, is the source of truth, followed through its change feed.
// Both give the same answers for the same state: 1-based queue positions, finished jobs kept in
// the queue as history until removed, the same errors (Errc::not_found for an unknown job or
// one not in the queue, Errc::invalid_argument for a bad position, Errc::conflict for moving a
// processing job, Errc::unavailable when full or stopping, or, on an API node, when the
// database cannot be reached). Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "jobs/job_metrics.h"
#include "storage/job_record.h"

namespace omg::jobs {

// A job as clients see it: the record plus what the queue knows about it.
struct JobView {
    storage::JobRecord record;
    std::optional<int> queue_position;  // 1-based; unset once removed from the queue
    std::string stage;                  // the running stage, "" when not running or not known
    std::optional<double> eta_s;        // seconds until completed; unset when finished
};

struct QueueStats {
    int workers = 0;   // jobs run at once: threads here, or the live worker processes' slots
    int pending = 0;
    int processing = 0;
    int total = 0;
    double speed = 0;  // measured compute seconds per audio second
    bool accepting = true;
};

struct VersionRef {
    std::string job_id;
    storage::VersionRecord version;
};

class JobService {
public:
    virtual ~JobService() = default;

    // Errc::unavailable when the queue is full or shutting down (see retry_after_s); Errc::io
    // when the job could not be saved, with a message fit for users.
    virtual Result<JobView> submit(storage::JobParams params, std::string kind = "omg") = 0;
    virtual std::optional<JobView> get(const std::string& job_id) const = 0;
    // The queue, then (with include_cancelled) the cancelled jobs that left it, oldest first.
    virtual std::vector<JobView> list_queue(bool include_cancelled) const = 0;
    std::vector<JobView> list_queue() const { return list_queue(false); }
    // DELETE /queue/{id}: leaves the queue; a pending or running job becomes cancelled.
    virtual Status remove_from_queue(const std::string& job_id) = 0;
    virtual Status reorder(const std::string& job_id, int new_position) = 0;
    // DELETE /jobs/{id}: cancels if running, deletes the record and its files.
    virtual Status erase(const std::string& job_id) = 0;
    virtual std::optional<VersionRef> find_version(const std::string& version_id) const = 0;

    virtual QueueStats stats() const = 0;
    // What this node counted since it started (GET /metrics).
    virtual const JobMetrics& metrics() const = 0;
    // A sensible Retry-After, in whole seconds (>= 1), when submit is refused or the database
    // cannot be reached.
    virtual int retry_after_s() const = 0;
    // Whether this node can answer from the database now: Errc::unavailable, with a message for
    // clients, when it cannot vouch for a change (`write`: the last read of the database
    // failed) or for what it reads (the last good read is too old). The in-process queue holds
    // its state in memory and always can.
    virtual Status database_ready(bool write) const {
        (void)write;
        return {};
    }
    // Seconds of compute one job with these parameters should take.
    virtual double estimate_s(const storage::JobParams& params) const = 0;
};

}  // namespace omg::jobs
