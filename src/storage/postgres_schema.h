// What the PostgreSQL store and claims share: the migration runner and the jobs row reader.
// Private to src/storage. Not thread-safe (the caller owns the session).
#pragma once

#include "storage/job_record.h"
#include "storage/pg_session.h"

namespace omg::storage::pg {

// The columns job_from_row reads, in its order.
inline constexpr const char* kJobColumns =
    "id, kind, status, prompt, lyrics, duration, num_versions, seed, provider, options, "
    "progress, error, queue_pos, attempts, created_at, started_at, finished_at";
inline constexpr int kJobColumnCount = 17;

JobRecord job_from_row(const Rows& rows, int row);

// Replaces the job's stored versions with job.versions (inside the caller's transaction).
Status replace_versions(Session& db, const JobRecord& job);

// Advisory lock key, OMG's own ("omg" in ASCII, then a purpose: 01 migrations, 02 this one).
// A server running its own workers holds it exclusively; worker processes and API nodes hold
// it shared, so the two ways of running jobs never share a database.
inline constexpr int64_t kServerLock = 0x6f6d67'02;

// An on-connect hook for the sessions of worker processes and API nodes: takes kServerLock
// shared; Errc::unavailable while a server with its own workers holds the database.
Status hold_shared_server_lock(Session& db);

// Applies migrations.h's pending PostgreSQL migrations in one transaction, under a transaction
// advisory lock: servers and workers starting together migrate once.
Status migrate(Session& db);

}  // namespace omg::storage::pg
