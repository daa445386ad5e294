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
    // A job's files inside PostgreSQL (storage/artifacts.h), so that any API node can serve
    // what any worker wrote with no shared folder: one row per file, its bytes in numbered
    // chunks of `chunk_size` (the last one shorter). Both tables go with the job (ON DELETE
    // CASCADE), so deleting a job can leave nothing behind. The chunks are stored out of line
    // and uncompressed (STORAGE EXTERNAL): audio is compressed already, and a chunk is then
    // read without decompressing anything. SQLite keeps its files in the data folder.
    {4, "job files stored in the database",
     R"sql(
SELECT 1;
)sql",
     R"sql(
CREATE TABLE artifacts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    size BIGINT NOT NULL,
    chunk_size INTEGER NOT NULL,
    UNIQUE (job_id, name)
);
CREATE TABLE artifact_chunks (
    artifact_id BIGINT NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (artifact_id, seq)
);
ALTER TABLE artifact_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
)sql"},
    // Events across nodes (storage/shared_queue_store.h): a running job's stage, and the change
    // feed. Every change of a job that clients see (created, a new state or attempt, progress or
    // stage, its place in the queue, deleted) adds a row to `job_events` in the transaction that
    // made it, and a NOTIFY on `omg_job_events` at its commit. The row is written by a deferred
    // trigger, at commit time, under one transaction-scoped advisory lock (0x6f6d6704: "omg",
    // then 04): the last thing a transaction does before it commits, so it waits on nothing
    // while holding the lock (no deadlock), and ids become visible in the order they were given
    // (a reader that saw id n has seen every id below n). Lease renewals change none of those columns and add nothing. Rows
    // older than an hour are pruned every 1,000 events. SQLite (one process) has no feed.
    {5, "the running stage and the change feed",
     R"sql(
ALTER TABLE jobs ADD COLUMN stage TEXT NOT NULL DEFAULT '';
)sql",
     R"sql(
ALTER TABLE jobs ADD COLUMN stage TEXT NOT NULL DEFAULT '';
CREATE TABLE job_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX job_events_created ON job_events(created_at);
CREATE FUNCTION omg_jobs_stage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status <> 'processing' OR NEW.attempts IS DISTINCT FROM OLD.attempts THEN
        NEW.stage := '';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER jobs_stage BEFORE UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION omg_jobs_stage();
CREATE FUNCTION omg_job_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    k TEXT;
    new_id BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        k := 'created';
    ELSIF TG_OP = 'DELETE' THEN
        k := 'deleted';
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        k := CASE NEW.status WHEN 'pending' THEN 'requeued' WHEN 'processing' THEN 'started'
             ELSE NEW.status END;
    ELSIF NEW.attempts IS DISTINCT FROM OLD.attempts THEN
        k := 'started';
    ELSIF NEW.progress IS DISTINCT FROM OLD.progress OR NEW.stage IS DISTINCT FROM OLD.stage THEN
        k := 'progress';
    ELSIF NEW.queue_pos IS DISTINCT FROM OLD.queue_pos THEN
        k := CASE WHEN NEW.queue_pos IS NULL THEN 'removed' ELSE 'reordered' END;
    ELSE
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(1869440772);
    IF TG_OP = 'DELETE' THEN
        INSERT INTO job_events(job_id, kind, payload)
        VALUES (OLD.id, k, jsonb_build_object('status', 'deleted', 'progress', 0, 'stage', ''))
        RETURNING id INTO new_id;
    ELSE
        INSERT INTO job_events(job_id, kind, payload)
        VALUES (NEW.id, k, jsonb_build_object('status', NEW.status, 'progress', NEW.progress,
                                              'stage', NEW.stage))
        RETURNING id INTO new_id;
    END IF;
    IF new_id % 1000 = 0 THEN
        -- Oldest first, by id: a reader that still finds its last-seen row lost nothing after it.
        DELETE FROM job_events WHERE id < (SELECT MIN(id) FROM job_events
                                           WHERE created_at >= now() - interval '1 hour');
    END IF;
    PERFORM pg_notify('omg_job_events', '');
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER jobs_events AFTER INSERT OR UPDATE OR DELETE ON jobs
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION omg_job_event();
)sql"},
    // Shows (issue 14): an ordered list of cues, each an ordinary job. `spec` is the show as asked
    // and planned with its cues' job ids, `result` the assembled files (storage/show_codec.h).
    {6, "shows",
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
