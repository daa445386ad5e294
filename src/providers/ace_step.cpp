// ACE-Step 1.5's REST API (remote-engines.md §1).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <mutex>

#include "providers/adapters.h"
#include "providers/http_client.h"

namespace omg::providers {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string ace_key(const std::string& omg_key) {
    auto space = omg_key.find(' ');
    if (omg_key.empty()) return {};
    std::string tonic = omg_key.substr(0, space);
    std::string mode = space == std::string::npos ? "major" : omg_key.substr(space + 1);
    const bool minor = mode == "minor" || mode == "dorian" || mode == "phrygian" ||
                       mode == "harmonic minor" || mode == "harmonic_minor" || mode == "locrian" ||
                       mode == "aeolian";
    return tonic + (minor ? " minor" : " major");
}

std::string ace_time_signature(const std::string& ts) {
    auto slash = ts.find('/');
    return slash == std::string::npos ? ts : ts.substr(0, slash);
}

namespace {

std::string extension_of(const std::string& path_or_type) {
    for (const char* ext : {"mp3", "wav", "flac", "ogg"}) {
        if (path_or_type.ends_with(std::string(".") + ext) || path_or_type.find(std::string("%2E") + ext) != std::string::npos) return ext;
    }
    if (path_or_type.find("mpeg") != std::string::npos) return "mp3";
    if (path_or_type.find("wav") != std::string::npos) return "wav";
    if (path_or_type.find("flac") != std::string::npos) return "flac";
    return "mp3";
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class AceStep final : public RemoteProvider {
public:
    explicit AceStep(RemoteConfig c)
        : RemoteProvider(c.timeouts), http_("ACE-Step (ACESTEP_URL)", c.url, c.api_key, c.timeouts) {}

    ProviderInfo info() const override {
        return {"ace-step", "ACE-Step 1.5 over its REST API (ACESTEP_URL)", true, true};
    }

    Health health() const override {
        auto r = http_.get("/health");
        if (!r) return {false, r.error().message};
        if (r->status != 200) return {false, "ACE-Step /health answered HTTP " + std::to_string(r->status)};
        return {true, "ACE-Step answered /health"};
    }

protected:
    Result<std::string> submit(const RemoteRequest& q) override {
        Result<HttpReply> r = fail(Errc::internal, "");
        if (q.source_audio) {
            // Cover mode: the engine follows the uploaded arrangement.
            std::vector<std::pair<std::string, std::string>> f = {
                {"task_type", "cover"},
                {"prompt", q.prompt},
                {"lyrics", q.lyrics.empty() ? "[Instrumental]" : q.lyrics},
                {"audio_cover_strength", std::to_string(q.cover_strength)},
                {"audio_duration", std::to_string(q.duration_s)},
                {"audio_format", "mp3"},
                {"batch_size", "1"},
                {"vocal_language", "en"}};
            if (q.bpm) f.push_back({"bpm", std::to_string(static_cast<int>(std::lround(*q.bpm)))});
            if (!q.key.empty()) f.push_back({"key_scale", q.key});
            if (!q.time_signature.empty()) f.push_back({"time_signature", q.time_signature});
            if (q.seed) {
                f.push_back({"seed", std::to_string(*q.seed)});
                f.push_back({"use_random_seed", "false"});
            }
            const std::string ext = q.source_audio->extension().string();
            r = http_.post_form("/release_task", f, "src_audio", "arrangement" + ext,
                                ext == ".wav" ? "audio/wav" : "audio/mpeg", read_file(*q.source_audio));
        } else {
            json body = {{"prompt", q.prompt},
                         {"lyrics", q.lyrics.empty() ? "[Instrumental]" : q.lyrics},
                         {"task_type", "text2music"},
                         {"audio_duration", q.duration_s},
                         {"audio_format", "mp3"},
                         {"batch_size", 1},
                         {"vocal_language", "en"}};
            if (q.bpm) body["bpm"] = static_cast<int>(std::lround(*q.bpm));
            if (!q.key.empty()) body["key_scale"] = q.key;
            if (!q.time_signature.empty()) body["time_signature"] = q.time_signature;
            if (q.seed) {
                body["seed"] = *q.seed;
                body["use_random_seed"] = false;
            }
            r = http_.post_json("/release_task", body);
        }
        if (!r) return tl::unexpected(r.error());
        const std::string why = RemoteHttp::reason(*r);
        if (r->status == 429) return fail(Errc::unavailable, "ACE-Step's queue is full");
        if (r->status == 401 || r->status == 403) {
            return fail(Errc::invalid_argument, "ACE-Step refused the API key (check ACESTEP_API_KEY)");
        }
        if (r->status != 200) {
            return fail(r->status >= 500 ? Errc::internal : Errc::invalid_argument,
                        "ACE-Step rejected the task (HTTP " + std::to_string(r->status) + ")" +
                            (why.empty() ? "" : ": " + why));
        }
        json j = json::parse(r->body, nullptr, false);
        if (!j.is_object()) return fail(Errc::internal, "ACE-Step answered the submit with something that is not JSON");
        if (j.contains("code") && j["code"].is_number() && j["code"] != 200) {
            return fail(Errc::internal, "ACE-Step rejected the task: " +
                                            (j.contains("error") && j["error"].is_string() ? j["error"].get<std::string>() : "no reason given"));
        }
        if (!j.contains("data") || !j["data"].is_object() || !j["data"].contains("task_id") ||
            !j["data"]["task_id"].is_string()) {
            return fail(Errc::internal, "ACE-Step's submit answer has no task_id");
        }
        std::string id = j["data"]["task_id"];
        std::lock_guard lock(mutex_);
        submitted_[id] = Clock::now();
        return id;
    }

    Result<RemoteState> poll(const std::string& id) override {
        auto r = http_.post_json("/query_result", {{"task_id_list", json::array({id})}});
        if (!r) return tl::unexpected(r.error());
        if (r->status == 401 || r->status == 403) {
            return fail(Errc::invalid_argument, "ACE-Step refused the API key (check ACESTEP_API_KEY)");
        }
        if (r->status != 200) {
            return fail(Errc::unavailable, "ACE-Step answered the status query with HTTP " + std::to_string(r->status));
        }
        json j = json::parse(r->body, nullptr, false);
        if (!j.is_object() || !j.contains("data") || !j["data"].is_array()) {
            return fail(Errc::unavailable, "ACE-Step answered the status query with something unreadable");
        }
        const json* entry = nullptr;
        for (const auto& e : j["data"]) {
            if (e.is_object() && e.value("task_id", "") == id) entry = &e;
        }
        RemoteState st;
        json result = json::array();
        if (entry != nullptr && (*entry).contains("result") && (*entry)["result"].is_string()) {
            result = json::parse((*entry)["result"].get<std::string>(), nullptr, false);
            if (result.is_discarded()) result = json::array();
        }
        const int status = entry != nullptr && (*entry).contains("status") && (*entry)["status"].is_number_integer()
                               ? (*entry)["status"].get<int>()
                               : 0;
        if (status == 1) {
            st.kind = RemoteState::Kind::done;
            st.result = result.is_array() && !result.empty() ? result[0] : json::object();
            if (!st.result.is_object() || st.result.value("file", "").empty()) {
                return fail(Errc::internal, "ACE-Step finished the task without an audio file");
            }
            return st;
        }
        if (status == 2) {
            st.kind = RemoteState::Kind::failed;
            st.error = "ACE-Step reported the task as failed (its log has the reason)";
            return st;
        }
        // 0: queued or running; an id it does not know also says 0, with "[]", forever.
        if (!result.is_array() || result.empty()) {
            std::lock_guard lock(mutex_);
            auto it = submitted_.find(id);
            const double since = it == submitted_.end() ? 1e9 : std::chrono::duration<double>(Clock::now() - it->second).count();
            if (since > timeouts().lost_grace_s) {
                st.kind = RemoteState::Kind::lost;
                st.error = "ACE-Step no longer knows the task";
                return st;
            }
            return st;
        }
        const json& e = result[0];
        if (e.is_object()) {
            if (e.contains("progress") && e["progress"].is_number()) st.progress = e["progress"].get<double>();
            if (e.contains("stage") && e["stage"].is_string()) st.stage = e["stage"];
        }
        return st;
    }

    Status cancel(const std::string&) override { return {}; }  // ACE-Step has no cancel

    Result<Downloaded> download(const std::string&, const RemoteState& done) override {
        const std::string file = done.result.value("file", "");
        if (file.rfind("/", 0) != 0) return fail(Errc::internal, "ACE-Step gave an audio location OMG will not fetch");
        auto r = http_.get(file);
        if (!r) return tl::unexpected(r.error());
        if (r->status == 403 || r->status == 404) {
            return fail(Errc::internal, "ACE-Step no longer has the audio file (HTTP " + std::to_string(r->status) + ")");
        }
        if (r->status != 200) return fail(Errc::unavailable, "ACE-Step's audio download failed (HTTP " + std::to_string(r->status) + ")");
        return Downloaded{r->body, extension_of(file.find("path=") != std::string::npos ? file : r->content_type)};
    }

    void release(const std::string& id) override {
        std::lock_guard lock(mutex_);
        submitted_.erase(id);
    }

private:
    RemoteHttp http_;
    std::mutex mutex_;
    std::map<std::string, Clock::time_point> submitted_;
};

}  // namespace

std::unique_ptr<RemoteProvider> make_ace_step(RemoteConfig config) {
    return std::make_unique<AceStep>(std::move(config));
}

}  // namespace omg::providers
