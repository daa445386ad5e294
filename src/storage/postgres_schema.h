// What the PostgreSQL store, queue and claims share: the migration runner, the jobs row reader
// and the one INSERT of a whole jobs row (its values bound in kJobColumns' order).
// Private to src/storage. Not thread-safe (the caller owns the session).
#pragma once

#include "storage/job_columns.h"
#include "storage/job_record.h"
#include "storage/pg_session.h"

namespace omg::storage::pg {

// The columns job_from_row reads, in its order (job_columns.h, shared with the SQLite store).
using storage::kJobColumnCount;
using storage::kJobColumns;
using storage::kJobQueuePosColumn;

JobRecord job_from_row(const Rows& rows, int row);

// One statement: its SQL and the values it binds.
struct Statement {
    std::string sql;
    Params params;
};

// INSERT INTO jobs(kJobColumns) VALUES(...) with every field of `job` bound, the inverse of
// job_from_row. With `queue_pos_sql`, the queue position is that SQL expression (it binds
// nothing) instead of job.queue_pos. The caller may append to the SQL (RETURNING ...).
Statement insert_job(const JobRecord& job, const char* queue_pos_sql = nullptr);

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
