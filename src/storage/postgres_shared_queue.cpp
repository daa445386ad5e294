// SharedQueueStore on PostgreSQL (storage/shared_queue_store.h). Reads of whole jobs go through
// a (non-exclusive) PostgreSQL JobStore, so there is one row reader; order changes run here
// under the queue's advisory lock and end by renumbering the queue 1..n in one statement.
#include <algorithm>
#include <mutex>

#include "storage/job_store.h"
#include "storage/pg_session.h"
#include "storage/postgres_schema.h"
#include "storage/request_codec.h"
#include "storage/shared_queue_store.h"

namespace omg::storage {
namespace {

// Advisory lock key, OMG's own ("omg", then a purpose: 01 migrations, 02 the server lock).
constexpr int64_t kQueueOrderLock = 0x6f6d67'03;

constexpr const char* kRenumber =
    "UPDATE jobs SET queue_pos = r.pos FROM (SELECT id AS rid, ROW_NUMBER() OVER "
    "(ORDER BY queue_pos, seq) AS pos FROM jobs WHERE queue_pos IS NOT NULL) r "
    "WHERE jobs.id = r.rid AND jobs.queue_pos IS DISTINCT FROM r.pos";

class PostgresSharedQueue final : public SharedQueueStore {
public:
    PostgresSharedQueue(pg::Session db, std::unique_ptr<JobStore> reader)
        : db_(std::move(db)), reader_(std::move(reader)) {}

    Result<std::vector<JobRecord>> load_all() override { return reader_->load_all(); }

    Result<int64_t> enqueue(const JobRecord& j) override {
        std::lock_guard lock(mutex_);
        int64_t pos = 0;
        auto st = ordered([&]() -> Status {
            auto r = db_.exec(
                std::string("INSERT INTO jobs(") + pg::kJobColumns +
                    ") VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,"
                    "(SELECT COALESCE(MAX(queue_pos), 0) + 1 FROM jobs),$13,$14,$15,$16) "
                    "RETURNING queue_pos",
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
                    .integer(j.attempts)
                    .text(j.created_at)
                    .opt_text(j.started_at)
                    .opt_text(j.finished_at));
            if (!r) return tl::unexpected(r.error());
            pos = r->integer(0, 0);
            return {};
        });
        if (!st) return tl::unexpected(st.error());
        return pos;
    }

    Result<JobStatus> remove_from_queue(const std::string& job_id,
                                        const std::string& finished_at) override {
        std::lock_guard lock(mutex_);
        JobStatus was = JobStatus::pending;
        auto st = ordered([&]() -> Status {
            auto r = db_.exec(
                "WITH old AS (SELECT id AS old_id, status AS old_status FROM jobs"
                " WHERE id = $1 AND queue_pos IS NOT NULL FOR UPDATE)"
                " UPDATE jobs SET queue_pos = NULL,"
                "  status = CASE WHEN old_status IN ('pending', 'processing') THEN 'cancelled'"
                "           ELSE status END,"
                "  finished_at = CASE WHEN old_status IN ('pending', 'processing') THEN $2"
                "           ELSE finished_at END,"
                "  lease_owner = NULL, lease_expires_at = NULL"
                " FROM old WHERE jobs.id = old.old_id RETURNING old.old_status",
                pg::Params().text(job_id).text(finished_at));
            if (!r) return tl::unexpected(r.error());
            if (r->size() == 0) return fail(Errc::not_found, "Queue item " + job_id + " not found");
            was = parse_status(r->text(0, 0)).value_or(JobStatus::pending);
            return {};
        });
        if (!st) return tl::unexpected(st.error());
        return was;
    }

    Status move(const std::string& job_id, int new_position) override {
        std::lock_guard lock(mutex_);
        return ordered([&]() -> Status {
            auto rows = db_.exec(
                "SELECT id, status FROM jobs WHERE queue_pos IS NOT NULL ORDER BY queue_pos, seq");
            if (!rows) return tl::unexpected(rows.error());
            std::vector<std::string> order;
            std::string status;
            for (int i = 0; i < rows->size(); ++i) {
                order.push_back(rows->text(i, 0));
                if (order.back() == job_id) status = rows->text(i, 1);
            }
            auto it = std::find(order.begin(), order.end(), job_id);
            if (it == order.end()) return fail(Errc::not_found, "Queue item not found");
            if (new_position < 1 || static_cast<size_t>(new_position) > order.size()) {
                return fail(Errc::invalid_argument, "Invalid position");
            }
            if (status == "processing") return fail(Errc::conflict, "The job is processing");
            order.erase(it);
            order.insert(order.begin() + (new_position - 1), job_id);
            for (size_t i = 0; i < order.size(); ++i) {
                auto r = db_.exec("UPDATE jobs SET queue_pos = $1 WHERE id = $2 AND queue_pos <> $1",
                                  pg::Params().integer(static_cast<int64_t>(i + 1)).text(order[i]));
                if (!r) return tl::unexpected(r.error());
            }
            return {};
        });
    }

    Status erase(const std::string& job_id) override {
        std::lock_guard lock(mutex_);
        return ordered([&]() -> Status {
            auto r = db_.exec("DELETE FROM jobs WHERE id = $1", pg::Params().text(job_id));
            if (!r) return tl::unexpected(r.error());
            if (r->affected() == 0) return fail(Errc::not_found, "Job " + job_id + " not found");
            return {};
        });
    }

    Result<int64_t> lease_expiries() override {
        std::lock_guard lock(mutex_);
        auto r = db_.exec("SELECT COALESCE(SUM(lease_expiries), 0)::bigint FROM jobs");
        if (!r) return tl::unexpected(r.error());
        return r->integer(0, 0);
    }

private:
    // `body` under the queue order's lock, then the queue renumbered 1..n, in one transaction.
    template <typename F>
    Status ordered(F&& body) {
        return db_.transaction([&]() -> Status {
            auto l = db_.exec("SELECT pg_advisory_xact_lock($1)", pg::Params().integer(kQueueOrderLock));
            if (!l) return tl::unexpected(l.error());
            if (auto st = body(); !st) return st;
            return db_.exec_script(kRenumber);
        });
    }

    std::mutex mutex_;
    pg::Session db_;
    std::unique_ptr<JobStore> reader_;
};

}  // namespace

Result<std::unique_ptr<SharedQueueStore>> open_postgres_shared_queue(const std::string& url) {
    auto reader = open_postgres_job_store({url, false});
    if (!reader) return tl::unexpected(reader.error());
    auto db = pg::Session::connect(url, pg::hold_shared_server_lock);
    if (!db) return tl::unexpected(db.error());
    return std::unique_ptr<SharedQueueStore>(
        std::make_unique<PostgresSharedQueue>(std::move(*db), std::move(*reader)));
}

}  // namespace omg::storage
