// The routes the web studio needs beyond the seed API: its static files, prompt
// interpretation, the style list, long tracks (duration_s), the stems ZIP and a sung version's
// timed lyrics (LRC, WebVTT). Real sockets on 127.0.0.1, fakes behind the real queue.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "http/api.h"
#include "http/server.h"
#include "model/hit.h"
#include "storage/ids.h"
#include "support/api_server.h"
#include "support/fake_job_engine.h"

namespace omg::http {
namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

class FakePromptService final : public PromptService {
public:
    Result<json> interpret(const InterpretRequest& request) const override {
        std::lock_guard lock(mutex_);
        last_ = request;
        if (request.asked.key && *request.asked.key == "H minor") {
            return fail(Errc::invalid_argument, "Unknown key 'H minor'");
        }
        const bool circus = request.asked.prompt.find("circus") != std::string::npos;
        return json{{"genre", circus ? "circus_march" : "pop"},
                    {"style_name", circus ? "Circus march" : "Pop"},
                    {"tempo_bpm", request.asked.bpm.value_or(120)},
                    {"key", request.asked.key.value_or("C major")},
                    {"time_signature", request.asked.time_signature.value_or("4/4")},
                    {"duration_s", request.duration_s.value_or(60)},
                    {"instruments", json::array({"trumpet"})},
                    {"ignored", json::array({"please"})}};
    }
    json styles() const override {
        return json::array({{{"id", "circus_march"}, {"name", "Circus march"}},
                            {{"id", "waltz"}, {"name", "Waltz"}}});
    }
    InterpretRequest last() const {
        std::lock_guard lock(mutex_);
        return last_;
    }

private:
    mutable std::mutex mutex_;
    mutable InterpretRequest last_;
};

// The fake engine, plus two stems per version when the job asks for them.
class StemsEngine final : public jobs::JobEngine {
public:
    testing::FakeJobEngine inner;
    Result<jobs::VersionOutput> generate(const jobs::VersionTask& task,
                                         storage::ArtifactStore& artifacts,
                                         const jobs::VersionProgressFn& progress,
                                         std::stop_token stop) override {
        auto out = inner.generate(task, artifacts, progress, stop);
        if (!out || !task.params.stems)
            return out;
        for (const char* name : {"piano", "bass"}) {
            const std::string file = task.version_id + ".stem-" + name + ".flac";
            if (auto st = artifacts.write_file(task.job_id, file, std::string("fLaC-") + name);
                !st) {
                return tl::unexpected(st.error());
            }
            out->files.push_back(file);
        }
        return out;
    }
    Status convert_audio(const fs::path& source, const fs::path& destination,
                         const std::string& format) override {
        return inner.convert_audio(source, destination, format);
    }
    std::string describe() const override { return inner.describe(); }
};

class StudioApiTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("omg-studio-" + storage::new_uuid());
        web_ = dir_ / "web" / "dist";
        fs::create_directories(web_ / "assets");
        std::ofstream(web_ / "index.html") << "<!doctype html><title>OMG studio</title>";
        std::ofstream(web_ / "assets" / "index-1a2b.js") << "export const x = 1;";
        std::ofstream(web_ / "assets" / "index-1a2b.css") << "body{color:red}";
        std::ofstream(web_ / "favicon.svg") << "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
        std::ofstream(dir_ / "web" / "secret.txt") << "do not serve";
    }
    void start(bool with_prompts = true) {
        ApiOptions ao;
        ao.web_dir = web_;
        if (with_prompts) ao.prompts = &prompts_;
        std::string why;
        ASSERT_TRUE(server_.start(std::move(ao), {}, 1 << 20, &why)) << why;
        client_ = server_.client();
    }
    void TearDown() override {
        server_.stop();  // before its files go
        fs::remove_all(dir_);
    }
    httplib::Result post(const std::string& path, const json& body) {
        return client_->Post(path.c_str(), body.dump(), "application/json");
    }
    json wait_done(const std::string& id) {
        for (int i = 0; i < 1000; ++i) {
            auto r = client_->Get(("/api/v1/jobs/" + id).c_str());
            json j = json::parse(r->body, nullptr, false);
            const std::string s = j.value("status", "");
            if (s == "completed" || s == "failed" || s == "cancelled") return j;
            std::this_thread::sleep_for(10ms);
        }
        ADD_FAILURE() << "job never finished";
        return {};
    }

    fs::path dir_;
    fs::path web_;
    StemsEngine engine_;
    FakePromptService prompts_;
    testing::ApiServer server_{engine_};
    std::unique_ptr<httplib::Client> client_;
};

}  // namespace

TEST_F(StudioApiTest, ServesTheStudioBuildWithContentTypes) {
    start();
    // A browser navigating to / gets the studio; an API client there gets JSON (cors_test.cpp).
    auto index = client_->Get(
        "/", {{"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}});
    ASSERT_EQ(index->status, 200);
    EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(index->get_header_value("Cache-Control"), "no-cache");
    EXPECT_NE(index->body.find("OMG studio"), std::string::npos);

    auto js = client_->Get("/assets/index-1a2b.js");
    ASSERT_EQ(js->status, 200);
    EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(js->body, "export const x = 1;");
    EXPECT_NE(js->get_header_value("Cache-Control").find("immutable"), std::string::npos);
    auto css = client_->Get("/assets/index-1a2b.css");
    ASSERT_EQ(css->status, 200);
    EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
    auto icon = client_->Get("/favicon.svg");
    ASSERT_EQ(icon->status, 200);
    EXPECT_EQ(icon->get_header_value("Content-Type"), "image/svg+xml");

    // The studio is one page: other paths, missing files and API paths are 404s in JSON.
    auto page = client_->Get("/history");
    ASSERT_EQ(page->status, 404);
    EXPECT_EQ(page->get_header_value("Content-Type"), "application/json");
    EXPECT_EQ(client_->Get("/index.html")->status, 200);
    EXPECT_EQ(client_->Get("/assets/missing-0000.js")->status, 404);
    EXPECT_EQ(client_->Get("/missing.js")->status, 404);
    auto api = client_->Get("/api/v1/nothing-here");
    ASSERT_EQ(api->status, 404);
    EXPECT_EQ(api->get_header_value("Content-Type"), "application/json");
}

TEST_F(StudioApiTest, RequestPathsNeverEscapeTheBuildFolder) {
    start();
    for (const char* path :
         {"/assets/../secret.txt", "/assets/../../web/secret.txt", "/assets/%2e%2e/secret.txt",
          "/assets/%2E%2E/%2E%2E/web/secret.txt", "/%2e%2e/secret.txt", "/assets/..%2fsecret.txt",
          "/assets/..%5csecret.txt", "/..%2f..%2fweb%2fsecret.txt", "/assets/.%2e/secret.txt",
          "/assets/%00../secret.txt"}) {
        auto r = client_->Get(path);
        ASSERT_TRUE(r) << path;
        EXPECT_EQ(r->body.find("do not serve"), std::string::npos) << path;
        EXPECT_NE(r->status, 500) << path;
    }
}

TEST_F(StudioApiTest, InterpretsAPromptWithoutGenerating) {
    start();
    auto r = post("/api/v1/interpret", {{"prompt", "upbeat circus march, please"},
                                        {"duration", 90},
                                        {"bpm", 140},
                                        {"key", "D minor"},
                                        {"time_signature", "2/4"}});
    ASSERT_EQ(r->status, 200) << r->body;
    json j = json::parse(r->body);
    EXPECT_EQ(j["genre"], "circus_march");
    EXPECT_EQ(j["tempo_bpm"], 140);
    EXPECT_EQ(j["ignored"], json::array({"please"}));
    const InterpretRequest seen = prompts_.last();
    EXPECT_EQ(seen.duration_s, 90);
    EXPECT_EQ(seen.asked.key, "D minor");
    EXPECT_EQ(seen.asked.time_signature, "2/4");
    EXPECT_FALSE(seen.asked.style);
    EXPECT_EQ(server_.queue().stats().total, 0) << "nothing queued";

    // Nulls are "not given".
    r = post("/api/v1/interpret", {{"prompt", "waltz"}, {"bpm", nullptr}, {"key", nullptr}});
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_FALSE(prompts_.last().asked.bpm);
}

TEST_F(StudioApiTest, InterpretRefusesBadInputWith422) {
    start();
    for (const json& body :
         {json{{"duration", 30}}, json{{"prompt", ""}}, json{{"prompt", "  \n"}},
          json{{"prompt", 7}}, json{{"prompt", "x"}, {"duration", 4}},
          json{{"prompt", "x"}, {"duration", 601}}, json{{"prompt", "x"}, {"bpm", 19}},
          json{{"prompt", "x"}, {"bpm", "fast"}}, json{{"prompt", "x"}, {"key", ""}}}) {
        auto r = post("/api/v1/interpret", body);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 422) << body.dump() << " " << r->body;
        json j = json::parse(r->body, nullptr, false);
        EXPECT_TRUE(j["detail"].is_array()) << r->body;
    }
    auto bad_json = client_->Post("/api/v1/interpret", "{nope", "application/json");
    EXPECT_EQ(bad_json->status, 422);
    // What the engine refuses comes back in its own words.
    auto r = post("/api/v1/interpret", {{"prompt", "sad song"}, {"key", "H minor"}});
    ASSERT_EQ(r->status, 422);
    EXPECT_EQ(json::parse(r->body)["detail"], "Unknown key 'H minor'");
}

TEST_F(StudioApiTest, InterpretTakesHitsAndTheSeedToLandThemFor) {
    start();
    auto r = post("/api/v1/interpret", {{"prompt", "trailer"},
                                        {"seed", 9},
                                        {"hits", json::array({{{"time", 12.5}, {"kind", "accent"}},
                                                              {{"bar_beat", "8:1"}, {"kind", "stop"}}})}});
    ASSERT_EQ(r->status, 200) << r->body;
    const InterpretRequest seen = prompts_.last();
    EXPECT_EQ(seen.asked.seed, 9);
    ASSERT_EQ(seen.asked.hits.size(), 2u);
    EXPECT_EQ(seen.asked.hits[0].time_s, 12.5);
    EXPECT_EQ(seen.asked.hits[1].bar_beat, (model::BarBeat{8, 1}));
    EXPECT_EQ(seen.asked.hits[1].kind, model::HitKind::stop);
    // Checked as generation checks them: each problem names its row.
    r = post("/api/v1/interpret", {{"prompt", "trailer"}, {"hits", json::array({{{"time", 2}, {"kind", "accent"}}, {{"time", 700}, {"kind", "accent"}}})}});
    ASSERT_EQ(r->status, 422) << r->body;
    const json d = json::parse(r->body)["detail"];
    ASSERT_EQ(d.size(), 1u) << r->body;
    EXPECT_EQ(d[0]["loc"], json::array({"body", "hits", 1, "time"}));
    EXPECT_EQ(d[0]["type"], "less_than_equal");
}

TEST_F(StudioApiTest, ListsStyles) {
    start();
    auto r = client_->Get("/api/v1/styles");
    ASSERT_EQ(r->status, 200);
    json j = json::parse(r->body);
    EXPECT_EQ(j["total"], 2);
    EXPECT_EQ(j["styles"][0]["id"], "circus_march");
    EXPECT_EQ(j["styles"][1]["name"], "Waltz");
}

TEST_F(StudioApiTest, WithoutAnEngineInterpretAndStylesSay503) {
    start(false);
    EXPECT_EQ(post("/api/v1/interpret", {{"prompt", "x"}})->status, 503);
    EXPECT_EQ(client_->Get("/api/v1/styles")->status, 503);
}

TEST_F(StudioApiTest, LongTracksThroughTheDurationExtension) {
    start();
    auto r = post("/api/v1/generate", {{"prompt", "long ambient"}, {"duration_s", 480}});
    ASSERT_EQ(r->status, 200) << r->body;
    const std::string id = json::parse(r->body)["job_id"];
    auto item = client_->Get(("/api/v1/queue/" + id).c_str());
    EXPECT_EQ(json::parse(item->body)["duration"], 480);

    // duration_s wins over duration; the seed's own limit on duration is unchanged.
    r = post("/api/v1/generate", {{"prompt", "x"}, {"duration", 30}, {"duration_s", 600}});
    EXPECT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(post("/api/v1/generate", {{"prompt", "x"}, {"duration", 301}})->status, 422);
    EXPECT_EQ(post("/api/v1/generate", {{"prompt", "x"}, {"duration_s", 601}})->status, 422);
    EXPECT_EQ(post("/api/v1/generate", {{"prompt", "x"}, {"duration_s", 4}})->status, 422);
    EXPECT_EQ(post("/api/v1/generate", {{"prompt", "x"}, {"duration_s", "long"}})->status, 422);
}

TEST_F(StudioApiTest, StemsAsOneZip) {
    start();
    auto r = post("/api/v1/generate",
                  {{"prompt", "band"}, {"duration", 10}, {"num_versions", 1}, {"stems", true}});
    ASSERT_EQ(r->status, 200);
    json job = wait_done(json::parse(r->body)["job_id"]);
    ASSERT_EQ(job["status"], "completed");
    const std::string vid = job["versions"][0]["id"];
    auto zip = client_->Get(("/api/v1/versions/" + vid + "/stems.zip").c_str());
    ASSERT_EQ(zip->status, 200);
    EXPECT_EQ(zip->get_header_value("Content-Type"), "application/zip");
    EXPECT_EQ(zip->get_header_value("Content-Disposition"), "attachment; filename=band-v1-stems.zip");
    EXPECT_EQ(zip->body.substr(0, 4), std::string("PK\x03\x04", 4));
    EXPECT_NE(zip->body.find("piano.flac"), std::string::npos);
    EXPECT_NE(zip->body.find("fLaC-bass"), std::string::npos);
    auto part =
        client_->Get(("/api/v1/versions/" + vid + "/stems.zip").c_str(), {{"Range", "bytes=0-3"}});
    ASSERT_EQ(part->status, 206);
    EXPECT_EQ(part->body, std::string("PK\x03\x04", 4));

    // A version made without stems, and an unknown version: 404 in words.
    r = post("/api/v1/generate", {{"prompt", "solo"}, {"duration", 10}});
    job = wait_done(json::parse(r->body)["job_id"]);
    const std::string plain = job["versions"][0]["id"];
    auto none = client_->Get(("/api/v1/versions/" + plain + "/stems.zip").c_str());
    EXPECT_EQ(none->status, 404);
    EXPECT_NE(json::parse(none->body)["detail"].get<std::string>().find("no stems"),
              std::string::npos);
    EXPECT_EQ(client_->Get("/api/v1/versions/not-a-uuid/stems.zip")->status, 404);
}

TEST_F(StudioApiTest, SungVersionsServeTheirLinesAsLrcAndWebVtt) {
    start();
    auto r = post("/api/v1/generate", {{"prompt", "a song about the sea"},
                                       {"duration", 10},
                                       {"lyrics", "[Verse]\nla la"},
                                       {"vocals", true}});
    ASSERT_EQ(r->status, 200) << r->body;
    json job = wait_done(json::parse(r->body)["job_id"]);
    ASSERT_EQ(job["status"], "completed");
    const std::string vid = job["versions"][0]["id"];
    const json& meta = job["versions"][0]["metadata"];
    EXPECT_EQ(meta["vocals"], true);
    ASSERT_EQ(meta["lines"].size(), 1u);
    EXPECT_EQ(meta["lines"][0]["text"], "la la");
    EXPECT_EQ(meta["lines"][0]["section"], "Verse 1");
    EXPECT_EQ(meta["lines"][0]["start_s"], 1);
    EXPECT_EQ(meta["lrc_url"], "/api/v1/versions/" + vid + "/lyrics.lrc");
    EXPECT_EQ(meta["vtt_url"], "/api/v1/versions/" + vid + "/lyrics.vtt");

    auto lrc = client_->Get(meta["lrc_url"].get<std::string>().c_str());
    ASSERT_EQ(lrc->status, 200);
    EXPECT_EQ(lrc->get_header_value("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(lrc->get_header_value("Content-Disposition"),
              "attachment; filename=a-song-about-the-sea-v1.lrc");
    EXPECT_NE(lrc->body.find("[00:01.00]la la"), std::string::npos);
    auto vtt = client_->Get(meta["vtt_url"].get<std::string>().c_str());
    ASSERT_EQ(vtt->status, 200);
    EXPECT_EQ(vtt->get_header_value("Content-Type"), "text/vtt; charset=utf-8");
    EXPECT_EQ(vtt->get_header_value("Content-Disposition"),
              "attachment; filename=a-song-about-the-sea-v1.vtt");
    EXPECT_EQ(vtt->body.rfind("WEBVTT", 0), 0u);
    auto part = client_->Get(meta["vtt_url"].get<std::string>().c_str(), {{"Range", "bytes=0-5"}});
    EXPECT_EQ(part->status, 206);
    EXPECT_EQ(part->body, "WEBVTT");

    // Lyrics with vocals off, and a version without lyrics: instrumental, 404 in the usual shape.
    for (const json& body :
         {json{{"prompt", "quiet"}, {"duration", 10}, {"lyrics", "[Verse]\nla"}, {"vocals", false}},
          json{{"prompt", "quiet"}, {"duration", 10}}}) {
        r = post("/api/v1/generate", body);
        ASSERT_EQ(r->status, 200) << r->body;
        job = wait_done(json::parse(r->body)["job_id"]);
        ASSERT_EQ(job["status"], "completed");
        const std::string plain = job["versions"][0]["id"];
        const json& m = job["versions"][0]["metadata"];
        EXPECT_EQ(m["vocals"], false);
        EXPECT_EQ(m["lines"], json::array());
        EXPECT_TRUE(m["lrc_url"].is_null());
        EXPECT_TRUE(m["vtt_url"].is_null());
        for (const char* ext : {"lrc", "vtt"}) {
            auto none = client_->Get(("/api/v1/versions/" + plain + "/lyrics." + ext).c_str());
            EXPECT_EQ(none->status, 404);
            EXPECT_NE(json::parse(none->body)["detail"].get<std::string>().find("instrumental"),
                      std::string::npos);
        }
    }
    // Unknown and malformed ids.
    auto unknown =
        client_->Get(("/api/v1/versions/" + storage::new_uuid() + "/lyrics.lrc").c_str());
    EXPECT_EQ(unknown->status, 404);
    EXPECT_TRUE(json::parse(unknown->body)["detail"].is_string());
    EXPECT_EQ(client_->Get("/api/v1/versions/not-a-uuid/lyrics.vtt")->status, 404);
    EXPECT_EQ(client_->Get("/api/v1/versions/../lyrics.vtt")->status, 404);
}

TEST_F(StudioApiTest, VocalsIsABooleanOrNull) {
    start();
    EXPECT_EQ(
        post("/api/v1/generate", {{"prompt", "x"}, {"duration", 10}, {"vocals", nullptr}})->status,
        200);
    for (const json& bad : {json("yes"), json(1), json::array(), json::object()}) {
        auto r = post("/api/v1/generate", {{"prompt", "x"}, {"duration", 10}, {"vocals", bad}});
        ASSERT_EQ(r->status, 422) << bad.dump();
        const json d = json::parse(r->body)["detail"];
        ASSERT_TRUE(d.is_array());
        EXPECT_EQ(d[0]["loc"], json::array({"body", "vocals"}));
        EXPECT_EQ(d[0]["type"], "bool_type");
    }
}

TEST_F(StudioApiTest, OpenApiDescribesTheStudioRoutes) {
    start();
    json doc = json::parse(client_->Get("/openapi.json")->body);
    EXPECT_TRUE(doc["paths"].contains("/api/v1/interpret"));
    EXPECT_TRUE(doc["paths"].contains("/api/v1/styles"));
    EXPECT_TRUE(doc["paths"].contains("/api/v1/versions/{version_id}/stems.zip"));
    EXPECT_TRUE(doc["paths"].contains("/api/v1/versions/{version_id}/lyrics.lrc"));
    EXPECT_TRUE(doc["paths"].contains("/api/v1/versions/{version_id}/lyrics.vtt"));
    EXPECT_TRUE(doc["components"]["schemas"]["GenerationRequest"]["properties"].contains("vocals"));
    EXPECT_TRUE(
        doc["components"]["schemas"]["GenerationRequest"]["properties"].contains("duration_s"));
    EXPECT_TRUE(doc["components"]["schemas"].contains("Interpretation"));
}

}  // namespace omg::http
