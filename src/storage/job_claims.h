// JobClaims: how worker processes on many machines share one queue (PostgreSQL).
//
// A worker claims the first claimable job in queue order: pending, or processing under a lease
// that expired (its worker stopped renewing: killed, paused, cut off). Claiming takes the row with
// FOR UPDATE SKIP LOCKED, so workers claiming at once never take the same job nor wait on each
// other; it increments the job's `attempts`, and that number is the claim's fencing token. Every
// later write of the worker names its attempt and is checked in the same statement that makes
// it: once another worker has claimed the job again (or a user cancelled or deleted it), the
// stale worker's renewals and writes are refused with Errc::conflict and change nothing. Lease
// times are the database server's clock, so workers' clocks never need to agree.
// A job with no provider is served by workers whose list holds `default_provider`.
// Poison jobs: taking over a job whose lease expired counts one `lease_expiries` on it (its
// worker died under it: kill -9, a crash, a machine gone). A job whose lease has expired
// `max_lease_expiries` times is never claimed again: `fail_poisoned` fails it with a reason.
// A job handed back by `release` (a graceful stop) is not counted against.
// A worker never writes the queue order (queue_pos): that is the API nodes' to change.
// Thread-safe: each implementation serialises its calls through its own connection.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/job_record.h"

namespace omg::storage {

struct ClaimRequest {
    std::string worker;                   // the worker's id (host, pid ...), kept as lease owner
    std::vector<std::string> providers;   // the providers this worker runs; names without ','
    std::string default_provider = "builtin";
    std::chrono::milliseconds lease{30000};
    std::string started_at;               // ISO time for a first start (storage::now_iso())
    // A job whose lease has already expired this many times is left for fail_poisoned
    // (0: no limit).
    int max_lease_expiries = 0;
};

struct Claim {
    JobRecord job;    // as claimed: processing, attempts incremented
    int attempt = 0;  // the fencing token (== job.attempts)
    bool after_lease_expiry = false;  // taken over from a worker whose lease ran out
};

// A file of the job on the worker's own disk, to be stored with its completion.
struct StagedFile {
    std::string name;                 // the version's file name (storage/ids.h's safe names)
    std::filesystem::path path;       // where the worker wrote it
};

class JobClaims {
public:
    virtual ~JobClaims() = default;
    // The next claimable job, now this worker's; nullopt when there is none.
    virtual Result<std::optional<Claim>> claim(const ClaimRequest& request) = 0;
    // Extends the lease to `lease` from now. Errc::conflict: the job is no longer this attempt's
    // to run (claimed again, cancelled, deleted): stop working on it.
    virtual Status renew(const std::string& job_id, int attempt, std::chrono::milliseconds lease) = 0;
    // update() and complete() of JobStore, fenced: Errc::conflict (and nothing written) unless
    // the job is still processing under `attempt`.
    virtual Status update(const JobRecord& job, int attempt) = 0;
    // `files` (none when they are in a shared folder already) are stored in the database
    // (storage/artifacts.h) in the transaction that marks the job completed: all of them
    // become visible with the completion, or none does (a stale attempt, a crash, a dropped
    // connection mid-way). The job's earlier stored files are replaced.
    virtual Status complete(const JobRecord& job, int attempt,
                            const std::vector<StagedFile>& files) = 0;
    Status complete(const JobRecord& job, int attempt) { return complete(job, attempt, {}); }
    // The running attempt's progress (0..100) and stage ("compose", "render" ...), fenced like
    // update(); API nodes show both (the stage is cleared when the job leaves processing).
    virtual Status report_progress(const std::string& job_id, int attempt, double progress,
                                   const std::string& stage) = 0;
    // Hands the job back (graceful stop): pending again at its place, lease cleared; fenced.
    virtual Status release(const std::string& job_id, int attempt) = 0;
    // Fails every job processing under an expired lease that has expired `max_lease_expiries`
    // times counting this one (> 0), with `reason` and `finished_at`; returns their ids.
    virtual Result<std::vector<std::string>> fail_poisoned(int max_lease_expiries,
                                                           const std::string& reason,
                                                           const std::string& finished_at) = 0;
};

// A connection of its own to the database (created and migrated as needed). Errc::unavailable
// when it cannot be reached, or while a server running its own workers holds the database
// (storage/job_store.h's `exclusive`): the two ways of running jobs never share one.
Result<std::unique_ptr<JobClaims>> open_postgres_job_claims(const std::string& url);

}  // namespace omg::storage
