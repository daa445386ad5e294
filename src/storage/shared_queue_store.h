// SharedQueueStore: what an API node changes in a job queue that it shares with worker
// processes and other API nodes (PostgreSQL). Workers run jobs through JobClaims
// (storage/job_claims.h); API nodes add, order, cancel and delete them here.
//
// Order: jobs in the queue (queue_pos set) are ranked by queue_pos and kept numbered 1..n, as
// the in-process queue numbers them. Every change of the order (enqueue, remove, move, erase)
// runs in one transaction under one transaction-scoped advisory lock, so API nodes changing
// the order at once never give two jobs one place. Cancelling and deleting are single
// statements conditioned on the job's state: a worker's fenced writes (conditioned on status
// 'processing' and its attempt) and these never both succeed, so a job cancelled on any node
// is never completed afterwards, and the worker learns it at its next lease renewal.
// The change feed: every change of a job that clients see is a JobEvent with an id that orders
// all changes, written in the transaction that made the change (by whichever process made it:
// an API node, a worker) and announced at its commit (PostgreSQL: the `job_events` table of
// migration 4 and NOTIFY). A reader that has seen id n has seen every change below n, so API
// nodes read only what changed after the last id they saw, and every node gives a change the
// same id. The feed keeps about an hour; `feed_holds` says whether it still reaches back.
// Thread-safe: each implementation serialises its calls through its own connections;
// wait_for_change has a connection of its own, so it never holds up the other calls.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/job_record.h"

namespace omg::storage {

// One change of a job, as the feed recorded it.
struct JobEvent {
    int64_t id = 0;
    std::string job_id;
    // created | started | progress | completed | failed | cancelled | requeued | removed |
    // reordered | deleted
    std::string kind;
    std::string status;  // the job's status as of this change; "deleted" for a deletion
    double progress = 0;
    std::string stage;   // the running stage as of this change, "" when not running
    bool operator==(const JobEvent&) const = default;
};

// The whole queue and the feed's position, read at one moment.
struct QueueSnapshot {
    std::vector<JobRecord> jobs;                // with versions, oldest first
    std::map<std::string, std::string> stages;  // running jobs' stages, by job id
    int64_t last_event = 0;                     // the newest change included (0: none yet)
    std::vector<JobEvent> recent;               // the newest changes (up to the limit), by id
};

class SharedQueueStore {
public:
    virtual ~SharedQueueStore() = default;

    // The queue and the feed's last id in one consistent read, with up to `recent` of the
    // newest changes (so a node that just started can replay them to reconnecting clients).
    virtual Result<QueueSnapshot> snapshot(size_t recent) = 0;
    // The changes with id > after, by id, at most `limit`.
    virtual Result<std::vector<JobEvent>> events_after(int64_t after, size_t limit) = 0;
    // The jobs (with versions) named by the changes after..upto, in one consistent read; a
    // job that no longer exists is absent.
    virtual Result<std::vector<JobRecord>> load_changed(int64_t after, int64_t upto) = 0;
    // Whether every change after `after` is still in the feed (false once it was pruned past
    // it: read a snapshot instead).
    virtual Result<bool> feed_holds(int64_t after) = 0;
    // Waits up to `timeout` for a change committed by anyone; true when one was announced.
    // Errc::unavailable while the database cannot be reached (the caller waits and retries).
    virtual Result<bool> wait_for_change(std::chrono::milliseconds timeout) = 0;

    // Every job with its versions, oldest first (one snapshot).
    virtual Result<std::vector<JobRecord>> load_all() = 0;
    // Inserts the job at the end of the queue; returns the position it got (its queue_pos).
    virtual Result<int64_t> enqueue(const JobRecord& job) = 0;
    // Takes the job out of the queue; a pending or processing one becomes cancelled with
    // `finished_at`. Returns the status it had. Errc::not_found when it is not in the queue.
    virtual Result<JobStatus> remove_from_queue(const std::string& job_id,
                                                const std::string& finished_at) = 0;
    // Errc::not_found (not in the queue), Errc::invalid_argument (position outside 1..n),
    // Errc::conflict (the job is processing).
    virtual Status move(const std::string& job_id, int new_position) = 0;
    // The job and its versions. Errc::not_found when absent.
    virtual Status erase(const std::string& job_id) = 0;
    // Leases that ran out under workers that stopped renewing, over every job stored.
    virtual Result<int64_t> lease_expiries() = 0;
};

// Its own connection (the schema created and migrated as needed); never takes the database
// for itself. Errc::unavailable when it cannot be reached, or while a server running its own
// workers holds the database.
Result<std::unique_ptr<SharedQueueStore>> open_postgres_shared_queue(const std::string& url);

}  // namespace omg::storage
