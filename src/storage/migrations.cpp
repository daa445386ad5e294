#include "storage/migrations.h"

namespace omg::storage {
namespace {

// Version 1 is the schema OMG's SQLite store has had since the queue became durable; the
// PostgreSQL text is its counterpart (an identity column keeps the insertion order that SQLite's
// rowid gives). Timestamps stay ISO 8601 text in both: they are the API's strings, kept exactly.
constexpr Migration kMigrations[] = {
    {1, "jobs and their versions",
     R"sql(
CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    prompt TEXT NOT NULL,
    lyrics TEXT,
    duration REAL NOT NULL,
    num_versions INTEGER NOT NULL,
    seed INTEGER,
    provider TEXT,
    options TEXT NOT NULL DEFAULT '{}',
    progress REAL NOT NULL DEFAULT 0,
    error TEXT,
    queue_pos INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
);
CREATE INDEX jobs_queue_pos ON jobs(queue_pos);
CREATE TABLE versions (
    id TEXT PRIMARY KEY,
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    metadata TEXT NOT NULL,
    files TEXT NOT NULL
);
CREATE INDEX versions_job ON versions(job_id);
)sql",
     R"sql(
CREATE TABLE jobs (
    seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    prompt TEXT NOT NULL,
    lyrics TEXT,
    duration DOUBLE PRECISION NOT NULL,
    num_versions INTEGER NOT NULL,
    seed BIGINT,
    provider TEXT,
    options TEXT NOT NULL DEFAULT '{}',
    progress DOUBLE PRECISION NOT NULL DEFAULT 0,
    error TEXT,
    queue_pos BIGINT,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
);
CREATE INDEX jobs_queue_pos ON jobs(queue_pos);
CREATE TABLE versions (
    id TEXT PRIMARY KEY,
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    metadata TEXT NOT NULL,
    files TEXT NOT NULL
);
CREATE INDEX versions_job ON versions(job_id);
)sql"},
    // Workers on many machines (storage/job_claims.h): who runs a job, and until when, by the
    // database's clock. `attempts` is the fencing token. Partial index: claiming looks only at
    // jobs in the queue that are pending or processing.
    {2, "leases of claimed jobs",
     R"sql(
ALTER TABLE jobs ADD COLUMN lease_owner TEXT;
ALTER TABLE jobs ADD COLUMN lease_expires_at TEXT;
CREATE INDEX jobs_claimable ON jobs(queue_pos) WHERE status IN ('pending', 'processing');
)sql",
     R"sql(
ALTER TABLE jobs ADD COLUMN lease_owner TEXT;
ALTER TABLE jobs ADD COLUMN lease_expires_at TIMESTAMPTZ;
CREATE INDEX jobs_claimable ON jobs(queue_pos) WHERE status IN ('pending', 'processing');
)sql"},
    // Worker processes (jobs/worker.h): each one's row, upserted by its heartbeat, and how
    // often a job's lease ran out under a worker that stopped renewing (killed, crashed): a job
    // whose lease expires too often is a poison job and is failed (storage/job_claims.h).
    {3, "worker processes and lease expiries",
     R"sql(
ALTER TABLE jobs ADD COLUMN lease_expiries INTEGER NOT NULL DEFAULT 0;
CREATE TABLE workers (
    id TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    providers TEXT NOT NULL,
    current_jobs TEXT NOT NULL DEFAULT '',
    claims INTEGER NOT NULL DEFAULT 0,
    claim_seconds REAL NOT NULL DEFAULT 0,
    started_at TEXT NOT NULL,
    last_heartbeat TEXT NOT NULL
);
)sql",
     R"sql(
ALTER TABLE jobs ADD COLUMN lease_expiries INTEGER NOT NULL DEFAULT 0;
CREATE TABLE workers (
    id TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    providers TEXT NOT NULL,
    current_jobs TEXT NOT NULL DEFAULT '',
    claims BIGINT NOT NULL DEFAULT 0,
    claim_seconds DOUBLE PRECISION NOT NULL DEFAULT 0,
    started_at TEXT NOT NULL,
    last_heartbeat TIMESTAMPTZ NOT NULL
);
CREATE INDEX workers_heartbeat ON workers(last_heartbeat);
)sql"},
    // Shows (issue 14): an ordered list of cues, each an ordinary job. `spec` is the show as asked
    // and planned with its cues' job ids, `result` the assembled files (storage/show_codec.h).
    {4, "shows",
     R"sql(
CREATE TABLE shows (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    spec TEXT NOT NULL,
    result TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    finished_at TEXT
);
)sql",
     R"sql(
CREATE TABLE shows (
    seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    spec TEXT NOT NULL,
    result TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    finished_at TEXT
);
)sql"},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

}  // namespace omg::storage
