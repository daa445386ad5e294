// Issue 5's routes in-process: lyrics, providers, and the seed's model-service API over the
// real queue (the seed backend's request sequence), with fakes behind them.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/server.h"
#include "storage/ids.h"
#include "support/api_server.h"
#include "support/fake_job_engine.h"

namespace omg::http {
namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

class FakeLyrics final : public LyricsService {
public:
    mutable LyricsRequest last;
    bool down = false;
    Result<LyricsResult> write(const LyricsRequest& r) const override {
        last = r;
        if (down) return fail(Errc::unavailable, "the lyrics model service (OMG_LLM_URL) cannot be reached");
        LyricsResult out;
        out.lyrics = r.current_lyrics ? "[Verse]\nrefined\n" : "[Verse]\nabout " + r.topic + "\n";
        out.writer = "builtin";
        out.model = "fake";
        out.seed = r.seed.value_or(7);
        if (r.current_lyrics && !r.instruction.empty()) out.changes = {"did: " + r.instruction};
        return out;
    }
    json describe() const override { return {{"default", "builtin"}, {"writers", json::array()}}; }
};

class FakeCatalog final : public ProviderCatalog {
public:
    std::vector<ProviderEntry> list() const override {
        return {{"builtin", "own", true, true, "", false, true},
                {"ace-step", "", false, false, "ACESTEP_URL is not set", true, false}};
    }
    std::string default_provider() const override { return "builtin"; }
};

class RoutesTest : public ::testing::Test {
protected:
    void SetUp() override {
        ApiOptions ao;
        ao.model_service_paths = true;  // the seed backend on this host reads the files
        ao.lyrics = &lyrics_;
        ao.providers = &catalog_;
        std::string why;
        ASSERT_TRUE(server_.start(std::move(ao), {}, 1 << 20, &why)) << why;
        client_ = server_.client();
    }
    std::pair<int, json> post(const std::string& path, const json& body) {
        auto r = client_->Post(path.c_str(), body.dump(), "application/json");
        if (!r) return {0, {}};
        return {r->status, json::parse(r->body, nullptr, false)};
    }
    std::pair<int, json> get(const std::string& path) {
        auto r = client_->Get(path.c_str());
        if (!r) return {0, {}};
        return {r->status, json::parse(r->body, nullptr, false)};
    }
    std::pair<int, json> del(const std::string& path) {
        auto r = client_->Delete(path.c_str());
        if (!r) return {0, {}};
        return {r->status, json::parse(r->body, nullptr, false)};
    }

    FakeLyrics lyrics_;
    FakeCatalog catalog_;
    testing::FakeJobEngine engine_;
    testing::ApiServer server_{engine_};
    std::unique_ptr<httplib::Client> client_;
};

TEST_F(RoutesTest, LyricsGenerateAndRefine) {
    auto [s, j] = post("/api/v1/lyrics/generate", {{"prompt", "folk"}, {"duration", 60}, {"topic", "rivers"}, {"seed", 12}});
    ASSERT_EQ(s, 200) << j.dump();
    EXPECT_EQ(j["lyrics"], "[Verse]\nabout rivers\n");
    EXPECT_EQ(j["writer"], "builtin");
    EXPECT_EQ(j["seed"], 12);
    EXPECT_EQ(lyrics_.last.duration_s, 60);
    std::tie(s, j) = post("/api/v1/lyrics/generate",
                          {{"prompt", "folk"}, {"duration", 60}, {"topic", "rivers"}, {"current_lyrics", "[Verse]\nold"}});
    ASSERT_EQ(s, 200);
    EXPECT_EQ(j["lyrics"], "[Verse]\nrefined\n");
    // The seed model-service path answers the same way.
    std::tie(s, j) = post("/model/v1/lyrics/generate", {{"prompt", "folk"}, {"duration", 30}, {"topic", "x"}});
    EXPECT_EQ(s, 200);
    EXPECT_TRUE(j["lyrics"].is_string());
}

TEST_F(RoutesTest, LyricsRefineTakesAnInstructionAndSaysWhatChanged) {
    auto [s, j] = post("/api/v1/lyrics/generate", {{"prompt", "folk"}, {"duration", 60}, {"topic", "rivers"},
                                                   {"current_lyrics", "[Verse]\nold"},
                                                   {"instruction", "rewrite the chorus"}});
    ASSERT_EQ(s, 200) << j.dump();
    EXPECT_EQ(lyrics_.last.instruction, "rewrite the chorus");
    ASSERT_TRUE(j["changes"].is_array()) << j.dump();
    ASSERT_EQ(j["changes"].size(), 1u);
    EXPECT_EQ(j["changes"][0], "did: rewrite the chorus");
    // Without an instruction the reply still carries the field, empty.
    std::tie(s, j) = post("/api/v1/lyrics/generate", {{"prompt", "folk"}, {"duration", 60}, {"topic", "rivers"}});
    ASSERT_EQ(s, 200);
    EXPECT_TRUE(lyrics_.last.instruction.empty());
    ASSERT_TRUE(j["changes"].is_array()) << j.dump();
    EXPECT_TRUE(j["changes"].empty());
    // The seed model-service path passes it through too.
    std::tie(s, j) = post("/model/v1/lyrics/generate", {{"prompt", "folk"}, {"duration", 30}, {"topic", "x"},
                                                        {"current_lyrics", "[Verse]\nold"}, {"instruction", "make it sadder"}});
    ASSERT_EQ(s, 200);
    EXPECT_EQ(j["changes"][0], "did: make it sadder");
}

TEST_F(RoutesTest, LyricsValidationAndUnavailableService) {
    auto [s, j] = post("/api/v1/lyrics/generate", {{"prompt", "folk"}, {"duration", 301}, {"topic", "t"}});
    EXPECT_EQ(s, 422);
    std::tie(s, j) = post("/api/v1/lyrics/generate", {{"prompt", "folk"}, {"duration", 30}, {"topic", "t"}, {"writer", "gpt"}});
    EXPECT_EQ(s, 422);
    EXPECT_EQ(j["detail"][0]["loc"][1], "writer");
    lyrics_.down = true;
    std::tie(s, j) = post("/api/v1/lyrics/generate", {{"prompt", "folk"}, {"duration", 30}, {"topic", "t"}});
    EXPECT_EQ(s, 503);
    EXPECT_NE(j["detail"].get<std::string>().find("OMG_LLM_URL"), std::string::npos);
}

TEST_F(RoutesTest, ProvidersAreListed) {
    auto [s, j] = get("/api/v1/providers");
    ASSERT_EQ(s, 200);
    EXPECT_EQ(j["default"], "builtin");
    ASSERT_EQ(j["providers"].size(), 2u);
    EXPECT_EQ(j["providers"][1]["name"], "ace-step");
    EXPECT_EQ(j["providers"][1]["available"], false);
    EXPECT_EQ(j["providers"][1]["detail"], "ACESTEP_URL is not set");
}

TEST_F(RoutesTest, TheSeedBackendSequenceAgainstTheModelService) {
    // What backend/app/services/model_client.py does, in order.
    auto [s, j] = post("/model/v1/generate", {{"prompt", "epic orchestral trailer"}, {"duration", 30},
                                              {"lyrics", "[inst]"}, {"num_versions", 2}, {"format", "mp3"},
                                              {"manual_seeds", 42}, {"provider", "ace-step"},
                                              {"job_id", "backend-job-1"}});
    ASSERT_EQ(s, 200) << j.dump();
    EXPECT_EQ(j["job_id"], "backend-job-1");
    EXPECT_EQ(j["status"], "pending");
    EXPECT_EQ(j["message"], "Generation started in background");
    json status;
    for (int i = 0; i < 500; ++i) {
        std::tie(s, status) = get("/model/v1/generate/backend-job-1/status");
        ASSERT_EQ(s, 200);
        if (status["status"] == "completed" || status["status"] == "failed") break;
        auto [ps, progress] = get("/model/v1/generate/backend-job-1/progress");
        EXPECT_EQ(ps, 200);
        EXPECT_TRUE(progress["progress"].is_number());
        std::this_thread::sleep_for(10ms);
    }
    ASSERT_EQ(status["status"], "completed") << status.dump();
    EXPECT_EQ(status["progress"], 100.0);
    EXPECT_EQ(status["current_step"], "Completed");
    ASSERT_EQ(status["versions"].size(), 2u);
    for (const auto& v : status["versions"]) {
        const std::string path = v["audio_path"];
        EXPECT_TRUE(fs::is_regular_file(path)) << path;  // the backend reads it directly
        EXPECT_TRUE(path.ends_with(".mp3"));
        EXPECT_EQ(v["metadata"]["seed"].is_number(), true);
        EXPECT_EQ(v["metadata"]["lyrics"], "[inst]");
        // The same links as /api/v1: the sung lines' LRC and WebVTT, the MIDI.
        const std::string base = "/api/v1/versions/" + v["id"].get<std::string>();
        EXPECT_EQ(v["metadata"]["lrc_url"], base + "/lyrics.lrc");
        EXPECT_EQ(v["metadata"]["vtt_url"], base + "/lyrics.vtt");
        EXPECT_EQ(v["metadata"]["midi_url"], base + "/midi");
        EXPECT_EQ(v["metadata"]["audio_url"], base + "/audio?format=mp3");
    }
    std::tie(s, j) = del("/model/v1/generate/backend-job-1/cancel");
    EXPECT_EQ(s, 400);
    EXPECT_EQ(j["detail"], "Job backend-job-1 cannot be cancelled (status: completed)");
    std::tie(s, j) = del("/model/v1/generate/backend-job-1");
    EXPECT_EQ(s, 200);
    EXPECT_EQ(j["message"], "Job backend-job-1 deleted");
    std::tie(s, j) = get("/model/v1/generate/backend-job-1/status");
    EXPECT_EQ(s, 404);
    EXPECT_EQ(j["detail"], "Job backend-job-1 not found");
}

TEST_F(RoutesTest, ModelServiceWavFormatCancelAndErrors) {
    engine_.version_ms = 2000;
    auto [s, j] = post("/model/v1/generate", {{"prompt", "p"}, {"duration", 10}, {"format", "wav"}});
    ASSERT_EQ(s, 200);
    const std::string id = j["job_id"];  // no client id: OMG's
    std::tie(s, j) = del("/model/v1/generate/" + id);
    EXPECT_EQ(s, 400);  // still running: cancel first
    std::tie(s, j) = del("/model/v1/generate/" + id + "/cancel");
    EXPECT_EQ(s, 200);
    EXPECT_EQ(j["message"], "Job " + id + " cancelled");
    std::tie(s, j) = get("/model/v1/generate/" + id + "/status");
    EXPECT_EQ(j["status"], "cancelled");

    engine_.version_ms = 20;
    std::tie(s, j) = post("/model/v1/generate", {{"prompt", "p"}, {"duration", 10}, {"format", "wav"}, {"job_id", "w1"}});
    ASSERT_EQ(s, 200);
    for (int i = 0; i < 300; ++i) {
        std::tie(s, j) = get("/model/v1/generate/w1/status");
        if (j["status"] == "completed") break;
        std::this_thread::sleep_for(10ms);
    }
    ASSERT_EQ(j["status"], "completed");
    EXPECT_TRUE(j["versions"][0]["audio_path"].get<std::string>().ends_with(".wav"));

    std::tie(s, j) = post("/model/v1/generate", {{"prompt", "p"}, {"duration", 301}});
    EXPECT_EQ(s, 422);
    EXPECT_EQ(j["detail"][0]["loc"][1], "duration");
    std::tie(s, j) = post("/model/v1/generate", {{"prompt", "p"}, {"duration", 10}, {"provider", "suno"}});
    EXPECT_EQ(s, 400);
    EXPECT_NE(j["detail"].get<std::string>().find("Invalid provider"), std::string::npos);
    std::tie(s, j) = get("/model/v1/generate/nope/status");
    EXPECT_EQ(s, 404);

    std::tie(s, j) = get("/model/v1/provider");
    EXPECT_EQ(s, 200);
    EXPECT_EQ(j["current_provider"], "builtin");
    std::tie(s, j) = get("/model/v1/provider/status");
    EXPECT_EQ(s, 200);
    EXPECT_TRUE(j["providers"].contains("ace-step"));
    std::tie(s, j) = post("/model/v1/provider/switch", {{"provider", "song-generation"}});
    EXPECT_EQ(s, 200);
    std::tie(s, j) = post("/model/v1/jobs/cleanup", json::object());
    EXPECT_EQ(s, 200);
    EXPECT_EQ(j["cleaned_count"], 0);
}

}  // namespace
}  // namespace omg::http
