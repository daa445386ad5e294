// The seed's model-service API (/model/v1/..., seed-systems.md §2.2) over OMG's own queue.
//
// The seed backend submits with its own job_id and polls by it, so client ids are mapped to
// queue ids (kept in the job's options as "client_job_id", so the mapping survives a restart).
// Versions carry `audio_url`, and `audio_path`, the file on this host the seed backend reads
// directly (as it does with its own model service), converted to the requested format on first
// use; `audio_path` is "" unless the server was started with --model-service-paths (a seed
// backend on the same host), so no answer names a server path by default. DELETE forgets a finished job without deleting its
// files, as the seed does. The seed's provider names ("ace-step", "song-generation") choose
// the OMG provider of that kind when one is configured, and OMG's default provider otherwise.
#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "http/route_helpers.h"
#include "http/routes.h"
#include "http/validation.h"
#include "storage/ids.h"

namespace omg::http {

using json = nlohmann::json;
using storage::JobStatus;

void answer_lyrics(const LyricsService* lyrics, const Request& req, Reply& res);
json provider_json(const ProviderEntry& p);

namespace {

constexpr size_t kMaxClientJobIdBytes = 128;

json error_item(const std::string& type, const std::string& field, const std::string& msg,
                const json& input, const json& ctx = nullptr) {
    json e = {{"type", type}, {"loc", {"body", field}}, {"msg", msg}, {"input", echo_input(input)}};
    if (!ctx.is_null()) e["ctx"] = ctx;
    return e;
}

struct Submit {
    storage::JobParams params;
    std::string format = "wav";
    std::optional<std::string> client_id;
    std::optional<std::string> provider;
};

std::optional<Submit> parse_submit(const std::string& body, json* errors) {
    json j = parse_body(body);
    if (j.is_discarded()) {
        errors->push_back({{"type", "json_invalid"}, {"loc", {"body", 0}}, {"msg", "JSON decode error"},
                           {"input", json::object()}, {"ctx", {{"error", "Expecting value"}}}});
        return std::nullopt;
    }
    if (!j.is_object()) {
        errors->push_back({{"type", "model_attributes_type"}, {"loc", {"body"}},
                           {"msg", "Input should be a valid dictionary or object to extract fields from"},
                           {"input", echo_input(j)}});
        return std::nullopt;
    }
    const Limits limits;
    Submit s;
    if (!j.contains("prompt")) errors->push_back(error_item("missing", "prompt", "Field required", j));
    else if (!j["prompt"].is_string()) errors->push_back(error_item("string_type", "prompt", "Input should be a valid string", j["prompt"]));
    else if (utf8_length(j["prompt"]) > limits.max_prompt_chars) {
        errors->push_back(error_item("string_too_long", "prompt",
                                     "String should have at most " + std::to_string(limits.max_prompt_chars) + " characters",
                                     j["prompt"], {{"max_length", limits.max_prompt_chars}}));
    } else s.params.prompt = j["prompt"];
    if (!j.contains("duration")) {
        errors->push_back(error_item("missing", "duration", "Field required", j));
    } else if (!j["duration"].is_number()) {
        errors->push_back(error_item("float_parsing", "duration", "Input should be a valid number", j["duration"]));
    } else {
        double d = j["duration"];
        if (d <= 0) errors->push_back(error_item("greater_than", "duration", "Input should be greater than 0", j["duration"], {{"gt", 0}}));
        else if (d > 300) errors->push_back(error_item("less_than_equal", "duration", "Input should be less than or equal to 300", j["duration"], {{"le", 300}}));
        else s.params.duration_s = d;
    }
    if (j.contains("lyrics") && !j["lyrics"].is_null()) {
        if (!j["lyrics"].is_string()) errors->push_back(error_item("string_type", "lyrics", "Input should be a valid string", j["lyrics"]));
        else if (utf8_length(j["lyrics"]) > limits.max_lyrics_chars) {
            errors->push_back(error_item("string_too_long", "lyrics",
                                         "String should have at most " + std::to_string(limits.max_lyrics_chars) + " characters",
                                         j["lyrics"], {{"max_length", limits.max_lyrics_chars}}));
        } else s.params.lyrics = j["lyrics"].get<std::string>();
    }
    if (j.contains("num_versions") && !j["num_versions"].is_null()) {
        if (!j["num_versions"].is_number_integer()) {
            errors->push_back(error_item("int_type", "num_versions", "Input should be a valid integer", j["num_versions"]));
        } else {
            int n = j["num_versions"];
            if (n < 1) errors->push_back(error_item("greater_than_equal", "num_versions", "Input should be greater than or equal to 1", n, {{"ge", 1}}));
            else if (n > 5) errors->push_back(error_item("less_than_equal", "num_versions", "Input should be less than or equal to 5", n, {{"le", 5}}));
            else s.params.num_versions = n;
        }
    }
    if (j.contains("format") && j["format"].is_string()) s.format = j["format"];
    if (j.contains("manual_seeds") && !j["manual_seeds"].is_null()) {
        if (!j["manual_seeds"].is_number_integer()) errors->push_back(error_item("int_type", "manual_seeds", "Input should be a valid integer", j["manual_seeds"]));
        else s.params.seed = j["manual_seeds"].get<int64_t>();
    }
    if (j.contains("job_id") && j["job_id"].is_string()) {
        if (j["job_id"].get_ref<const std::string&>().size() > kMaxClientJobIdBytes) {
            errors->push_back(error_item("string_too_long", "job_id",
                                         "String should have at most " + std::to_string(kMaxClientJobIdBytes) + " characters",
                                         j["job_id"], {{"max_length", kMaxClientJobIdBytes}}));
        } else {
            s.client_id = j["job_id"].get<std::string>();
        }
    }
    if (j.contains("provider") && j["provider"].is_string()) {
        std::string p = j["provider"];
        std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        s.provider = p;
    }
    if (!errors->empty()) return std::nullopt;
    return s;
}

// The seed model service's progress text for a stage of OMG's pipeline.
std::string current_step(const jobs::JobView& v) {
    switch (v.record.status) {
        case JobStatus::pending: return "Waiting in queue";
        case JobStatus::completed: return "Completed";
        case JobStatus::failed: return "Failed";
        case JobStatus::cancelled: return "Cancelled";
        default: break;
    }
    return v.stage.empty() ? "Processing" : "Processing: " + v.stage;
}

class ModelService {
public:
    ModelService(jobs::JobService& queue, storage::ArtifactStore& artifacts, storage::Artifacts& files,
                 const ProviderCatalog* providers, bool expose_paths)
        : queue_(queue), artifacts_(artifacts), files_(files), providers_(providers), expose_paths_(expose_paths) {}

    std::vector<std::string> provider_names() const {
        std::vector<std::string> names = {"ace-step", "song-generation"};
        if (providers_ != nullptr) {
            for (const auto& p : providers_->list()) {
                if (std::find(names.begin(), names.end(), p.name) == names.end()) names.push_back(p.name);
            }
        } else {
            names.push_back("builtin");
        }
        return names;
    }

    // The OMG provider a seed provider name stands for (nullopt: the default).
    std::optional<std::string> resolve(const std::string& name) const {
        if (providers_ == nullptr) return std::nullopt;
        auto entries = providers_->list();
        auto configured = [&](const std::string& n) {
            return std::any_of(entries.begin(), entries.end(),
                               [&](const ProviderEntry& e) { return e.name == n && e.configured; });
        };
        if (name == "ace-step") {
            if (configured("ace-step")) return std::string("ace-step");
            if (configured("omg-model-service")) return std::string("ace-step@omg-model-service");
            return std::nullopt;
        }
        if (name == "song-generation") {
            if (configured("omg-model-service")) return std::string("song-generation@omg-model-service");
            return std::nullopt;
        }
        return name;
    }

    std::optional<jobs::JobView> find(const std::string& id) {
        {
            std::lock_guard lock(mutex_);
            if (auto it = ids_.find(id); it != ids_.end()) {
                if (auto v = queue_.get(it->second)) return v;
            }
        }
        if (storage::is_valid_id(id)) {
            if (auto v = queue_.get(id)) return v;
        }
        // After a restart the map is empty: the client id is in the job's request.
        for (const auto& v : queue_.list_queue()) {
            if (v.record.params.client_job_id == id) {
                std::lock_guard lock(mutex_);
                ids_[id] = v.record.id;
                return v;
            }
        }
        return std::nullopt;
    }

    void remember(const std::string& client_id, const std::string& job_id) {
        std::lock_guard lock(mutex_);
        ids_[client_id] = job_id;
    }
    void forget(const std::string& client_id) {
        std::lock_guard lock(mutex_);
        ids_.erase(client_id);
    }

    json versions(const jobs::JobView& v, jobs::JobEngine* engine) {
        const auto& r = v.record;
        if (r.status != JobStatus::completed) return nullptr;
        std::string format = r.params.format.value_or("mp3");
        if (format != "wav" && format != "mp3" && format != "flac" && format != "ogg") format = "mp3";
        json out = json::array();
        for (const auto& ver : r.versions) {
            // The same links as /api/v1 (the lyrics' LRC and WebVTT too), the audio in the
            // job's format.
            json meta = version_metadata_with_links(ver);
            meta["format"] = format;
            // The job's format made from its FLAC now (as the seed's service had it ready); a
            // seed backend on this host reads `audio_path` (a folder store only: files in the
            // database have no path).
            std::string path;
            if (engine != nullptr && format != "flac") {
                (void)files_.derive(r.id, ver.id + ".flac", ver.id + "." + format,
                                    [engine, &format](const std::filesystem::path& from,
                                                      const std::filesystem::path& to) {
                                        return engine->convert_audio(from, to, format);
                                    });
            }
            if (auto p = artifacts_.file_path(r.id, ver.id + "." + format); p && expose_paths_) {
                std::error_code ec;
                if (std::string(files_.kind()) == "folder" && std::filesystem::is_regular_file(*p, ec)) {
                    path = std::filesystem::absolute(*p).string();
                }
            }
            meta["audio_url"] = "/api/v1/versions/" + ver.id + "/audio?format=" + format;
            out.push_back({{"id", ver.id}, {"audio_path", path}, {"metadata", meta}});
        }
        return out;
    }

    jobs::JobService& queue_;
    storage::ArtifactStore& artifacts_;
    storage::Artifacts& files_;
    const ProviderCatalog* providers_;
    bool expose_paths_ = false;
    std::mutex mutex_;
    std::map<std::string, std::string> ids_;  // client job id -> queue job id
};

}  // namespace

void install_model_service_routes(const AddRoute& route, jobs::JobService& queue,
                                  storage::ArtifactStore& artifacts, storage::Artifacts& files,
                                  const LyricsService* lyrics,
                                  const ProviderCatalog* providers, jobs::JobEngine* engine,
                                  bool expose_paths) {
    // shared_ptr: the handlers below are std::function copies that all share one id map.
    auto ms = std::make_shared<ModelService>(queue, artifacts, files, providers, expose_paths);

    route("POST", "/model/v1/generate", RouteKind::submit, [ms](const Request& req, Reply& res) {
        json errors = json::array();
        auto s = parse_submit(req.body, &errors);
        if (!s) {
            reply_json(res, 422, {{"detail", errors}});
            return;
        }
        if (s->provider) {
            auto names = ms->provider_names();
            if (std::find(names.begin(), names.end(), *s->provider) == names.end()) {
                detail(res, 400, "Invalid provider: " + *s->provider +
                                     ". Supported providers: 'ace-step', 'song-generation'");
                return;
            }
            s->params.provider = ms->resolve(*s->provider);
        }
        s->params.format = s->format;
        s->params.client_job_id = s->client_id;
        auto view = ms->queue_.submit(s->params);
        if (!view) {
            const bool busy = view.error().code == Errc::unavailable;
            detail(res, busy ? 503 : 500, "Failed to start generation: " + view.error().message);
            return;
        }
        const std::string id = s->client_id.value_or(view->record.id);
        if (s->client_id) ms->remember(*s->client_id, view->record.id);
        reply_json(res, 200, {{"job_id", id}, {"status", "pending"}, {"message", "Generation started in background"}});
    });
    route("GET", "/model/v1/generate/{id}/progress", RouteKind::quick_read,
          [ms](const Request& req, Reply& res) {
              const std::string id = req.matches[1];
              auto v = ms->find(id);
              if (!v) {
                  detail(res, 404, "Job " + id + " not found");
                  return;
              }
              reply_json(res, 200, {{"job_id", id},
                                    {"progress", std::round(v->record.progress * 100.0) / 100.0},
                                    {"current_step", current_step(*v)},
                                    {"status", storage::status_name(v->record.status)}});
          });
    route("GET", "/model/v1/generate/{id}/status", RouteKind::slow_read,
          [ms, engine](const Request& req, Reply& res) {
              const std::string id = req.matches[1];
              auto v = ms->find(id);
              if (!v) {
                  detail(res, 404, "Job " + id + " not found");
                  return;
              }
              const auto& r = v->record;
              reply_json(res, 200, {{"job_id", id},
                                    {"status", storage::status_name(r.status)},
                                    {"progress", std::round(r.progress * 100.0) / 100.0},
                                    {"current_step", current_step(*v)},
                                    {"versions", ms->versions(*v, engine)},
                                    {"error", r.error ? json(*r.error) : json(nullptr)}});
          });
    route("DELETE", "/model/v1/generate/{id}/cancel", RouteKind::write,
          [ms](const Request& req, Reply& res) {
              const std::string id = req.matches[1];
              auto v = ms->find(id);
              if (!v) {
                  detail(res, 404, "Job " + id + " not found");
                  return;
              }
              if (storage::is_terminal(v->record.status)) {
                  detail(res, 400, "Job " + id + " cannot be cancelled (status: " +
                                       std::string(storage::status_name(v->record.status)) + ")");
                  return;
              }
              if (auto st = ms->queue_.remove_from_queue(v->record.id); !st) {
                  if (st.error().code == Errc::unavailable) detail(res, 503, st.error().message);
                  else detail(res, 500, "Failed to cancel job " + id);
                  return;
              }
              reply_json(res, 200, {{"message", "Job " + id + " cancelled"}, {"job_id", id}});
          });
    route("DELETE", "/model/v1/generate/{id}", RouteKind::write,
          [ms](const Request& req, Reply& res) {
              const std::string id = req.matches[1];
              auto v = ms->find(id);
              if (!v) {
                  detail(res, 404, "Job " + id + " not found");
                  return;
              }
              if (!storage::is_terminal(v->record.status)) {
                  detail(res, 400, "Cannot delete job " + id + " while it is " +
                                       std::string(storage::status_name(v->record.status)) +
                                       ". Cancel it first.");
                  return;
              }
              // Forgotten by the model-service face; its files stay, as in the seed.
              (void)ms->queue_.remove_from_queue(v->record.id);
              ms->forget(id);
              reply_json(res, 200, {{"message", "Job " + id + " deleted"}, {"job_id", id}});
          });
    route("POST", "/model/v1/jobs/cleanup", RouteKind::write, [](const Request& req, Reply& res) {
        long max_age = 3600;
        if (req.has_param("max_age_seconds")) {
            max_age = std::strtol(req.get_param_value("max_age_seconds").c_str(), nullptr, 10);
        }
        // OMG's queue keeps finished jobs as history and removes them only on request.
        reply_json(res, 200, {{"message", "Cleaned up 0 old job(s)"}, {"cleaned_count", 0},
                              {"max_age_seconds", max_age}});
    });
    route("GET", "/model/v1/provider", RouteKind::quick_read, [ms](const Request&, Reply& res) {
        std::string current = ms->providers_ ? ms->providers_->default_provider() : "builtin";
        reply_json(res, 200, {{"current_provider", current}, {"available_providers", ms->provider_names()}});
    });
    route("POST", "/model/v1/provider/switch", RouteKind::write, [ms](const Request& req, Reply& res) {
        json j = parse_body(req.body);
        if (!j.is_object() || !j.contains("provider") || !j["provider"].is_string()) {
            reply_json(res, 422, {{"detail", json::array({error_item("missing", "provider", "Field required", j)})}});
            return;
        }
        std::string p = j["provider"];
        auto names = ms->provider_names();
        if (std::find(names.begin(), names.end(), p) == names.end()) {
            detail(res, 400, "Invalid provider: " + p + ". Supported providers: 'ace-step', 'song-generation'");
            return;
        }
        // Like the seed's switch, it changes nothing lasting: each job names its provider.
        reply_json(res, 200, {{"message", "Switched to provider: " + p}, {"provider", p},
                              {"model_info", {{"name", p}, {"type", "omg"}}}});
    });
    route("GET", "/model/v1/provider/status", RouteKind::quick_read, [ms](const Request&, Reply& res) {
        json out = json::object();
        std::string current = ms->providers_ ? ms->providers_->default_provider() : "builtin";
        std::vector<ProviderEntry> entries;
        if (ms->providers_ != nullptr) entries = ms->providers_->list();
        // The seed's two names first, as this server serves them.
        for (const char* seed_name : {"ace-step", "song-generation"}) {
            auto target = ms->resolve(seed_name);
            std::string base = target.value_or(current);
            if (auto at = base.find('@'); at != std::string::npos) base = base.substr(at + 1);
            bool ok = ms->providers_ == nullptr;
            for (const auto& p : entries) ok = ok || (p.name == base && p.available);
            out[seed_name] = {{"available", ok}, {"initialized", ok}, {"is_current", false},
                              {"info", {{"served_by", target.value_or(current)}}}};
        }
        for (const auto& p : entries) {
            if (out.contains(p.name)) continue;
            out[p.name] = {{"available", p.available}, {"initialized", p.available},
                           {"is_current", p.name == current}, {"info", provider_json(p)}};
        }
        reply_json(res, 200, {{"providers", out}});
    });
    route("POST", "/model/v1/lyrics/generate", RouteKind::write,
          [lyrics](const Request& req, Reply& res) { answer_lyrics(lyrics, req, res); });
}

}  // namespace omg::http
