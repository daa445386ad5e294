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

// Applies migrations.h's pending PostgreSQL migrations in one transaction, under a transaction
// advisory lock: servers and workers starting together migrate once.
Status migrate(Session& db);

}  // namespace omg::storage::pg
