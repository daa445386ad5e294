// JobClaims on PostgreSQL (storage/job_claims.h). Each statement that a stale worker could make
// carries `attempts = $n AND status = 'processing'` in its own WHERE clause: the check and the
// write are one statement, so no claim can slip in between. A claim locks the row it takes
// (FOR UPDATE SKIP LOCKED), and a fenced write that waited on that lock re-reads the row under
// READ COMMITTED and finds the newer attempt.
#include <mutex>

#include "storage/job_claims.h"
#include "storage/pg_artifacts.h"
#include "storage/pg_session.h"
#include "storage/postgres_schema.h"

namespace omg::storage {
namespace {

constexpr const char* kLostMessage =
    "the job is no longer this worker's: claimed again, cancelled or deleted";

class PostgresJobClaims final : public JobClaims {
public:
    explicit PostgresJobClaims(pg::Session db) : db_(std::move(db)) {}

    Result<std::optional<Claim>> claim(const ClaimRequest& q) override {
        std::string providers;
        for (const auto& p : q.providers) {
            if (p.empty() || p.find(',') != std::string::npos) {
                return fail(Errc::invalid_argument, "a provider name is empty or holds a comma");
            }
            providers += (providers.empty() ? "" : ",") + p;
        }
        if (providers.empty()) return std::optional<Claim>();
        std::lock_guard lock(mutex_);
        auto rows = db_.exec(
            // In SET, `jobs.status` is the row as it was: a processing row is a lease taken
            // over, counted in lease_expiries. One that reached the limit is fail_poisoned's.
            std::string("WITH next AS ("
                        " SELECT id AS next_id, status = 'processing' AS expired FROM jobs"
                        " WHERE queue_pos IS NOT NULL"
                        "  AND COALESCE(provider, $2) = ANY(string_to_array($3, ','))"
                        "  AND (status = 'pending'"
                        "       OR (status = 'processing' AND lease_expires_at < now()"
                        "           AND ($6 = 0 OR lease_expiries + 1 < $6)))"
                        " ORDER BY queue_pos LIMIT 1 FOR UPDATE SKIP LOCKED)"
                        " UPDATE jobs SET status = 'processing', attempts = attempts + 1,"
                        "  lease_expiries = lease_expiries"
                        "   + CASE WHEN jobs.status = 'processing' THEN 1 ELSE 0 END,"
                        "  lease_owner = $1, lease_expires_at = now() + $4 * interval '1 millisecond',"
                        "  started_at = COALESCE(started_at, $5), progress = 0, error = NULL"
                        " FROM next WHERE jobs.id = next.next_id RETURNING ") +
                pg::kJobColumns + ", next.expired",
            pg::Params()
                .text(q.worker)
                .text(q.default_provider)
                .text(providers)
                .integer(q.lease.count())
                .text(q.started_at)
                .integer(q.max_lease_expiries));
        if (!rows) return tl::unexpected(rows.error());
        if (rows->size() == 0) return std::optional<Claim>();
        Claim c;
        c.job = pg::job_from_row(*rows, 0);
        c.attempt = c.job.attempts;
        c.after_lease_expiry = rows->text(0, pg::kJobColumnCount) == "t";
        return std::optional<Claim>(std::move(c));
    }

    Status renew(const std::string& job_id, int attempt, std::chrono::milliseconds lease) override {
        std::lock_guard lock(mutex_);
        auto r = db_.exec(
            "UPDATE jobs SET lease_expires_at = now() + $3 * interval '1 millisecond' "
            "WHERE id = $1 AND attempts = $2 AND status = 'processing'",
            pg::Params().text(job_id).integer(attempt).integer(lease.count()));
        return changed_one(r);
    }

    Status update(const JobRecord& job, int attempt) override {
        std::lock_guard lock(mutex_);
        return update_locked(job, attempt);
    }

    // The fenced update comes first: a stale attempt sends no bytes, and the job's row stays
    // locked until the commit, so neither a claim (SKIP LOCKED), a cancel nor a delete slips in
    // while the files are sent, however long that takes.
    Status complete(const JobRecord& job, int attempt, const std::vector<StagedFile>& files) override {
        std::lock_guard lock(mutex_);
        return db_.transaction([&]() -> Status {
            if (auto st = update_locked(job, attempt); !st) return st;
            if (auto st = pg::replace_versions(db_, job); !st) return st;
            if (files.empty()) return {};
            auto old = db_.exec("DELETE FROM artifacts WHERE job_id = $1", pg::Params().text(job.id));
            if (!old) return tl::unexpected(old.error());
            for (const auto& f : files) {
                if (auto st = pg::store_artifact(db_, job.id, f.name, f.path, pg::IfStored::replace); !st) {
                    return st;
                }
            }
            return {};
        });
    }

    Status report_progress(const std::string& job_id, int attempt, double progress,
                           const std::string& stage) override {
        std::lock_guard lock(mutex_);
        auto r = db_.exec(
            "UPDATE jobs SET progress = $1, stage = $2 "
            "WHERE id = $3 AND attempts = $4 AND status = 'processing'",
            pg::Params().real(progress).text(stage).text(job_id).integer(attempt));
        return changed_one(r);
    }

    Status release(const std::string& job_id, int attempt) override {
        std::lock_guard lock(mutex_);
        auto r = db_.exec(
            "UPDATE jobs SET status = 'pending', progress = 0, lease_owner = NULL, "
            "lease_expires_at = NULL WHERE id = $1 AND attempts = $2 AND status = 'processing'",
            pg::Params().text(job_id).integer(attempt));
        return changed_one(r);
    }

    Result<std::vector<std::string>> fail_poisoned(int max_lease_expiries, const std::string& reason,
                                                   const std::string& finished_at) override {
        std::vector<std::string> ids;
        if (max_lease_expiries <= 0) return ids;
        std::lock_guard lock(mutex_);
        auto rows = db_.exec(
            "UPDATE jobs SET status = 'failed', error = $2, finished_at = $3, "
            "lease_expiries = lease_expiries + 1, lease_owner = NULL, lease_expires_at = NULL "
            "WHERE status = 'processing' AND lease_expires_at < now() "
            "AND lease_expiries + 1 >= $1 RETURNING id",
            pg::Params().integer(max_lease_expiries).text(reason).text(finished_at));
        if (!rows) return tl::unexpected(rows.error());
        for (int i = 0; i < rows->size(); ++i) ids.push_back(rows->text(i, 0));
        return ids;
    }

private:
    static Status changed_one(const Result<pg::Rows>& r) {
        if (!r) return tl::unexpected(r.error());
        if (r->affected() == 0) return fail(Errc::conflict, kLostMessage);
        return {};
    }

    // The worker's view of its job: state, progress, error, times. `attempts` is never written
    // from the record: only a claim moves it; nor is queue_pos: the order is the API nodes'.
    // A terminal state ends the lease.
    Status update_locked(const JobRecord& j, int attempt) {
        auto r = db_.exec(
            "UPDATE jobs SET status = $1, progress = $2, error = $3, "
            "started_at = $4, finished_at = $5, "
            "lease_expires_at = CASE WHEN $1 = 'processing' THEN lease_expires_at END, "
            "lease_owner = CASE WHEN $1 = 'processing' THEN lease_owner END "
            "WHERE id = $6 AND attempts = $7 AND status = 'processing'",
            pg::Params()
                .text(status_name(j.status))
                .real(j.progress)
                .opt_text(j.error)
                .opt_text(j.started_at)
                .opt_text(j.finished_at)
                .text(j.id)
                .integer(attempt));
        return changed_one(r);
    }

    std::mutex mutex_;
    pg::Session db_;
};

}  // namespace

Result<std::unique_ptr<JobClaims>> open_postgres_job_claims(const std::string& url) {
    auto db = pg::Session::connect(url, pg::hold_shared_server_lock);
    if (!db) return tl::unexpected(db.error());
    if (auto st = pg::migrate(*db); !st) return tl::unexpected(st.error());
    return std::unique_ptr<JobClaims>(std::make_unique<PostgresJobClaims>(std::move(*db)));
}

}  // namespace omg::storage
