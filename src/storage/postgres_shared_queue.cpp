// SharedQueueStore on PostgreSQL (storage/shared_queue_store.h). Jobs are read with
// postgres_schema.h's row reader; order changes run here under the queue's advisory lock and
// end by renumbering the queue 1..n in one statement. The change feed is the `job_events` table
// that migration 4's trigger writes; a third connection does nothing but LISTEN for it.
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

constexpr const char* kEventColumns =
    "id, job_id, kind, payload->>'status', COALESCE((payload->>'progress')::float8, 0), "
    "COALESCE(payload->>'stage', '')";

JobEvent event_from_row(const pg::Rows& rows, int i) {
    return JobEvent{rows.integer(i, 0), rows.text(i, 1), rows.text(i, 2),
                    rows.opt_text(i, 3).value_or(""), rows.real(i, 4), rows.text(i, 5)};
}

class PostgresSharedQueue final : public SharedQueueStore {
public:
    PostgresSharedQueue(pg::Session db, pg::Session listener, std::unique_ptr<JobStore> reader)
        : db_(std::move(db)), listener_(std::move(listener)), reader_(std::move(reader)) {}

    Result<std::vector<JobRecord>> load_all() override { return reader_->load_all(); }

    Result<QueueSnapshot> snapshot(size_t recent) override {
        std::lock_guard lock(mutex_);
        QueueSnapshot snap;
        auto st = db_.transaction([&]() -> Status {
            if (auto s = db_.exec_script("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"); !s) return s;
            auto last = db_.exec("SELECT COALESCE(MAX(id), 0) FROM job_events");
            if (!last) return tl::unexpected(last.error());
            snap.last_event = last->integer(0, 0);
            auto jobs = read_jobs("TRUE", pg::Params());
            if (!jobs) return tl::unexpected(jobs.error());
            snap.jobs = std::move(jobs->first);
            snap.stages = std::move(jobs->second);
            auto rows = db_.exec(std::string("SELECT ") + kEventColumns +
                                     " FROM job_events ORDER BY id DESC LIMIT $1",
                                 pg::Params().integer(static_cast<int64_t>(recent)));
            if (!rows) return tl::unexpected(rows.error());
            for (int i = rows->size() - 1; i >= 0; --i) snap.recent.push_back(event_from_row(*rows, i));
            return {};
        });
        if (!st) return tl::unexpected(st.error());
        return snap;
    }

    Result<std::vector<JobEvent>> events_after(int64_t after, size_t limit) override {
        std::lock_guard lock(mutex_);
        auto rows = db_.exec(std::string("SELECT ") + kEventColumns +
                                 " FROM job_events WHERE id > $1 ORDER BY id LIMIT $2",
                             pg::Params().integer(after).integer(static_cast<int64_t>(limit)));
        if (!rows) return tl::unexpected(rows.error());
        std::vector<JobEvent> out;
        out.reserve(static_cast<size_t>(rows->size()));
        for (int i = 0; i < rows->size(); ++i) out.push_back(event_from_row(*rows, i));
        return out;
    }

    Result<std::vector<JobRecord>> load_changed(int64_t after, int64_t upto) override {
        std::lock_guard lock(mutex_);
        std::vector<JobRecord> out;
        auto st = db_.transaction([&]() -> Status {
            if (auto s = db_.exec_script("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"); !s) return s;
            auto jobs = read_jobs("id IN (SELECT job_id FROM job_events WHERE id > $1 AND id <= $2)",
                                  pg::Params().integer(after).integer(upto));
            if (!jobs) return tl::unexpected(jobs.error());
            out = std::move(jobs->first);
            return {};
        });
        if (!st) return tl::unexpected(st.error());
        return out;
    }

    Result<bool> feed_holds(int64_t after) override {
        std::lock_guard lock(mutex_);
        // Pruning removes the oldest rows first, so while a row at or below `after` is left,
        // nothing after it was removed.
        auto r = db_.exec("SELECT EXISTS (SELECT 1 FROM job_events WHERE id <= $1)",
                          pg::Params().integer(after));
        if (!r) return tl::unexpected(r.error());
        return r->text(0, 0) == "t";
    }

    Result<bool> wait_for_change(std::chrono::milliseconds timeout) override {
        std::lock_guard lock(listener_mutex_);
        return listener_.wait_for_notification(timeout);
    }

    Result<int64_t> enqueue(const JobRecord& j) override {
        std::lock_guard lock(mutex_);
        int64_t pos = 0;
        auto st = ordered([&]() -> Status {
            // The next place in the queue, taken under the queue's lock.
            const pg::Statement ins =
                pg::insert_job(j, "(SELECT COALESCE(MAX(queue_pos), 0) + 1 FROM jobs)");
            auto r = db_.exec(ins.sql + " RETURNING queue_pos", ins.params);
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

    // The jobs matching `where` (over the jobs table, with `params`), with their versions and
    // the stages of the running ones; inside the caller's transaction.
    Result<std::pair<std::vector<JobRecord>, std::map<std::string, std::string>>> read_jobs(
        const std::string& where, const pg::Params& params) {
        std::pair<std::vector<JobRecord>, std::map<std::string, std::string>> out;
        auto rows = db_.exec(std::string("SELECT ") + pg::kJobColumns + ", stage FROM jobs WHERE " +
                                 where + " ORDER BY seq",
                             params);
        if (!rows) return tl::unexpected(rows.error());
        std::map<std::string, size_t> index;
        for (int i = 0; i < rows->size(); ++i) {
            out.first.push_back(pg::job_from_row(*rows, i));
            index[out.first.back().id] = out.first.size() - 1;
            std::string stage = rows->text(i, pg::kJobColumnCount);
            if (!stage.empty()) out.second[out.first.back().id] = std::move(stage);
        }
        auto versions = db_.exec("SELECT job_id, id, idx, metadata, files FROM versions "
                                 "WHERE job_id IN (SELECT id FROM jobs WHERE " + where +
                                     ") ORDER BY job_id, idx",
                                 params);
        if (!versions) return tl::unexpected(versions.error());
        for (int i = 0; i < versions->size(); ++i) {
            auto it = index.find(versions->text(i, 0));
            if (it == index.end()) continue;
            out.first[it->second].versions.push_back(
                {versions->text(i, 1), static_cast<int>(versions->integer(i, 2)),
                 versions->text(i, 3), decode_file_list(versions->text(i, 4))});
        }
        return out;
    }

    std::mutex mutex_;
    pg::Session db_;
    std::mutex listener_mutex_;
    pg::Session listener_;  // LISTEN omg_job_events, and nothing else
    std::unique_ptr<JobStore> reader_;
};

}  // namespace

Result<std::unique_ptr<SharedQueueStore>> open_postgres_shared_queue(const std::string& url) {
    auto reader = open_postgres_job_store({url, false});
    if (!reader) return tl::unexpected(reader.error());
    auto db = pg::Session::connect(url, pg::hold_shared_server_lock);
    if (!db) return tl::unexpected(db.error());
    auto listener = pg::Session::connect(
        url, [](pg::Session& s) { return s.exec_script("LISTEN omg_job_events"); });
    if (!listener) return tl::unexpected(listener.error());
    return std::unique_ptr<SharedQueueStore>(std::make_unique<PostgresSharedQueue>(
        std::move(*db), std::move(*listener), std::move(*reader)));
}

}  // namespace omg::storage
