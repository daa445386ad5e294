// GET /api/v1/workers: the worker processes an API node last read from the workers table.
#include <cmath>

#include <nlohmann/json.hpp>

#include "http/route_helpers.h"
#include "http/routes.h"

namespace omg::http {

using json = nlohmann::json;

json workers_json(const std::vector<storage::WorkerSeen>& workers) {
    json list = json::array();
    for (const auto& w : workers) {
        list.push_back({{"id", w.worker.id},
                        {"host", w.worker.host},
                        {"pid", w.worker.pid},
                        {"providers", w.worker.providers},
                        {"current_jobs", w.worker.current_jobs},
                        {"current_job", w.worker.current_jobs.empty() ? json(nullptr)
                                                                      : json(w.worker.current_jobs.front())},
                        {"started_at", w.worker.started_at},
                        {"last_heartbeat", w.last_heartbeat},
                        {"heartbeat_age_s", std::round(w.heartbeat_age_s * 1000.0) / 1000.0}});
    }
    return list;
}

void install_worker_routes(const AddRoute& route, const ApiContext& ctx) {
    route("GET", "/api/v1/workers", RouteKind::quick_read, [&ctx](const Request&, Reply& res) {
        if (!ctx.options.cluster) {
            reply_json(res, 200, {{"mode", "in_process"}, {"workers", json::array()}});
            return;
        }
        const jobs::ClusterState cluster = ctx.options.cluster();
        reply_json(res, 200,
                   {{"mode", "shared"},
                    {"database_reachable", cluster.database_reachable},
                    {"workers", workers_json(cluster.workers)}});
    });
}

}  // namespace omg::http
