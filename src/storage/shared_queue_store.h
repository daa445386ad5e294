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
// Thread-safe: each implementation serialises its calls through its own connections.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/job_record.h"

namespace omg::storage {

class SharedQueueStore {
public:
    virtual ~SharedQueueStore() = default;

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
