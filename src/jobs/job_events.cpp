#include "jobs/job_events.h"

#include <nlohmann/json.hpp>

#include "jobs/job_queue.h"

namespace omg::jobs {

using json = nlohmann::json;

std::string job_event_json(const JobView& v) {
    const auto& r = v.record;
    json j = {
        {"job_id", r.id},
        {"status", storage::status_name(r.status)},
        {"progress", r.progress},
        {"queue_position", v.queue_position ? json(*v.queue_position) : json(nullptr)},
        {"stage", v.stage},
        {"eta_seconds", v.eta_s ? json(*v.eta_s) : json(nullptr)},
        {"error", r.error ? json(*r.error) : json(nullptr)},
    };
    if (r.status == storage::JobStatus::completed) {
        json ids = json::array();
        for (const auto& ver : r.versions) ids.push_back(ver.id);
        j["versions"] = ids;
    }
    return j.dump();
}

std::string deleted_event_json(const std::string& job_id) {
    return json{{"job_id", job_id}, {"status", "deleted"}}.dump();
}

std::string version_metadata_json(const storage::JobParams& params, int index, uint64_t seed,
                                  const std::string& engine_json) {
    json meta = {
        {"prompt", params.prompt},
        {"lyrics", params.lyrics ? json(*params.lyrics) : json(nullptr)},
        {"duration", params.duration_s},
        {"model", "omg-builtin"},
        {"version", index + 1},
        {"format", "mp3"},
        {"seed", seed},
    };
    json extra = json::parse(engine_json, nullptr, false);
    if (extra.is_object())
        for (auto it = extra.begin(); it != extra.end(); ++it) meta[it.key()] = it.value();
    return meta.dump();
}

}  // namespace omg::jobs
