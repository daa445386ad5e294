// acestep.cpp's ace-server (remote-engines.md §2).
#include <cmath>
#include <fstream>

#include "providers/adapters.h"
#include "providers/http_client.h"
#include "providers/multipart.h"

namespace omg::providers {

using json = nlohmann::json;

namespace {

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The first audio part of the "multipart/mixed" result (remote-engines.md §2: acestep.cpp names
// its boundary "ace-batch-boundary"; the one its Content-Type names wins).
Result<Downloaded> first_audio_part(const HttpReply& reply) {
    const std::string boundary = multipart_boundary(reply.content_type).value_or("ace-batch-boundary");
    auto parts = parse_multipart(reply.body, boundary);
    if (!parts) return fail(Errc::unavailable, "acestep.cpp's result is not a readable batch: " + parts.error().message);
    for (const auto& part : *parts) {
        if (!part.content_type.starts_with("audio/") || part.body.empty()) continue;
        const bool wav = part.content_type == "audio/wav" || part.content_type == "audio/x-wav" ||
                         part.content_type == "audio/wave";
        return Downloaded{std::string(part.body), wav ? "wav" : "mp3"};
    }
    return fail(Errc::unavailable, "acestep.cpp's result holds no audio");
}

class AceStepCpp final : public RemoteProvider {
public:
    explicit AceStepCpp(RemoteConfig c)
        : RemoteProvider(c.timeouts), http_("acestep.cpp (ACESTEP_CPP_URL)", c.url, "", c.timeouts) {}

    ProviderInfo info() const override {
        return {"acestep-cpp", "ACE-Step through acestep.cpp's ace-server (ACESTEP_CPP_URL)", true, true};
    }

    Health health() const override {
        // /props is the real readiness check; /health is static.
        auto r = http_.get("/props");
        if (!r) return {false, r.error().message};
        if (r->status != 200) return {false, "acestep.cpp /props answered HTTP " + std::to_string(r->status)};
        json j = json::parse(r->body, nullptr, false);
        if (j.is_object() && j.contains("models") && j["models"].is_object() && j["models"].contains("dit") &&
            j["models"]["dit"].is_array() && j["models"]["dit"].empty()) {
            return {false, "acestep.cpp has no DiT model loaded"};
        }
        return {true, j.is_object() && j.contains("version") ? "acestep.cpp " + j["version"].dump() : "acestep.cpp answered /props"};
    }

protected:
    Result<std::string> submit(const RemoteRequest& q) override {
        json req = {{"caption", q.prompt},
                    {"lyrics", q.lyrics.empty() ? "[Instrumental]" : q.lyrics},
                    {"duration", q.duration_s},
                    {"vocal_language", q.lyrics.empty() ? "unknown" : "en"},
                    {"output_format", "mp3"}};
        if (q.bpm) req["bpm"] = static_cast<int>(std::lround(*q.bpm));
        if (!q.key.empty()) req["keyscale"] = q.key;
        if (!q.time_signature.empty()) req["timesignature"] = q.time_signature;
        if (q.seed) req["seed"] = *q.seed;
        Result<HttpReply> r = fail(Errc::internal, "");
        if (q.source_audio) {
            req["task_type"] = "cover";
            req["audio_cover_strength"] = q.cover_strength;
            const std::string ext = q.source_audio->extension().string();
            r = http_.post_form("/synth", {{"request", req.dump()}}, "audio", "arrangement" + ext,
                                ext == ".wav" ? "audio/wav" : "audio/mpeg", read_file(*q.source_audio));
        } else {
            r = http_.post_json("/synth", req);
        }
        if (!r) return tl::unexpected(r.error());
        const std::string why = RemoteHttp::reason(*r);
        if (r->status == 501) return fail(Errc::invalid_argument, "acestep.cpp has no synthesis pipeline loaded" + (why.empty() ? "" : ": " + why));
        if (r->status == 503) return fail(Errc::unavailable, "acestep.cpp is busy");
        if (r->status != 200) {
            return fail(Errc::invalid_argument, "acestep.cpp rejected the task (HTTP " + std::to_string(r->status) + ")" +
                                                    (why.empty() ? "" : ": " + why));
        }
        json j = json::parse(r->body, nullptr, false);
        if (!j.is_object() || !j.contains("id") || !j["id"].is_string() || j["id"].get<std::string>().empty()) {
            return fail(Errc::internal, "acestep.cpp's submit answer has no job id");
        }
        return j["id"].get<std::string>();
    }

    Result<RemoteState> poll(const std::string& id) override {
        auto r = http_.get("/job?id=" + id);
        if (!r) return tl::unexpected(r.error());
        RemoteState st;
        if (r->status == 404) {
            st.kind = RemoteState::Kind::lost;
            st.error = "acestep.cpp no longer knows the job (restarted, or evicted after 32 newer jobs)";
            return st;
        }
        if (r->status != 200) return fail(Errc::unavailable, "acestep.cpp answered the status query with HTTP " + std::to_string(r->status));
        json j = json::parse(r->body, nullptr, false);
        if (!j.is_object() || !j.contains("status") || !j["status"].is_string()) {
            return fail(Errc::unavailable, "acestep.cpp answered the status query with something unreadable");
        }
        const std::string s = j["status"];
        if (s == "done") st.kind = RemoteState::Kind::done;
        else if (s == "failed") {
            st.kind = RemoteState::Kind::failed;
            st.error = "acestep.cpp reported the job as failed (its /logs have the reason)";
        } else if (s == "cancelled") st.kind = RemoteState::Kind::cancelled;
        return st;
    }

    Status cancel(const std::string& id) override {
        auto r = http_.post_json("/job?id=" + id + "&cancel=1", json::object());
        if (!r) return tl::unexpected(r.error());
        return {};
    }

    Result<Downloaded> download(const std::string& id, const RemoteState&) override {
        auto r = http_.get("/job?id=" + id + "&result=1");
        if (!r) return tl::unexpected(r.error());
        if (r->status == 404) return fail(Errc::unavailable, "acestep.cpp lost the result before OMG fetched it");
        if (r->status != 200) return fail(Errc::unavailable, "acestep.cpp's result download failed (HTTP " + std::to_string(r->status) + ")");
        return first_audio_part(*r);
    }

private:
    RemoteHttp http_;
};

}  // namespace

std::unique_ptr<RemoteProvider> make_acestep_cpp(RemoteConfig config) {
    return std::make_unique<AceStepCpp>(std::move(config));
}

}  // namespace omg::providers
