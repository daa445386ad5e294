// WorkerRegistry on PostgreSQL (storage/worker_registry.h): one upsert per heartbeat, lists
// joined with commas (a provider name or a job id never holds one).
#include <mutex>

#include "storage/pg_session.h"
#include "storage/postgres_schema.h"
#include "storage/worker_registry.h"

namespace omg::storage {
namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ",") + s;
    return out;
}

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start < s.size()) {
        size_t end = s.find(',', start);
        if (end == std::string::npos) end = s.size();
        if (end > start) out.push_back(s.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

class PostgresWorkerRegistry final : public WorkerRegistry {
public:
    explicit PostgresWorkerRegistry(pg::Session db) : db_(std::move(db)) {}

    Status beat(const WorkerBeat& w) override {
        std::lock_guard lock(mutex_);
        auto r = db_.exec(
            "INSERT INTO workers(id, host, pid, providers, current_jobs, started_at, claims,"
            " claim_seconds, last_heartbeat) VALUES($1, $2, $3, $4, $5, $6, $7, $8, now())"
            " ON CONFLICT (id) DO UPDATE SET providers = EXCLUDED.providers,"
            " current_jobs = EXCLUDED.current_jobs, claims = EXCLUDED.claims,"
            " claim_seconds = EXCLUDED.claim_seconds, last_heartbeat = now()",
            pg::Params()
                .text(w.id)
                .text(w.host)
                .integer(w.pid)
                .text(join(w.providers))
                .text(join(w.current_jobs))
                .text(w.started_at)
                .integer(w.claims)
                .real(w.claim_seconds));
        if (!r) return tl::unexpected(r.error());
        return {};
    }

    Status leave(const std::string& worker_id) override {
        std::lock_guard lock(mutex_);
        auto r = db_.exec("DELETE FROM workers WHERE id = $1", pg::Params().text(worker_id));
        if (!r) return tl::unexpected(r.error());
        return {};
    }

    Result<std::vector<WorkerSeen>> seen_within(std::chrono::seconds age) override {
        std::lock_guard lock(mutex_);
        auto rows = db_.exec(
            "SELECT id, host, pid, providers, current_jobs, started_at, claims, claim_seconds,"
            " to_char(last_heartbeat, 'YYYY-MM-DD\"T\"HH24:MI:SS.USOF'),"
            " EXTRACT(EPOCH FROM now() - last_heartbeat)::float8"
            " FROM workers WHERE last_heartbeat >= now() - $1 * interval '1 second'"
            " ORDER BY last_heartbeat DESC, id",
            pg::Params().integer(age.count()));
        if (!rows) return tl::unexpected(rows.error());
        std::vector<WorkerSeen> out;
        for (int i = 0; i < rows->size(); ++i) {
            WorkerSeen s;
            s.worker.id = rows->text(i, 0);
            s.worker.host = rows->text(i, 1);
            s.worker.pid = rows->integer(i, 2);
            s.worker.providers = split(rows->text(i, 3));
            s.worker.current_jobs = split(rows->text(i, 4));
            s.worker.started_at = rows->text(i, 5);
            s.worker.claims = rows->integer(i, 6);
            s.worker.claim_seconds = rows->real(i, 7);
            s.last_heartbeat = rows->text(i, 8);
            s.heartbeat_age_s = rows->real(i, 9);
            out.push_back(std::move(s));
        }
        return out;
    }

private:
    std::mutex mutex_;
    pg::Session db_;
};

}  // namespace

Result<std::unique_ptr<WorkerRegistry>> open_postgres_worker_registry(const std::string& url) {
    auto db = pg::Session::connect(url);
    if (!db) return tl::unexpected(db.error());
    if (auto st = pg::migrate(*db); !st) return tl::unexpected(st.error());
    return std::unique_ptr<WorkerRegistry>(std::make_unique<PostgresWorkerRegistry>(std::move(*db)));
}

}  // namespace omg::storage
