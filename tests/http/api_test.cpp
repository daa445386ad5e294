// The HTTP layer in-process: real sockets on 127.0.0.1, a fake engine behind the real queue.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <cctype>
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/route_helpers.h"
#include "http/server.h"
#include "storage/ids.h"
#include "storage/job_store.h"
#include "support/api_server.h"
#include "support/eventually.h"
#include "support/fake_job_engine.h"

namespace omg::http {
namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

class ApiTest : public ::testing::Test {
protected:
    void start(ApiOptions api_options = {}, jobs::QueueOptions qo = {}) {
        std::string why;
        ASSERT_TRUE(server_.start(std::move(api_options), qo, 64 * 1024, &why)) << why;
        client_ = server_.client();
    }
    json post(const std::string& path, const json& body, int expect = 200) {
        auto r = client_->Post(path.c_str(), body.dump(), "application/json");
        EXPECT_TRUE(r);
        if (!r) return {};
        EXPECT_EQ(r->status, expect) << r->body;
        return json::parse(r->body, nullptr, false);
    }
    json get(const std::string& path, int expect = 200) {
        auto r = client_->Get(path.c_str());
        EXPECT_TRUE(r);
        if (!r) return {};
        EXPECT_EQ(r->status, expect) << path << " " << r->body;
        return json::parse(r->body, nullptr, false);
    }
    json wait_done(const std::string& id) {
        for (int i = 0; i < 1000; ++i) {
            json j = get("/api/v1/jobs/" + id);
            std::string s = j.value("status", "");
            if (s == "completed" || s == "failed" || s == "cancelled") return j;
            std::this_thread::sleep_for(10ms);
        }
        ADD_FAILURE() << "job never finished";
        return {};
    }

    testing::FakeJobEngine engine_;
    testing::ApiServer server_{engine_};
    std::unique_ptr<httplib::Client> client_;
};

}  // namespace

// A cue's version (issue 14): its segments have URLs, its audio is FLAC by default and never MP3.
TEST_F(ApiTest, ACueVersionServesItsSegmentsAndRefusesMp3) {
    start();
    json sub = post("/api/v1/generate",
                    {{"prompt", "groove"}, {"duration", 10}, {"cue", {{"intro_bars", 1}, {"vamp_bars", 2}, {"ending", "button"}}}});
    json job = wait_done(sub["job_id"]);
    ASSERT_EQ(job["status"], "completed");
    const json meta = job["versions"][0]["metadata"];
    const std::string vid = job["versions"][0]["id"];
    const std::string base = "/api/v1/versions/" + vid;
    EXPECT_EQ(meta["segments"], json({{"intro", base + "/segments/intro"}, {"loop", base + "/segments/loop"},
                                      {"ending", base + "/segments/ending"}}));
    EXPECT_FALSE(meta["formats"].contains("mp3"));
    auto audio = client_->Get((base + "/audio").c_str());
    ASSERT_EQ(audio->status, 200);
    EXPECT_EQ(audio->body.substr(0, 4), "fLaC");
    get(base + "/audio?format=mp3", 422);
    for (const char* s : {"intro", "loop", "ending"}) {
        auto seg = client_->Get((base + "/segments/" + s).c_str());
        ASSERT_EQ(seg->status, 200) << s;
        EXPECT_EQ(seg->get_header_value("Content-Type"), "audio/flac");
        EXPECT_EQ(seg->body.substr(0, 4), "fLaC");
    }
    auto wav = client_->Get((base + "/segments/loop?format=wav").c_str());
    EXPECT_EQ(wav->body.substr(0, 4), "RIFF");
    get(base + "/segments/loop?format=mp3", 422);
    get(base + "/segments/bridge", 404);
    // A track has no segments.
    json track = wait_done(post("/api/v1/generate", {{"prompt", "plain"}, {"duration", 10}})["job_id"]);
    EXPECT_TRUE(track["versions"][0]["metadata"]["segments"].is_null());
    get("/api/v1/versions/" + track["versions"][0]["id"].get<std::string>() + "/segments/loop", 404);
}

TEST_F(ApiTest, SubmitPollAndDownloadEveryFormat) {
    start();
    json sub = post("/api/v1/generate", {{"prompt", "circus"}, {"duration", 10}, {"num_versions", 2}});
    EXPECT_EQ(sub["status"], "pending");
    EXPECT_EQ(sub["queue_position"], 1);
    json job = wait_done(sub["job_id"]);
    ASSERT_EQ(job["status"], "completed");
    EXPECT_EQ(job["progress"], 100.0);
    ASSERT_EQ(job["versions"].size(), 2u);
    json v = job["versions"][0];
    EXPECT_FALSE(v["metadata"].contains("audio_path")) << "no server paths to clients";
    EXPECT_TRUE(v["metadata"].contains("sections"));
    const std::string vid = v["id"];

    auto mp3 = client_->Get(("/api/v1/versions/" + vid + "/audio").c_str());
    ASSERT_EQ(mp3->status, 200);
    EXPECT_EQ(mp3->get_header_value("Content-Type"), "audio/mpeg");
    EXPECT_EQ(mp3->get_header_value("Content-Disposition"), "attachment; filename=circus-v1.mp3");
    auto v2 = client_->Get(("/api/v1/versions/" + job["versions"][1]["id"].get<std::string>() +
                            "/audio?format=wav").c_str());
    EXPECT_EQ(v2->get_header_value("Content-Disposition"), "attachment; filename=circus-v2.wav");
    EXPECT_EQ(mp3->body.substr(0, 3), "ID3");
    auto wav = client_->Get(("/api/v1/versions/" + vid + "/audio?format=wav").c_str());
    ASSERT_EQ(wav->status, 200);
    EXPECT_EQ(wav->get_header_value("Content-Type"), "audio/wav");
    EXPECT_EQ(wav->body.substr(0, 4), "RIFF");
    auto flac = client_->Get(("/api/v1/versions/" + vid + "/audio?format=flac").c_str());
    EXPECT_EQ(flac->body.substr(0, 4), "fLaC");
    auto ogg = client_->Get(("/api/v1/versions/" + vid + "/audio?format=OGG").c_str());
    EXPECT_EQ(ogg->get_header_value("Content-Type"), "audio/ogg");
    EXPECT_EQ(ogg->body.substr(0, 4), "OggS");
    get("/api/v1/versions/" + vid + "/audio?format=aiff", 422);

    auto midi = client_->Get(("/api/v1/versions/" + vid + "/midi").c_str());
    EXPECT_EQ(midi->get_header_value("Content-Disposition"), "attachment; filename=circus-v1.mid");
    EXPECT_EQ(midi->get_header_value("Content-Type"), "audio/midi");
    EXPECT_EQ(midi->body.substr(0, 4), "MThd");
    json peaks = get("/api/v1/versions/" + vid + "/peaks?points=2");
    EXPECT_EQ(peaks["points"], 2);
    EXPECT_EQ(peaks["max"].size(), 2u);
    EXPECT_EQ(peaks["min"][0], -0.5);
    get("/api/v1/versions/" + vid + "/stems");
}

TEST_F(ApiTest, RangeRequests) {
    start();
    json sub = post("/api/v1/generate", {{"prompt", "range"}, {"duration", 10}});
    json job = wait_done(sub["job_id"]);
    const std::string url = "/api/v1/versions/" + job["versions"][0]["id"].get<std::string>() + "/audio";
    auto r = client_->Get(url.c_str(), {{"Range", "bytes=0-9"}});
    ASSERT_EQ(r->status, 206);
    EXPECT_EQ(r->body.size(), 10u);
    EXPECT_EQ(r->body.substr(0, 3), "ID3");
    EXPECT_EQ(r->get_header_value("Content-Range"), "bytes 0-9/4003");
    auto tail = client_->Get(url.c_str(), {{"Range", "bytes=4000-"}});
    EXPECT_EQ(tail->status, 206);
    EXPECT_EQ(tail->body.size(), 3u);
    auto head = client_->Head(url.c_str());
    EXPECT_EQ(head->status, 200);
    EXPECT_EQ(head->get_header_value("Accept-Ranges"), "bytes");
}

TEST_F(ApiTest, QueueCancelReorderPresetDelete) {
    engine_.version_ms = 3000;
    start();
    std::string a = post("/api/v1/generate", {{"prompt", "a"}, {"duration", 10}})["job_id"];
    std::string b = post("/api/v1/generate", {{"prompt", "b"}, {"duration", 10}, {"seed", 0}, {"lyrics", "la"}})["job_id"];
    std::string c = post("/api/v1/generate", {{"prompt", "c"}, {"duration", 10},
                                              {"hits", json::array({{{"time", 4.5}, {"kind", "accent"}},
                                                                    {{"bar_beat", "3:1"}, {"kind", "stop"}}})}})["job_id"];
    json list = get("/api/v1/queue");
    EXPECT_EQ(list["total"], 3);
    EXPECT_EQ(list["items"][1]["job_id"], b);
    EXPECT_EQ(list["items"][1]["seed"], 0);
    json preset = get("/api/v1/queue/" + b + "/preset");
    EXPECT_EQ(preset["prompt"], "b");
    EXPECT_EQ(preset["seed"], 0);
    EXPECT_EQ(preset["lyrics"], "la");
    EXPECT_FALSE(preset.contains("hits"));
    // The studio's "Use as preset" puts hit points back in the form as they were asked.
    EXPECT_EQ(get("/api/v1/queue/" + c + "/preset")["hits"],
              json::parse(R"([{"time":4.5,"kind":"accent"},{"bar_beat":"3:1","kind":"stop"}])"));

    auto moved = client_->Patch("/api/v1/queue/reorder", json{{"job_id", c}, {"new_position", 2}}.dump(),
                                "application/json");
    EXPECT_EQ(moved->status, 200) << moved->body;
    EXPECT_EQ(json::parse(moved->body)["message"], "Job " + c + " moved to position 2");
    EXPECT_EQ(get("/api/v1/queue/" + c)["queue_position"], 2);
    auto bad = client_->Patch("/api/v1/queue/reorder", json{{"job_id", c}, {"new_position", 9}}.dump(),
                              "application/json");
    EXPECT_EQ(bad->status, 400);
    auto zero = client_->Patch("/api/v1/queue/reorder", json{{"job_id", c}, {"new_position", 0}}.dump(),
                               "application/json");
    EXPECT_EQ(zero->status, 422);

    // Real progress on /queue/{id} (the seed said 50.0 for anything processing).
    for (int i = 0; i < 200 && get("/api/v1/queue/" + a)["progress"].get<double>() == 0; ++i) {
        std::this_thread::sleep_for(20ms);
    }
    double p = get("/api/v1/queue/" + a)["progress"];
    EXPECT_GT(p, 0);
    EXPECT_LT(p, 50);

    auto del = client_->Delete(("/api/v1/queue/" + a).c_str());
    EXPECT_EQ(del->status, 200);
    EXPECT_EQ(json::parse(del->body)["message"], "Job " + a + " removed from queue");
    EXPECT_EQ(get("/api/v1/jobs/" + a)["status"], "cancelled");
    get("/api/v1/queue/" + a, 404);
    EXPECT_EQ(get("/api/v1/queue/" + a + "/preset", 404)["detail"], "Queue item " + a + " not found");

    auto gone = client_->Delete(("/api/v1/jobs/" + b).c_str());
    EXPECT_EQ(gone->status, 200);
    EXPECT_EQ(get("/api/v1/jobs/" + b, 404)["detail"], "Job " + b + " not found");
    EXPECT_EQ(client_->Delete(("/api/v1/jobs/" + b).c_str())->status, 404);
}

TEST_F(ApiTest, ErrorsAreJsonWithTheRightStatus) {
    start();
    EXPECT_EQ(get("/nope", 404)["detail"], "Not Found");
    auto wrong = client_->Put("/api/v1/generate", "{}", "application/json");
    EXPECT_EQ(wrong->status, 405);
    EXPECT_EQ(json::parse(wrong->body)["detail"], "Method Not Allowed");
    EXPECT_EQ(client_->Get("/api/v1/generate")->status, 405);
    EXPECT_EQ(client_->Delete("/health")->status, 405);
    json bad = post("/api/v1/generate", json(nullptr), 422);
    auto notjson = client_->Post("/api/v1/generate", "{nope", "application/json");
    EXPECT_EQ(notjson->status, 422);
    EXPECT_EQ(json::parse(notjson->body)["detail"][0]["type"], "json_invalid");
    auto big = client_->Post("/api/v1/generate", std::string(100 * 1024, 'x'), "application/json");
    ASSERT_TRUE(big);
    EXPECT_EQ(big->status, 413);
    get("/api/v1/jobs/..%2F..%2Fetc%2Fpasswd", 404);
    get("/api/v1/versions/..%2F..%2Fetc/audio", 404);
    get("/api/v1/jobs/" + storage::new_uuid(), 404);
    auto lyrics = client_->Post("/api/v1/lyrics/generate",
                                json{{"prompt", "p"}, {"duration", 30}, {"topic", "t"}}.dump(),
                                "application/json");
    // No lyrics service wired in: unavailable, with the reason (issue 5 replaced the 501).
    EXPECT_EQ(lyrics->status, 503);
    EXPECT_TRUE(json::parse(lyrics->body)["detail"].is_string());
}

TEST_F(ApiTest, FailedJobsSayWhyWithoutLeakingInternals) {
    start();
    std::string id = post("/api/v1/generate", {{"prompt", "THROW"}, {"duration", 10}})["job_id"];
    json job = wait_done(id);
    EXPECT_EQ(job["status"], "failed");
    EXPECT_EQ(job["error"].get<std::string>().find("/secret"), std::string::npos);
}

TEST_F(ApiTest, BearerAuthGuardsWritesOnly) {
    ApiOptions o;
    o.api_key = "s3cret";
    start(o);
    auto r = client_->Post("/api/v1/generate", R"({"prompt":"x","duration":5})", "application/json");
    EXPECT_EQ(r->status, 401);
    r = client_->Post("/api/v1/generate", {{"Authorization", "Bearer wrong"}},
                      R"({"prompt":"x","duration":5})", "application/json");
    EXPECT_EQ(r->status, 401);
    r = client_->Post("/api/v1/generate", {{"Authorization", "Bearer s3cret"}},
                      R"({"prompt":"x","duration":5})", "application/json");
    EXPECT_EQ(r->status, 200);
    get("/api/v1/queue");
}

TEST_F(ApiTest, CorsForTheSeedClientsOrigins) {
    start();
    auto r = client_->Get("/health", {{"Origin", "http://localhost:5173"}});
    EXPECT_EQ(r->get_header_value("Access-Control-Allow-Origin"), "http://localhost:5173");
    EXPECT_EQ(r->get_header_value("Access-Control-Allow-Credentials"), "true");
    r = client_->Get("/health", {{"Origin", "http://localhost:4200"}});
    EXPECT_EQ(r->get_header_value("Access-Control-Allow-Origin"), "http://localhost:4200");
    r = client_->Get("/health", {{"Origin", "http://evil.example"}});
    EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin"));
    httplib::Request pre;
    auto opt = client_->send([] {
        httplib::Request q;
        q.method = "OPTIONS";
        q.path = "/api/v1/generate";
        q.headers = {{"Origin", "http://127.0.0.1:5173"},
                     {"Access-Control-Request-Method", "POST"},
                     {"Access-Control-Request-Headers", "content-type"}};
        return q;
    }());
    ASSERT_TRUE(opt);
    EXPECT_EQ(opt->status, 200);
    EXPECT_EQ(opt->get_header_value("Access-Control-Allow-Headers"), "content-type");
}

TEST_F(ApiTest, QueueFullAnswers429WithRetryAfter) {
    engine_.version_ms = 5000;
    jobs::QueueOptions qo;
    qo.max_pending = 1;
    start({}, qo);
    post("/api/v1/generate", {{"prompt", "a"}, {"duration", 10}});
    for (int i = 0; i < 100 && server_.queue().stats().processing == 0; ++i) std::this_thread::sleep_for(10ms);
    post("/api/v1/generate", {{"prompt", "b"}, {"duration", 10}});
    auto r = client_->Post("/api/v1/generate", R"({"prompt":"c","duration":10})", "application/json");
    EXPECT_EQ(r->status, 429);
    EXPECT_GE(std::stoi(r->get_header_value("Retry-After")), 1);
}

TEST_F(ApiTest, ServerSentEventsWithResume) {
    start();
    std::string received;
    std::atomic<bool> done{false};
    std::atomic<bool> hello{false};
    std::jthread listener([&] {
        httplib::Client sse("127.0.0.1", server_.port());
        sse.set_read_timeout(10, 0);
        sse.Get("/api/v1/events", [&](const char* data, size_t n) {
            received.append(data, n);
            // The hello names the last event before the stream: everything after it comes.
            hello = received.find("event: hello") != std::string::npos;
            done = received.find("event: completed") != std::string::npos;
            return !done.load();
        });
    });
    ASSERT_TRUE(testing::eventually([&] { return hello.load(); })) << "the stream opened";
    std::string id = post("/api/v1/generate", {{"prompt", "sse"}, {"duration", 10}})["job_id"];
    listener.join();
    ASSERT_TRUE(done);
    EXPECT_NE(received.find("event: created"), std::string::npos);
    EXPECT_NE(received.find("event: progress"), std::string::npos);
    EXPECT_NE(received.find(id), std::string::npos);
    // Resume from the "created" event: everything after it comes again, ids increasing.
    auto pos = received.find("event: created");
    auto id_pos = received.rfind("id: ", pos);
    std::string created_id = received.substr(id_pos + 4, received.find('\n', id_pos) - id_pos - 4);
    std::string resumed;
    httplib::Client again("127.0.0.1", server_.port());
    again.Get("/api/v1/events", {{"Last-Event-ID", created_id}}, [&](const char* data, size_t n) {
        resumed.append(data, n);
        return resumed.find("event: completed") == std::string::npos;
    });
    EXPECT_NE(resumed.find("event: started"), std::string::npos);
    EXPECT_EQ(resumed.find("event: created"), std::string::npos);
}

// An id this server never gave (another numbering: a node of another database, a server from
// before an upgrade) is a gap: the client is told to re-read, then gets what comes next.
TEST_F(ApiTest, ServerSentEventsResumedAfterAnUnknownIdResyncAndGoOn) {
    start();
    std::string received;
    std::atomic<bool> resynced{false};
    std::jthread listener([&] {
        httplib::Client sse("127.0.0.1", server_.port());
        sse.set_read_timeout(10, 0);
        sse.Get("/api/v1/events", {{"Last-Event-ID", "18446744073709551000"}},
                [&](const char* data, size_t n) {
                    received.append(data, n);
                    resynced = received.find("event: resync") != std::string::npos;
                    return received.find("event: created") == std::string::npos;
                });
    });
    ASSERT_TRUE(testing::eventually([&] { return resynced.load(); })) << "told to re-read";
    std::string id = post("/api/v1/generate", {{"prompt", "sse"}, {"duration", 10}})["job_id"];
    listener.join();
    EXPECT_NE(received.find("event: created"), std::string::npos) << "new events still come";
    EXPECT_NE(received.find(id), std::string::npos);
}

TEST_F(ApiTest, SergiecodeApi) {
    start();
    auto redirect = client_->Get("/music");
    EXPECT_EQ(redirect->status, 307);
    json info = get("/music/");
    EXPECT_EQ(info["min_duration"], 5);
    json sub = post("/music/generate", {{"prompt", "  relaxing piano  "}, {"duration", 10}});
    EXPECT_EQ(sub["success"], true);
    EXPECT_EQ(sub["prompt"], "relaxing piano");
    EXPECT_EQ(sub["message"], "Music generation started for prompt: 'relaxing piano'");
    EXPECT_EQ(sub["status"], "processing");
    EXPECT_TRUE(sub["download_url"].is_null());
    EXPECT_GE(sub["estimated_processing_time"].get<int>(), 1);
    std::string id = sub["track_id"];
    EXPECT_TRUE(storage::is_track_id(id));
    json status;
    for (int i = 0; i < 500; ++i) {
        status = get("/music/status/" + id);
        if (status["status"] != "processing") break;
        std::this_thread::sleep_for(10ms);
    }
    EXPECT_EQ(status["status"], "completed");
    EXPECT_EQ(status["progress"], 100);
    std::string url = status["download_url"];
    EXPECT_NE(url.find(id), std::string::npos);
    auto file = client_->Get(url.substr(url.find("/downloads/")).c_str());
    ASSERT_EQ(file->status, 200);
    EXPECT_EQ(file->body.substr(0, 3), "ID3");
    EXPECT_EQ(post("/music/generate", {{"prompt", "   "}}, 400)["detail"], "Prompt cannot be empty");
    post("/music/generate", {{"prompt", "x"}, {"duration", 4}}, 422);
    EXPECT_EQ(get("/music/status/track_00000000", 404)["detail"],
              "Track not found: 'Track ID track_00000000 not found'");
}

TEST_F(ApiTest, HealthRootAndDocs) {
    start();
    EXPECT_EQ(get("/health")["status"], "healthy");
    EXPECT_EQ(get("/")["message"], "Music Generation API");
    auto html = client_->Get("/", {{"Accept", "text/html"}});
    EXPECT_NE(html->body.find("/api/v1/generate"), std::string::npos);
    json doc = get("/openapi.json");
    EXPECT_EQ(doc["openapi"], "3.0.3");
    for (const char* p : {"/api/v1/generate", "/api/v1/jobs/{job_id}", "/api/v1/queue",
                          "/api/v1/queue/reorder", "/api/v1/queue/{job_id}/preset",
                          "/api/v1/versions/{version_id}/audio", "/api/v1/events",
                          "/music/generate", "/music/status/{track_id}"}) {
        EXPECT_TRUE(doc["paths"].contains(p)) << p;
    }
}

TEST(DownloadFileName, SlugOfThePrompt) {
    EXPECT_EQ(download_file_name("Upbeat circus march, with BRASS!", 0, ".mp3"),
              "upbeat-circus-march-with-brass-v1.mp3");
    EXPECT_EQ(download_file_name("", 2, ".wav"), "omg-track-v3.wav");
    EXPECT_EQ(download_file_name("   \"/\\  ", 0, ".mid"), "omg-track-v1.mid");
    EXPECT_EQ(download_file_name("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac", 0, ".ogg"), "caf-v1.ogg");
    std::string long_prompt(200, 'a');
    EXPECT_EQ(download_file_name(long_prompt, 0, ".mp3"), std::string(60, 'a') + "-v1.mp3");
    // Cut at 60 never leaves a trailing '-'.
    std::string cut = std::string(59, 'b') + " c";
    EXPECT_EQ(download_file_name(cut, 0, ".mp3"), std::string(59, 'b') + "-v1.mp3");
}

TEST_F(ApiTest, DownloadNamesAreSafeForAHostilePrompt) {
    start();
    const std::string hostile =
        "\"; filename*=UTF-8''evil.exe\r\nSet-Cookie: x=1 ../../etc/passwd \\ \x01\x7f \xc3\xa9";
    json sub = post("/api/v1/generate", {{"prompt", hostile}, {"duration", 10}, {"num_versions", 1}});
    json job = wait_done(sub["job_id"]);
    ASSERT_EQ(job["status"], "completed");
    const std::string vid = job["versions"][0]["id"];
    for (const std::string q : {"/audio?format=mp3", "/audio?format=flac", "/midi"}) {
        auto r = client_->Get(("/api/v1/versions/" + vid + q).c_str());
        ASSERT_TRUE(r);
        ASSERT_EQ(r->status, 200) << q;
        const std::string cd = r->get_header_value("Content-Disposition");
        ASSERT_EQ(cd.rfind("attachment; filename=", 0), 0u) << cd;
        const std::string name = cd.substr(std::string("attachment; filename=").size());
        EXPECT_LE(name.find("-v1."), 60u) << name;
        for (char c : name) {
            EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')
                << "unsafe character in " << name;
        }
        EXPECT_EQ(name.find(".."), std::string::npos) << name;
        EXPECT_TRUE(r->get_header_value("Set-Cookie").empty());
    }
    auto mp3 = client_->Get(("/api/v1/versions/" + vid + "/audio").c_str());
    EXPECT_EQ(mp3->get_header_value("Content-Disposition"),
              "attachment; filename=filename-utf-8-evil-exe-set-cookie-x-1-etc-passwd-v1.mp3");
}

TEST_F(ApiTest, QueueListsCancelledJobsOnlyWhenAsked) {
    engine_.version_ms = 400;
    start();
    json a = post("/api/v1/generate", {{"prompt", "first"}, {"duration", 10}});
    json b = post("/api/v1/generate", {{"prompt", "second"}, {"duration", 10}, {"lyrics", "[Verse]\nla"}});
    const std::string bid = b["job_id"];
    auto del = client_->Delete(("/api/v1/queue/" + bid).c_str());
    ASSERT_EQ(del->status, 200);
    EXPECT_EQ(get("/api/v1/jobs/" + bid)["status"], "cancelled");

    // The seed's listing: the cancelled job has left the queue.
    json plain = get("/api/v1/queue");
    for (const auto& item : plain["items"]) EXPECT_NE(item["job_id"], bid);
    EXPECT_EQ(get("/api/v1/queue?include=queue")["total"], plain["total"]);

    json all = get("/api/v1/queue?include=cancelled");
    EXPECT_EQ(all["total"].get<int>(), plain["total"].get<int>() + 1);
    ASSERT_FALSE(all["items"].empty());
    EXPECT_EQ(all["items"][0]["job_id"], a["job_id"]);
    const json& last = all["items"].back();
    EXPECT_EQ(last["job_id"], bid);
    EXPECT_EQ(last["status"], "cancelled");
    EXPECT_TRUE(last["queue_position"].is_null());
    EXPECT_EQ(last["prompt"], "second");
    EXPECT_EQ(last["lyrics"], "[Verse]\nla");

    EXPECT_EQ(get("/api/v1/queue?include=bogus", 422)["detail"][0]["loc"][1], "include");

    // Deleted for good: gone from every listing.
    ASSERT_EQ(client_->Delete(("/api/v1/jobs/" + bid).c_str())->status, 200);
    const json listing = get("/api/v1/queue?include=cancelled");  // the loop must not outlive it
    for (const auto& item : listing["items"]) EXPECT_NE(item["job_id"], bid);
}

namespace {

// The real queue behind a database that can be switched off, as an API node's would be: the
// switch answers database_ready and retry_after_s; everything else is the queue's.
class DatabaseSwitch final : public jobs::JobService {
public:
    explicit DatabaseSwitch(jobs::JobService& queue) : queue_(queue) {}
    std::atomic<bool> up{true};

    Result<jobs::JobView> submit(storage::JobParams params, std::string kind) override {
        return queue_.submit(std::move(params), std::move(kind));
    }
    std::optional<jobs::JobView> get(const std::string& id) const override { return queue_.get(id); }
    using JobService::list_queue;
    std::vector<jobs::JobView> list_queue(bool include_cancelled) const override {
        return queue_.list_queue(include_cancelled);
    }
    Status remove_from_queue(const std::string& id) override { return queue_.remove_from_queue(id); }
    Status reorder(const std::string& id, int position) override { return queue_.reorder(id, position); }
    Status erase(const std::string& id) override { return queue_.erase(id); }
    std::optional<jobs::VersionRef> find_version(const std::string& vid) const override {
        return queue_.find_version(vid);
    }
    jobs::QueueStats stats() const override { return queue_.stats(); }
    const jobs::JobMetrics& metrics() const override { return queue_.metrics(); }
    int retry_after_s() const override { return up ? queue_.retry_after_s() : 7; }
    Status database_ready(bool) const override {
        if (up) return {};
        return fail(Errc::unavailable, "The database cannot be reached; try again later");
    }
    double estimate_s(const storage::JobParams& params) const override { return queue_.estimate_s(params); }

private:
    jobs::JobService& queue_;
};

Request request(const std::string& method, const std::string& path, const std::string& body = "") {
    Request r;
    r.method = method;
    r.path = path;
    r.body = body;
    if (!body.empty()) r.headers.set("Content-Type", "application/json");
    return r;
}

}  // namespace

TEST(ApiDatabaseAway, RoutesOverTheQueueAnswer503WithRetryAfterAndTheRestStillAnswer) {
    testing::FakeJobEngine engine;
    const fs::path dir = fs::temp_directory_path() / ("omg-api-db-" + storage::new_uuid());
    auto artifacts = storage::ArtifactStore::open(dir);
    ASSERT_TRUE(artifacts);
    storage::MemoryJobStore store;
    jobs::EventBus bus;
    jobs::JobQueue queue(store, *artifacts, engine, bus, jobs::QueueOptions{});
    ASSERT_TRUE(queue.recover());
    DatabaseSwitch service(queue);
    Api api(service, bus, *artifacts, engine, ApiOptions{});
    Router router;
    api.install(router);

    const std::string submit_body = json{{"prompt", "calm piano"}, {"duration", 10}}.dump();
    const Reply accepted = router.handle(request("POST", "/api/v1/generate", submit_body));
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    const std::string id = json::parse(accepted.body)["job_id"];

    service.up = false;
    const std::vector<Request> refused = {
        request("POST", "/api/v1/generate", submit_body),
        request("DELETE", "/api/v1/queue/" + id),
        request("DELETE", "/api/v1/jobs/" + id),
        request("PATCH", "/api/v1/queue/reorder", json{{"job_id", id}, {"new_position", 1}}.dump()),
        request("GET", "/api/v1/jobs/" + id),
        request("GET", "/api/v1/queue"),
        request("GET", "/music/status/" + id),
    };
    for (const Request& req : refused) {
        const Reply r = router.handle(req);
        EXPECT_EQ(r.status, 503) << req.method << " " << req.path << " " << r.body;
        EXPECT_EQ(r.get_header_value("Retry-After"), "7") << req.path;
        const json body = json::parse(r.body, nullptr, false);
        EXPECT_EQ(body.value("detail", ""), "The database cannot be reached; try again later") << req.path;
    }
    for (const char* path : {"/health", "/metrics", "/api/v1/workers", "/openapi.json"}) {
        EXPECT_EQ(router.handle(request("GET", path)).status, 200) << path;
    }

    service.up = true;
    EXPECT_EQ(router.handle(request("GET", "/api/v1/jobs/" + id)).status, 200);
    EXPECT_EQ(router.handle(request("DELETE", "/api/v1/queue/" + id)).status, 200);
    queue.shutdown(std::chrono::milliseconds(0));
    bus.close();
    std::error_code ec;
    fs::remove_all(dir, ec);
}

}  // namespace omg::http
