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
#include "storage/pg_session.h"
#include "storage/postgres_schema.h"
#include "storage/request_codec.h"
#include "storage/show_codec.h"

namespace omg::storage {
namespace {

using pg::job_from_row;
using pg::kServerLock;
using pg::kJobColumns;

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
        const pg::Statement ins = pg::insert_job(j);
        auto r = db_.exec(ins.sql, ins.params);
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
            return pg::replace_versions(db_, j);
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
        return delete_by_id("DELETE FROM jobs WHERE id=$1", job_id, "job not found");
    }

    Result<std::vector<ShowRecord>> load_shows() override {
        std::lock_guard lock(mutex_);
        auto rows = db_.exec("SELECT id, title, status, error, spec, result, created_at, finished_at "
                             "FROM shows ORDER BY seq");
        if (!rows) return tl::unexpected(rows.error());
        std::vector<ShowRecord> shows;
        for (int i = 0; i < rows->size(); ++i) {
            ShowRecord r;
            r.id = rows->text(i, 0);
            (void)decode_show_spec(rows->text(i, 4), r);
            (void)decode_show_result(rows->text(i, 5), r);
            r.title = rows->text(i, 1);
            r.status = rows->text(i, 2);
            r.error = rows->opt_text(i, 3);
            r.created_at = rows->text(i, 6);
            r.finished_at = rows->opt_text(i, 7);
            shows.push_back(std::move(r));
        }
        return shows;
    }

    Status insert_show(const ShowRecord& r) override {
        std::lock_guard lock(mutex_);
        auto res = db_.exec("INSERT INTO shows(id, title, status, error, spec, result, created_at, finished_at) "
                            "VALUES($1,$2,$3,$4,$5,$6,$7,$8)",
                            pg::Params()
                                .text(r.id)
                                .text(r.title)
                                .text(r.status)
                                .opt_text(r.error)
                                .text(encode_show_spec(r))
                                .text(encode_show_result(r))
                                .text(r.created_at)
                                .opt_text(r.finished_at));
        if (!res) return tl::unexpected(res.error());
        return {};
    }

    Status update_show(const ShowRecord& r) override {
        std::lock_guard lock(mutex_);
        auto res = db_.exec("UPDATE shows SET status=$1, error=$2, result=$3, finished_at=$4 WHERE id=$5",
                            pg::Params()
                                .text(r.status)
                                .opt_text(r.error)
                                .text(encode_show_result(r))
                                .opt_text(r.finished_at)
                                .text(r.id));
        if (!res) return tl::unexpected(res.error());
        if (res->affected() == 0) return fail(Errc::not_found, "show not found");
        return {};
    }

    Status erase_show(const std::string& show_id) override {
        std::lock_guard lock(mutex_);
        return delete_by_id("DELETE FROM shows WHERE id=$1", show_id, "show not found");
    }

private:
    // One row deleted by id (`sql` binds it as $1); Errc::not_found saying `missing` when none.
    Status delete_by_id(const char* sql, const std::string& id, const char* missing) {
        auto r = db_.exec(sql, pg::Params().text(id));
        if (!r) return tl::unexpected(r.error());
        if (r->affected() == 0) return fail(Errc::not_found, missing);
        return {};
    }

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
    if (auto st = pg::migrate(*db); !st) return tl::unexpected(st.error());
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
