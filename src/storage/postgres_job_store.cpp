// PostgreSQL job store: one connection under one mutex, like the SQLite store (the job queue
// serves reads from memory, so this connection is not on the hot path). Every statement with
// values goes through pg::Session::exec with bound parameters. The schema is migrations.h's list,
// applied at open under a transaction-scoped advisory lock, so that servers starting together
// migrate once. With `exclusive`, the connection holds a session advisory lock for its life
// (taken again after a reconnect): a second server on the same database is refused.
#include <map>
#include <memory>
#include <mutex>

#include "storage/job_store.h"
#include "storage/migrations.h"
#include "storage/pg_session.h"
#include "storage/request_codec.h"

namespace omg::storage {
namespace {

// Advisory lock keys, OMG's own ("omg" in ASCII, then a purpose).
constexpr int64_t kMigrationLock = 0x6f6d67'01;
constexpr int64_t kServerLock = 0x6f6d67'02;

constexpr const char* kJobColumns =
    "id, kind, status, prompt, lyrics, duration, num_versions, seed, provider, options, "
    "progress, error, queue_pos, attempts, created_at, started_at, finished_at";

JobRecord job_from_row(const pg::Rows& r, int i) {
    JobRecord j;
    j.id = r.text(i, 0);
    j.kind = r.text(i, 1);
    j.status = parse_status(r.text(i, 2)).value_or(JobStatus::failed);
    j.params.prompt = r.text(i, 3);
    j.params.lyrics = r.opt_text(i, 4);
    j.params.duration_s = r.real(i, 5);
    j.params.num_versions = static_cast<int>(r.integer(i, 6));
    j.params.seed = r.opt_integer(i, 7);
    j.params.provider = r.opt_text(i, 8);
    // A row whose options cannot be read keeps its other fields; the job still runs.
    (void)decode_options(r.text(i, 9), j.params);
    j.progress = r.real(i, 10);
    j.error = r.opt_text(i, 11);
    j.queue_pos = r.opt_integer(i, 12);
    j.attempts = static_cast<int>(r.integer(i, 13));
    j.created_at = r.text(i, 14);
    j.started_at = r.opt_text(i, 15);
    j.finished_at = r.opt_text(i, 16);
    return j;
}

Status migrate(pg::Session& db) {
    return db.transaction([&]() -> Status {
        if (auto r = db.exec("SELECT pg_advisory_xact_lock($1)", pg::Params().integer(kMigrationLock)); !r) {
            return tl::unexpected(r.error());
        }
        if (auto st = db.exec_script("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                     "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            !st) {
            return st;
        }
        auto current = db.exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        if (!current) return tl::unexpected(current.error());
        const int64_t version = current->integer(0, 0);
        if (version > migrations().back().version) {
            return fail(Errc::io, "the database was written by a newer OMG");
        }
        for (const Migration& m : migrations()) {
            if (m.version <= version) continue;
            if (auto st = db.exec_script(m.postgres); !st) return st;
            auto row = db.exec("INSERT INTO schema_migrations(version, applied_at) VALUES($1, $2)",
                               pg::Params().integer(m.version).text(now_iso()));
            if (!row) return tl::unexpected(row.error());
        }
        return {};
    });
}

class PostgresJobStore final : public JobStore {
public:
    explicit PostgresJobStore(pg::Session db) : db_(std::move(db)) {}

    Result<std::vector<JobRecord>> load_all() override {
        std::lock_guard lock(mutex_);
        std::vector<JobRecord> jobs;
        // One snapshot for both reads: a job completed between them cannot lose its versions.
        auto st = db_.transaction([&]() -> Status {
            if (auto s = db_.exec_script("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"); !s) return s;
            auto rows = db_.exec(std::string("SELECT ") + kJobColumns + " FROM jobs ORDER BY seq");
            if (!rows) return tl::unexpected(rows.error());
            std::map<std::string, size_t> index;
            for (int i = 0; i < rows->size(); ++i) {
                jobs.push_back(job_from_row(*rows, i));
                index[jobs.back().id] = jobs.size() - 1;
            }
            auto versions = db_.exec("SELECT job_id, id, idx, metadata, files FROM versions "
                                     "ORDER BY job_id, idx");
            if (!versions) return tl::unexpected(versions.error());
            for (int i = 0; i < versions->size(); ++i) {
                auto it = index.find(versions->text(i, 0));
                if (it == index.end()) continue;
                jobs[it->second].versions.push_back(
                    {versions->text(i, 1), static_cast<int>(versions->integer(i, 2)),
                     versions->text(i, 3), decode_file_list(versions->text(i, 4))});
            }
            return {};
        });
        if (!st) return tl::unexpected(st.error());
        return jobs;
    }

    Status insert(const JobRecord& j) override {
        std::lock_guard lock(mutex_);
        auto r = db_.exec(std::string("INSERT INTO jobs(") + kJobColumns +
                              ") VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)",
                          pg::Params()
                              .text(j.id)
                              .text(j.kind)
                              .text(status_name(j.status))
                              .text(j.params.prompt)
                              .opt_text(j.params.lyrics)
                              .real(j.params.duration_s)
                              .integer(j.params.num_versions)
                              .opt_integer(j.params.seed)
                              .opt_text(j.params.provider)
                              .text(encode_options(j.params))
                              .real(j.progress)
                              .opt_text(j.error)
                              .opt_integer(j.queue_pos)
                              .integer(j.attempts)
                              .text(j.created_at)
                              .opt_text(j.started_at)
                              .opt_text(j.finished_at));
        if (!r) return tl::unexpected(r.error());
        return {};
    }

    Status update(const JobRecord& j) override {
        std::lock_guard lock(mutex_);
        return update_locked(j);
    }

    Status complete(const JobRecord& j) override {
        std::lock_guard lock(mutex_);
        return db_.transaction([&]() -> Status {
            if (auto st = update_locked(j); !st) return st;
            auto del = db_.exec("DELETE FROM versions WHERE job_id=$1", pg::Params().text(j.id));
            if (!del) return tl::unexpected(del.error());
            for (const auto& v : j.versions) {
                auto r = db_.exec(
                    "INSERT INTO versions(id, job_id, idx, metadata, files) VALUES($1,$2,$3,$4,$5)",
                    pg::Params().text(v.id).text(j.id).integer(v.index).text(v.metadata_json).text(
                        encode_file_list(v.files)));
                if (!r) return tl::unexpected(r.error());
            }
            return {};
        });
    }

    Status set_queue_positions(
        const std::vector<std::pair<std::string, std::optional<int64_t>>>& positions) override {
        std::lock_guard lock(mutex_);
        return db_.transaction([&]() -> Status {
            for (const auto& [id, pos] : positions) {
                auto r = db_.exec("UPDATE jobs SET queue_pos=$1 WHERE id=$2",
                                  pg::Params().opt_integer(pos).text(id));
                if (!r) return tl::unexpected(r.error());
            }
            return {};
        });
    }

    Status erase(const std::string& job_id) override {
        std::lock_guard lock(mutex_);
        auto r = db_.exec("DELETE FROM jobs WHERE id=$1", pg::Params().text(job_id));
        if (!r) return tl::unexpected(r.error());
        if (r->affected() == 0) return fail(Errc::not_found, "job not found");
        return {};
    }

private:
    Status update_locked(const JobRecord& j) {
        auto r = db_.exec(
            "UPDATE jobs SET status=$1, progress=$2, error=$3, queue_pos=$4, attempts=$5, "
            "started_at=$6, finished_at=$7 WHERE id=$8",
            pg::Params()
                .text(status_name(j.status))
                .real(j.progress)
                .opt_text(j.error)
                .opt_integer(j.queue_pos)
                .integer(j.attempts)
                .opt_text(j.started_at)
                .opt_text(j.finished_at)
                .text(j.id));
        if (!r) return tl::unexpected(r.error());
        if (r->affected() == 0) return fail(Errc::not_found, "job not found");
        return {};
    }

    std::mutex mutex_;
    pg::Session db_;
};

}  // namespace

bool is_postgres_url(std::string_view url) {
    return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

Result<std::unique_ptr<JobStore>> open_postgres_job_store(const PostgresOptions& options) {
    pg::Session::OnConnect on_connect;
    if (options.exclusive) {
        on_connect = [](pg::Session& db) -> Status {
            auto r = db.exec("SELECT pg_try_advisory_lock($1)", pg::Params().integer(kServerLock));
            if (!r) return tl::unexpected(r.error());
            if (r->text(0, 0) != "t") {
                return fail(Errc::unavailable, "another OMG server is using this database");
            }
            return {};
        };
    }
    auto db = pg::Session::connect(options.url, std::move(on_connect));
    if (!db) return tl::unexpected(db.error());
    if (auto st = migrate(*db); !st) return tl::unexpected(st.error());
    return std::unique_ptr<JobStore>(std::make_unique<PostgresJobStore>(std::move(*db)));
}

Result<std::unique_ptr<JobStore>> open_job_store(const DatabaseOptions& options) {
    if (options.url.empty()) return open_sqlite_job_store({options.sqlite_path});
    if (is_postgres_url(options.url)) {
        return open_postgres_job_store({options.url, options.exclusive});
    }
    return fail(Errc::invalid_argument,
                "the database must be a postgresql:// or postgres:// URL (SQLite, the default, "
                "needs no URL: it lives in the data folder)");
}

}  // namespace omg::storage
