// SQLite job store: WAL journal, synchronous=FULL, foreign keys on, one connection used for
// every statement under one mutex (SQLite allows one writer anyway; reads are served from the
// job queue's memory, so this connection is not on the hot path).
#include <sqlite3.h>

#include <map>
#include <memory>

#include "storage/job_columns.h"
#include "storage/job_store.h"
#include "storage/migrations.h"
#include "storage/request_codec.h"
#include "storage/show_codec.h"

namespace omg::storage {
namespace {

struct DbCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

class SqliteJobStore final : public JobStore {
public:
    explicit SqliteJobStore(DbPtr db) : db_(std::move(db)) {}

    Status exec(const char* sql) {
        char* err = nullptr;
        if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, &err) != SQLITE_OK) {
            std::string msg = err != nullptr ? err : "unknown";
            sqlite3_free(err);
            return fail(Errc::io, "database error: " + msg);
        }
        return {};
    }

    Result<StmtPtr> prepare(const char* sql) {
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(db_.get(), sql, -1, &raw, nullptr) != SQLITE_OK) {
            return fail(Errc::io, std::string("database error: ") + sqlite3_errmsg(db_.get()));
        }
        return StmtPtr(raw);
    }

    Status step_done(sqlite3_stmt* s) {
        int rc = sqlite3_step(s);
        if (rc != SQLITE_DONE) {
            if (rc == SQLITE_CONSTRAINT) return fail(Errc::conflict, "record exists");
            return fail(Errc::io, std::string("database error: ") + sqlite3_errmsg(db_.get()));
        }
        return {};
    }

    // BEGIN IMMEDIATE ... COMMIT around `body`; ROLLBACK when it fails.
    template <typename F>
    Status write_transaction(F&& body) {
        if (auto st = exec("BEGIN IMMEDIATE"); !st) return st;
        Status st = body();
        if (!st) {
            (void)exec("ROLLBACK");
            return st;
        }
        return exec("COMMIT");
    }

    // One row deleted by id (`sql` binds it as ?1); Errc::not_found saying `missing` when none.
    Status delete_by_id(const char* sql, const std::string& id, const char* missing) {
        auto stmt = prepare(sql);
        if (!stmt) return tl::unexpected(stmt.error());
        bind_text(stmt->get(), 1, id);
        if (auto st = step_done(stmt->get()); !st) return st;
        if (sqlite3_changes(db_.get()) == 0) return fail(Errc::not_found, missing);
        return {};
    }

    void bind_text(sqlite3_stmt* s, int i, const std::string& v) {
        sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    void bind_opt_text(sqlite3_stmt* s, int i, const std::optional<std::string>& v) {
        if (v) bind_text(s, i, *v); else sqlite3_bind_null(s, i);
    }
    void bind_opt_int(sqlite3_stmt* s, int i, const std::optional<int64_t>& v) {
        if (v) sqlite3_bind_int64(s, i, *v); else sqlite3_bind_null(s, i);
    }
    static std::optional<std::string> col_opt_text(sqlite3_stmt* s, int i) {
        if (sqlite3_column_type(s, i) == SQLITE_NULL) return std::nullopt;
        return col_text(s, i);
    }
    static std::string col_text(sqlite3_stmt* s, int i) {
        const auto* p = sqlite3_column_text(s, i);
        return p != nullptr ? std::string(reinterpret_cast<const char*>(p),
                                          static_cast<size_t>(sqlite3_column_bytes(s, i)))
                            : std::string();
    }
    static std::optional<int64_t> col_opt_int(sqlite3_stmt* s, int i) {
        if (sqlite3_column_type(s, i) == SQLITE_NULL) return std::nullopt;
        return sqlite3_column_int64(s, i);
    }

    Result<int> schema_version() {
        auto stmt = prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        if (!stmt) return tl::unexpected(stmt.error());
        if (sqlite3_step(stmt->get()) != SQLITE_ROW) {
            return fail(Errc::io, std::string("database error: ") + sqlite3_errmsg(db_.get()));
        }
        return sqlite3_column_int(stmt->get(), 0);
    }

    // Each pending migration in its own write transaction, the version read inside it: a second
    // process opening the same file at the same moment waits, then finds the work done.
    Status migrate() {
        if (auto st = exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                           "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            !st) {
            return st;
        }
        for (const Migration& m : migrations()) {
            if (auto st = write_transaction([&] { return apply_locked(m); }); !st) return st;
        }
        return {};
    }

    Status apply_locked(const Migration& m) {
        auto current = schema_version();
        if (!current) return tl::unexpected(current.error());
        if (*current > migrations().back().version) {
            return fail(Errc::io, "the database was written by a newer OMG");
        }
        if (m.version <= *current) return {};
        if (auto st = exec(std::string(m.sqlite).c_str()); !st) return st;
        auto stmt = prepare("INSERT INTO schema_migrations(version, applied_at) VALUES(?, ?)");
        if (!stmt) return tl::unexpected(stmt.error());
        sqlite3_bind_int(stmt->get(), 1, m.version);
        bind_text(stmt->get(), 2, now_iso());
        return step_done(stmt->get());
    }

    Result<std::vector<JobRecord>> load_all() override {
        std::lock_guard lock(mutex_);
        std::vector<JobRecord> jobs;
        static const std::string sql =
            std::string("SELECT ") + kJobColumns + " FROM jobs ORDER BY rowid";
        auto stmt = prepare(sql.c_str());
        if (!stmt) return tl::unexpected(stmt.error());
        sqlite3_stmt* s = stmt->get();
        int rc = 0;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            JobRecord j;
            j.id = col_text(s, 0);
            j.kind = col_text(s, 1);
            j.status = parse_status(col_text(s, 2)).value_or(JobStatus::failed);
            j.params.prompt = col_text(s, 3);
            j.params.lyrics = col_opt_text(s, 4);
            j.params.duration_s = sqlite3_column_double(s, 5);
            j.params.num_versions = sqlite3_column_int(s, 6);
            j.params.seed = col_opt_int(s, 7);
            j.params.provider = col_opt_text(s, 8);
            // A row whose options cannot be read keeps its other fields; the job still runs.
            (void)decode_options(col_text(s, 9), j.params);
            j.progress = sqlite3_column_double(s, 10);
            j.error = col_opt_text(s, 11);
            j.queue_pos = col_opt_int(s, 12);
            j.attempts = sqlite3_column_int(s, 13);
            j.created_at = col_text(s, 14);
            j.started_at = col_opt_text(s, 15);
            j.finished_at = col_opt_text(s, 16);
            jobs.push_back(std::move(j));
        }
        if (rc != SQLITE_DONE) {
            return fail(Errc::io, std::string("database error: ") + sqlite3_errmsg(db_.get()));
        }
        auto vstmt = prepare("SELECT job_id, id, idx, metadata, files FROM versions "
                             "ORDER BY job_id, idx");
        if (!vstmt) return tl::unexpected(vstmt.error());
        s = vstmt->get();
        std::map<std::string, std::vector<VersionRecord>> by_job;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            VersionRecord v;
            v.id = col_text(s, 1);
            v.index = sqlite3_column_int(s, 2);
            v.metadata_json = col_text(s, 3);
            v.files = decode_file_list(col_text(s, 4));
            by_job[col_text(s, 0)].push_back(std::move(v));
        }
        if (rc != SQLITE_DONE) {
            return fail(Errc::io, std::string("database error: ") + sqlite3_errmsg(db_.get()));
        }
        for (auto& j : jobs) {
            auto it = by_job.find(j.id);
            if (it != by_job.end()) j.versions = std::move(it->second);
        }
        return jobs;
    }

    Status insert(const JobRecord& j) override {
        std::lock_guard lock(mutex_);
        static const std::string sql = std::string("INSERT INTO jobs(") + kJobColumns +
                                       ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        auto stmt = prepare(sql.c_str());
        if (!stmt) return tl::unexpected(stmt.error());
        sqlite3_stmt* s = stmt->get();
        bind_text(s, 1, j.id);
        bind_text(s, 2, j.kind);
        bind_text(s, 3, std::string(status_name(j.status)));
        bind_text(s, 4, j.params.prompt);
        bind_opt_text(s, 5, j.params.lyrics);
        sqlite3_bind_double(s, 6, j.params.duration_s);
        sqlite3_bind_int(s, 7, j.params.num_versions);
        bind_opt_int(s, 8, j.params.seed);
        bind_opt_text(s, 9, j.params.provider);
        bind_text(s, 10, encode_options(j.params));
        sqlite3_bind_double(s, 11, j.progress);
        bind_opt_text(s, 12, j.error);
        bind_opt_int(s, 13, j.queue_pos);
        sqlite3_bind_int(s, 14, j.attempts);
        bind_text(s, 15, j.created_at);
        bind_opt_text(s, 16, j.started_at);
        bind_opt_text(s, 17, j.finished_at);
        return step_done(s);
    }

    Status update_locked(const JobRecord& j) {
        auto stmt = prepare(
            "UPDATE jobs SET status=?, progress=?, error=?, queue_pos=?, attempts=?, "
            "started_at=?, finished_at=? WHERE id=?");
        if (!stmt) return tl::unexpected(stmt.error());
        sqlite3_stmt* s = stmt->get();
        bind_text(s, 1, std::string(status_name(j.status)));
        sqlite3_bind_double(s, 2, j.progress);
        bind_opt_text(s, 3, j.error);
        bind_opt_int(s, 4, j.queue_pos);
        sqlite3_bind_int(s, 5, j.attempts);
        bind_opt_text(s, 6, j.started_at);
        bind_opt_text(s, 7, j.finished_at);
        bind_text(s, 8, j.id);
        if (auto st = step_done(s); !st) return st;
        if (sqlite3_changes(db_.get()) == 0) return fail(Errc::not_found, "job not found");
        return {};
    }

    Status update(const JobRecord& j) override {
        std::lock_guard lock(mutex_);
        return update_locked(j);
    }

    Status complete(const JobRecord& j) override {
        std::lock_guard lock(mutex_);
        return write_transaction([&] { return complete_locked(j); });
    }

    Status complete_locked(const JobRecord& j) {
        if (auto st = update_locked(j); !st) return st;
        auto del = prepare("DELETE FROM versions WHERE job_id=?");
        if (!del) return tl::unexpected(del.error());
        bind_text(del->get(), 1, j.id);
        if (auto st = step_done(del->get()); !st) return st;
        for (const auto& v : j.versions) {
            auto stmt = prepare(
                "INSERT INTO versions(id, job_id, idx, metadata, files) VALUES(?,?,?,?,?)");
            if (!stmt) return tl::unexpected(stmt.error());
            sqlite3_stmt* s = stmt->get();
            bind_text(s, 1, v.id);
            bind_text(s, 2, j.id);
            sqlite3_bind_int(s, 3, v.index);
            bind_text(s, 4, v.metadata_json);
            bind_text(s, 5, encode_file_list(v.files));
            if (auto st = step_done(s); !st) return st;
        }
        return {};
    }

    Status set_queue_positions(
        const std::vector<std::pair<std::string, std::optional<int64_t>>>& positions) override {
        std::lock_guard lock(mutex_);
        return write_transaction([&]() -> Status {
            auto stmt = prepare("UPDATE jobs SET queue_pos=? WHERE id=?");
            if (!stmt) return tl::unexpected(stmt.error());
            for (const auto& [id, pos] : positions) {
                sqlite3_reset(stmt->get());
                bind_opt_int(stmt->get(), 1, pos);
                bind_text(stmt->get(), 2, id);
                if (auto st = step_done(stmt->get()); !st) return st;
            }
            return {};
        });
    }

    Status erase(const std::string& job_id) override {
        std::lock_guard lock(mutex_);
        return delete_by_id("DELETE FROM jobs WHERE id=?", job_id, "job not found");
    }

    Result<std::vector<ShowRecord>> load_shows() override {
        std::lock_guard lock(mutex_);
        auto stmt = prepare("SELECT id, title, status, error, spec, result, created_at, finished_at "
                            "FROM shows ORDER BY rowid");
        if (!stmt) return tl::unexpected(stmt.error());
        sqlite3_stmt* s = stmt->get();
        std::vector<ShowRecord> shows;
        int rc = 0;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            ShowRecord r;
            r.id = col_text(s, 0);
            // A row whose spec cannot be read keeps its id, title and status (it can be deleted).
            (void)decode_show_spec(col_text(s, 4), r);
            (void)decode_show_result(col_text(s, 5), r);
            r.title = col_text(s, 1);
            r.status = col_text(s, 2);
            r.error = col_opt_text(s, 3);
            r.created_at = col_text(s, 6);
            r.finished_at = col_opt_text(s, 7);
            shows.push_back(std::move(r));
        }
        if (rc != SQLITE_DONE) return fail(Errc::io, std::string("database error: ") + sqlite3_errmsg(db_.get()));
        return shows;
    }

    Status insert_show(const ShowRecord& r) override {
        std::lock_guard lock(mutex_);
        auto stmt = prepare("INSERT INTO shows(id, title, status, error, spec, result, created_at, finished_at) "
                            "VALUES(?,?,?,?,?,?,?,?)");
        if (!stmt) return tl::unexpected(stmt.error());
        sqlite3_stmt* s = stmt->get();
        bind_text(s, 1, r.id);
        bind_text(s, 2, r.title);
        bind_text(s, 3, r.status);
        bind_opt_text(s, 4, r.error);
        bind_text(s, 5, encode_show_spec(r));
        bind_text(s, 6, encode_show_result(r));
        bind_text(s, 7, r.created_at);
        bind_opt_text(s, 8, r.finished_at);
        return step_done(s);
    }

    Status update_show(const ShowRecord& r) override {
        std::lock_guard lock(mutex_);
        auto stmt = prepare("UPDATE shows SET status=?, error=?, result=?, finished_at=? WHERE id=?");
        if (!stmt) return tl::unexpected(stmt.error());
        sqlite3_stmt* s = stmt->get();
        bind_text(s, 1, r.status);
        bind_opt_text(s, 2, r.error);
        bind_text(s, 3, encode_show_result(r));
        bind_opt_text(s, 4, r.finished_at);
        bind_text(s, 5, r.id);
        if (auto st = step_done(s); !st) return st;
        if (sqlite3_changes(db_.get()) == 0) return fail(Errc::not_found, "show not found");
        return {};
    }

    Status erase_show(const std::string& show_id) override {
        std::lock_guard lock(mutex_);
        return delete_by_id("DELETE FROM shows WHERE id=?", show_id, "show not found");
    }

private:
    std::mutex mutex_;
    DbPtr db_;
};

}  // namespace

Result<std::unique_ptr<JobStore>> open_sqlite_job_store(const SqliteOptions& options) {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(options.path.c_str(), &raw,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                             nullptr);
    DbPtr db(raw);
    if (rc != SQLITE_OK) {
        return fail(Errc::io, "cannot open the job database");
    }
    sqlite3_busy_timeout(db.get(), options.busy_timeout_ms);
    auto store = std::make_unique<SqliteJobStore>(std::move(db));
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                               "PRAGMA foreign_keys=ON"}) {
        if (auto st = store->exec(pragma); !st) return tl::unexpected(st.error());
    }
    if (auto st = store->migrate(); !st) return tl::unexpected(st.error());
    return std::unique_ptr<JobStore>(std::move(store));
}

}  // namespace omg::storage
