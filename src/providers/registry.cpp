#include "providers/registry.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "model/hit.h"

namespace omg::providers {

using json = nlohmann::json;

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool is_builtin(const std::string& n) { return n == "builtin" || n == "omg" || n == "omg-builtin"; }

const std::vector<std::pair<std::string, std::string>>& known() {
    static const std::vector<std::pair<std::string, std::string>> k = {
        {"ace-step", "ACESTEP_URL"}, {"acestep-cpp", "ACESTEP_CPP_URL"}, {"omg-model-service", "OMG_MODEL_SERVICE_URL"}};
    return k;
}

}  // namespace

ProvidersConfig ProvidersConfig::from_env(const core::Env& e) {
    auto env = [&e](const char* name) { return e.var(name); };
    ProvidersConfig c;
    if (auto p = lower(env("MUSIC_PROVIDER")); !p.empty()) c.default_provider = p;
    Timeouts t;
    if (auto v = env("OMG_PROVIDER_POLL_S"); !v.empty() && std::strtod(v.c_str(), nullptr) > 0) {
        t.poll_interval_s = std::strtod(v.c_str(), nullptr);
    }
    if (auto v = env("OMG_PROVIDER_TIMEOUT_S"); !v.empty() && std::strtod(v.c_str(), nullptr) > 0) {
        t.min_task_s = std::strtod(v.c_str(), nullptr);
    }
    if (auto u = env("ACESTEP_URL"); !u.empty()) c.ace_step = RemoteConfig{u, env("ACESTEP_API_KEY"), t};
    if (auto u = env("ACESTEP_CPP_URL"); !u.empty()) c.acestep_cpp = RemoteConfig{u, "", t};
    if (auto u = env("OMG_MODEL_SERVICE_URL"); !u.empty()) {
        Timeouts ms = t;
        ms.min_task_s = std::max(ms.min_task_s, 4 * 3600.0);  // SongGeneration can take hours
        c.model_service = RemoteConfig{u, "", ms};
    }
    return c;
}

ProviderEngine::ProviderEngine(jobs::JobEngine& builtin, ProvidersConfig config)
    : builtin_(builtin), config_(std::move(config)) {
    if (config_.ace_step) remotes_["ace-step"] = make_ace_step(*config_.ace_step);
    if (config_.acestep_cpp) remotes_["acestep-cpp"] = make_acestep_cpp(*config_.acestep_cpp);
    if (config_.model_service) remotes_["omg-model-service"] = make_model_service(*config_.model_service);
}

void ProviderEngine::add(std::string name, std::unique_ptr<MusicProvider> provider) {
    remotes_[std::move(name)] = std::move(provider);
}

Result<ProviderEngine::Target> ProviderEngine::resolve(const std::string& requested) const {
    std::string name = lower(requested.empty() ? config_.default_provider : requested);
    if (is_builtin(name)) return Target{nullptr, "builtin", ""};
    std::string variant;
    if (auto at = name.find('@'); at != std::string::npos) {
        variant = name.substr(0, at);
        name = name.substr(at + 1);
    }
    if (name == "song-generation") {
        name = "omg-model-service";
        variant = "song-generation";
    }
    if (name == "ace-step" && !remotes_.count("ace-step") && remotes_.count("omg-model-service")) {
        name = "omg-model-service";
        variant = "ace-step";
    }
    auto setting = std::find_if(known().begin(), known().end(), [&](const auto& k) { return k.first == name; });
    auto it = remotes_.find(name);
    if (it == remotes_.end()) {
        if (setting == known().end()) {
            return fail(Errc::invalid_argument, "Unknown provider '" + requested +
                                                    "'. Choose builtin, ace-step, acestep-cpp, omg-model-service or song-generation");
        }
        return fail(Errc::unavailable, "The provider '" + requested + "' is not configured on this server (set " +
                                           setting->second + ")");
    }
    return Target{it->second.get(), name, variant};
}

Result<jobs::VersionOutput> ProviderEngine::generate(const jobs::VersionTask& task, storage::ArtifactStore& artifacts,
                                                     const jobs::VersionProgressFn& progress,
                                                     std::stop_token stop) {
    auto target = resolve(task.params.provider.value_or(""));
    if (!target) return tl::unexpected(target.error());
    if (target->provider == nullptr) return builtin_.generate(task, artifacts, progress, stop);

    const auto& p = task.params;
    RemoteRequest q;
    q.prompt = p.prompt;
    q.lyrics = p.lyrics.value_or("");
    q.duration_s = p.duration_s;
    q.seed = static_cast<int64_t>(task.seed);
    q.variant = target->variant;
    q.client_id = "omg-" + task.version_id;
    if (p.bpm) q.bpm = *p.bpm;
    if (p.key) q.key = ace_key(*p.key);
    if (p.time_signature) q.time_signature = ace_time_signature(*p.time_signature);
    const bool guided = p.arrangement_guided;
    if (p.cover_strength) q.cover_strength = std::clamp(*p.cover_strength, 0.0, 1.0);

    jobs::VersionOutput guide;
    json arrangement;
    double share = 0;
    if (guided) {
        if (!target->provider->info().accepts_source_audio) {
            return fail(Errc::invalid_argument, "The provider '" + target->name +
                                                    "' cannot follow an arrangement (it takes no source audio)");
        }
        // The built-in engine's arrangement of the same prompt and seed, as the cover source.
        share = 0.35;
        jobs::VersionTask g = task;
        g.version_id = task.version_id + ".guide";
        auto scaled = [&](const jobs::VersionProgress& vp) {
            if (progress) progress({"arrange", vp.fraction * share});
        };
        auto built = builtin_.generate(g, artifacts, scaled, stop);
        if (!built) return tl::unexpected(built.error());
        guide = std::move(*built);
        json meta = json::parse(guide.metadata_json, nullptr, false);
        if (meta.is_object() && meta.contains("brief") && meta["brief"].is_object()) {
            const json& b = meta["brief"];
            if (b.contains("tempo_bpm") && b["tempo_bpm"].is_number()) q.bpm = b["tempo_bpm"].get<double>();
            if (b.contains("key") && b["key"].is_string()) {  // engine::brief_json: "F" and "major"
                std::string key = b["key"].get<std::string>();
                if (b.contains("mode") && b["mode"].is_string()) key += " " + b["mode"].get<std::string>();
                q.key = ace_key(key);
            }
            if (b.contains("time_signature") && b["time_signature"].is_string()) {
                q.time_signature = ace_time_signature(b["time_signature"].get<std::string>());
            }
            if (b.contains("duration_s") && b["duration_s"].is_number()) q.duration_s = b["duration_s"].get<double>();
            arrangement = {{"brief", b}, {"sections", meta.value("sections", json::array())}};
        }
        auto source = artifacts.file_path(task.job_id, g.version_id + ".mp3");
        if (!source) return tl::unexpected(source.error());
        q.source_audio = *source;
    }
    auto remote_progress = [&](const jobs::VersionProgress& vp) {
        if (progress) progress({vp.stage, share + (1 - share) * vp.fraction});
    };
    auto out = target->provider->generate(task, q, artifacts, remote_progress, stop);
    if (!out) return tl::unexpected(out.error());
    if (!p.hits.empty()) {
        // A neural engine renders a whole piece from text: nothing in its request can place a
        // hit, so each is reported unmet, in the shape the built-in engine reports hits.
        json md = json::parse(out->metadata_json, nullptr, false);
        if (md.is_object()) {
            const std::string reason = "the " + target->name + " engine cannot place hits";
            json hits = json::array(), ignored = json::array();
            for (const model::Hit& hit : p.hits) {
                json h;
                if (hit.bar_beat) h["bar_beat"] = std::to_string(hit.bar_beat->bar) + ":" + std::to_string(hit.bar_beat->beat);
                else h["time"] = hit.time_s.value_or(0);
                h["kind"] = std::string(model::hit_kind_name(hit.kind));
                h["met"] = false;
                h["reason"] = reason;
                hits.push_back(std::move(h));
                ignored.push_back("hit " + model::hit_text(hit) + ": not met (" + reason + ")");
            }
            md["hits"] = std::move(hits);
            md["interpretation"] = {{"ignored", std::move(ignored)}};
            out->metadata_json = md.dump();
        }
    }
    if (guided) {
        out->files.insert(out->files.begin(), guide.files.begin(), guide.files.end());
        json md = json::parse(out->metadata_json, nullptr, false);
        if (md.is_object()) {
            md["arrangement"] = arrangement;
            md["arrangement_files"] = guide.files;
            out->metadata_json = md.dump();
        }
    }
    return out;
}

Status ProviderEngine::convert_audio(const std::filesystem::path& source, const std::filesystem::path& destination,
                                     const std::string& format) {
    return builtin_.convert_audio(source, destination, format);
}

std::string ProviderEngine::describe() const { return builtin_.describe(); }

std::vector<ProviderStatus> ProviderEngine::statuses() const {
    std::vector<ProviderStatus> out;
    const auto def = lower(config_.default_provider);
    ProviderStatus b;
    b.info = {"builtin", "OMG's own engine: composes, renders and masters on the CPU", true, false};
    b.health = {true, builtin_.describe()};
    b.is_default = is_builtin(def);
    out.push_back(b);
    for (const auto& [name, setting] : known()) {
        ProviderStatus s;
        s.is_default = def == name;
        auto it = remotes_.find(name);
        if (it == remotes_.end()) {
            s.info = {name, "", false, name != "omg-model-service"};
            s.health = {false, setting + " is not set"};
            out.push_back(s);
            continue;
        }
        s.info = it->second->info();
        const auto now = std::chrono::steady_clock::now();
        {
            std::lock_guard lock(health_mutex_);
            auto c = health_cache_.find(name);
            if (c != health_cache_.end() && now - c->second.first < std::chrono::seconds(10)) {
                s.health = c->second.second;
                out.push_back(s);
                continue;
            }
        }
        s.health = it->second->health();
        {
            std::lock_guard lock(health_mutex_);
            health_cache_[name] = {now, s.health};
        }
        out.push_back(s);
    }
    // Providers added by name (tests) that OMG does not list above.
    for (const auto& entry : remotes_) {
        const std::string& name = entry.first;  // a plain reference: clang 14 cannot capture a binding
        if (std::none_of(out.begin(), out.end(), [&](const ProviderStatus& s) { return s.info.name == name; })) {
            out.push_back({entry.second->info(), entry.second->health(), def == name});
        }
    }
    return out;
}

}  // namespace omg::providers
