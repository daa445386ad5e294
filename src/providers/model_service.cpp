// The seed's model service (remote-engines.md §3): one job at a time, DELETE when done.
#include <cmath>
#include <fstream>

#include "providers/adapters.h"
#include "providers/http_client.h"

namespace omg::providers {

using json = nlohmann::json;

namespace {

class ModelService final : public RemoteProvider {
public:
    explicit ModelService(RemoteConfig c)
        : RemoteProvider(c.timeouts), http_("the model service (OMG_MODEL_SERVICE_URL)", c.url, "", c.timeouts) {}

    ProviderInfo info() const override {
        return {"omg-model-service",
                "The seed's model service: ACE-Step v1 or SongGeneration (OMG_MODEL_SERVICE_URL)", true, false};
    }

    Health health() const override {
        auto r = http_.get("/health");
        if (!r) return {false, r.error().message};
        if (r->status != 200) return {false, "the model service /health answered HTTP " + std::to_string(r->status)};
        json j = json::parse(r->body, nullptr, false);
        if (j.is_object() && j.value("status", "") == "degraded") {
            return {false, "the model service says it is degraded (model or device missing)"};
        }
        return {true, "the model service answered /health"};
    }

protected:
    bool serialize() const override { return true; }  // no queue there: one job at a time

    Result<std::string> submit(const RemoteRequest& q) override {
        if (q.duration_s > 300) return fail(Errc::invalid_argument, "the model service renders at most 300 s");
        json body = {{"prompt", q.prompt},
                     {"duration", q.duration_s},
                     {"num_versions", 1},
                     {"format", "mp3"},
                     {"job_id", q.client_id},
                     {"provider", q.variant.empty() ? "ace-step" : q.variant}};
        if (!q.lyrics.empty()) body["lyrics"] = q.lyrics;
        if (q.seed) body["manual_seeds"] = *q.seed;
        auto r = http_.post_json("/model/v1/generate", body);
        if (!r) return tl::unexpected(r.error());
        const std::string why = RemoteHttp::reason(*r);
        if (r->status == 503) {
            return fail(Errc::invalid_argument, "the model service has no usable model" + (why.empty() ? "" : ": " + why));
        }
        if (r->status != 200) {
            return fail(Errc::invalid_argument, "the model service rejected the task (HTTP " + std::to_string(r->status) + ")" +
                                                    (why.empty() ? "" : ": " + why));
        }
        json j = json::parse(r->body, nullptr, false);
        if (!j.is_object() || !j.contains("job_id") || !j["job_id"].is_string()) {
            return fail(Errc::internal, "the model service's submit answer has no job_id");
        }
        return j["job_id"].get<std::string>();
    }

    Result<RemoteState> poll(const std::string& id) override {
        auto r = http_.get("/model/v1/generate/" + id + "/status");
        if (!r) return tl::unexpected(r.error());
        RemoteState st;
        if (r->status == 404) {
            st.kind = RemoteState::Kind::lost;
            st.error = "the model service no longer knows the job (it restarted)";
            return st;
        }
        if (r->status != 200) return fail(Errc::unavailable, "the model service answered the status query with HTTP " + std::to_string(r->status));
        json j = json::parse(r->body, nullptr, false);
        if (!j.is_object() || !j.contains("status") || !j["status"].is_string()) {
            return fail(Errc::unavailable, "the model service answered the status query with something unreadable");
        }
        const std::string s = j["status"];
        if (j.contains("progress") && j["progress"].is_number()) st.progress = j["progress"].get<double>() / 100.0;
        if (j.contains("current_step") && j["current_step"].is_string()) st.stage = j["current_step"];
        if (s == "completed") {
            st.kind = RemoteState::Kind::done;
            if (!j.contains("versions") || !j["versions"].is_array() || j["versions"].empty()) {
                return fail(Errc::internal, "the model service completed the job without any version");
            }
            st.result = j["versions"][0];
        } else if (s == "failed") {
            st.kind = RemoteState::Kind::failed;
            std::string e = j.contains("error") && j["error"].is_string() ? j["error"].get<std::string>() : "";
            if (auto nl = e.find('\n'); nl != std::string::npos) e.resize(nl);
            if (e.size() > 300) e.resize(300);
            st.error = e;
        } else if (s == "cancelled") {
            st.kind = RemoteState::Kind::cancelled;
        }
        return st;
    }

    Status cancel(const std::string& id) override {
        (void)http_.del("/model/v1/generate/" + id + "/cancel");
        return {};
    }

    void release(const std::string& id) override { (void)http_.del("/model/v1/generate/" + id); }

    Result<Downloaded> download(const std::string&, const RemoteState& done) override {
        const std::string path = done.result.value("audio_path", "");
        std::string ext = path.ends_with(".wav") ? "wav" : path.ends_with(".flac") ? "flac" : "mp3";
        // The service has no download route: its audio_path is on its own disk. It is read when
        // this host shares that disk; OMG's own model service also offers an audio URL.
        std::error_code ec;
        if (!path.empty() && std::filesystem::is_regular_file(path, ec)) {
            std::ifstream in(path, std::ios::binary);
            std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            return Downloaded{bytes, ext};
        }
        const json& meta = done.result.contains("metadata") ? done.result["metadata"] : json::object();
        if (meta.is_object() && meta.contains("audio_url") && meta["audio_url"].is_string()) {
            const std::string url = meta["audio_url"];
            if (url.rfind("/", 0) == 0) {
                auto r = http_.get(url);
                if (r && r->status == 200) {
                    if (url.find("format=wav") != std::string::npos) ext = "wav";
                    return Downloaded{r->body, ext};
                }
            }
        }
        return fail(Errc::unavailable,
                    "the model service's audio file is not readable from this host (its audio_path is "
                    "on the service's disk; share that folder with OMG)");
    }

private:
    RemoteHttp http_;
};

}  // namespace

std::unique_ptr<RemoteProvider> make_model_service(RemoteConfig config) {
    return std::make_unique<ModelService>(std::move(config));
}

}  // namespace omg::providers
