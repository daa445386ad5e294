// JobStore: the durable home of job records. SQLite by default, PostgreSQL for a database that
// several machines share; an in-memory fake for tests.
//
// Contract: a call that returns success has made its change durable (for SQLite: committed
// with synchronous=FULL in WAL mode; for PostgreSQL: committed). `complete` writes the job's
// final state and all of its versions in one transaction. Both databases are created and
// migrated at open from one versioned list (storage/migrations.h). Implementations are
// thread-safe; each serialises its statements through one connection. A PostgreSQL store whose
// connection dropped answers Errc::unavailable and reconnects on its next call.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "storage/job_record.h"
#include "storage/show_record.h"

namespace omg::storage {

class JobStore {
public:
    virtual ~JobStore() = default;

    // Every job with its versions, oldest first.
    virtual Result<std::vector<JobRecord>> load_all() = 0;
    // A new job (no versions yet). Errc::conflict if the id exists.
    virtual Status insert(const JobRecord& job) = 0;
    // The mutable columns: status, progress, error, queue_pos, attempts, started/finished.
    virtual Status update(const JobRecord& job) = 0;
    // update() plus the job's versions, atomically.
    virtual Status complete(const JobRecord& job) = 0;
    // New queue positions for several jobs, atomically.
    virtual Status set_queue_positions(
        const std::vector<std::pair<std::string, std::optional<int64_t>>>& positions) = 0;
    // The job and its versions. Errc::not_found if absent.
    virtual Status erase(const std::string& job_id) = 0;

    // Shows (storage/show_record.h), oldest first. A show's cue jobs are ordinary jobs above.
    virtual Result<std::vector<ShowRecord>> load_shows() = 0;
    // A new show. Errc::conflict if the id exists.
    virtual Status insert_show(const ShowRecord& show) = 0;
    // Its mutable part: status, error, finished_at, starts and files. Errc::not_found if absent.
    virtual Status update_show(const ShowRecord& show) = 0;
    // Errc::not_found if absent. Its cue jobs are not touched.
    virtual Status erase_show(const std::string& show_id) = 0;
};

// Test fake and ephemeral mode: the same contract, kept in memory.
class MemoryJobStore final : public JobStore {
public:
    Result<std::vector<JobRecord>> load_all() override;
    Status insert(const JobRecord& job) override;
    Status update(const JobRecord& job) override;
    Status complete(const JobRecord& job) override;
    Status set_queue_positions(
        const std::vector<std::pair<std::string, std::optional<int64_t>>>& positions) override;
    Status erase(const std::string& job_id) override;
    Result<std::vector<ShowRecord>> load_shows() override;
    Status insert_show(const ShowRecord& show) override;
    Status update_show(const ShowRecord& show) override;
    Status erase_show(const std::string& show_id) override;

private:
    std::mutex mutex_;
    std::vector<JobRecord> jobs_;
    std::vector<ShowRecord> shows_;
};

struct SqliteOptions {
    std::filesystem::path path;  // the database file; its folder must exist
    int busy_timeout_ms = 5000;
};

// Opens (creating and migrating as needed) the SQLite job store. Errc::io on failure.
Result<std::unique_ptr<JobStore>> open_sqlite_job_store(const SqliteOptions& options);

struct PostgresOptions {
    std::string url;         // postgresql://user[:password]@host[:port]/database[?...]
    bool exclusive = false;  // refuse a second holder of this option on the same database
};

// Connects, creates and migrates the schema as needed. Errc::unavailable when the server cannot
// be reached or (exclusive) another server holds the database; Errc::io for other failures.
Result<std::unique_ptr<JobStore>> open_postgres_job_store(const PostgresOptions& options);

// True for the URLs open_postgres_job_store takes: "postgresql://..." or "postgres://...".
bool is_postgres_url(std::string_view url);

// Which store a server uses: SQLite at `sqlite_path` when `url` is empty (the default), else
// the PostgreSQL database `url` names. Errc::invalid_argument for any other URL (the message
// names the accepted forms, never the URL itself, which may hold a password).
struct DatabaseOptions {
    std::string url;
    std::filesystem::path sqlite_path;
    bool exclusive = true;  // PostgreSQL: a server running its own workers holds the database
};
Result<std::unique_ptr<JobStore>> open_job_store(const DatabaseOptions& options);

}  // namespace omg::storage
