// Each remote adapter against a fake server that speaks its documented protocol
// (remote-engines.md), driven through the real job queue: the job's final state and message
// are what is asserted. Slow answers, 4xx/5xx, garbage JSON, lost tasks and restarts included.
#include <httplib.h>

#include <gtest/gtest.h>

#include "storage/request_codec.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "encode/audio_writer.h"
#include "jobs/job_queue.h"
#include "providers/registry.h"
#include "storage/ids.h"
#include "support/eventually.h"
#include "support/fake_job_engine.h"

namespace omg::providers {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;
using Req = httplib::Request;
using Res = httplib::Response;

std::string test_audio(encode::AudioFormat format) {
    model::Pcm pcm;
    pcm.sample_rate = 44100;
    pcm.channels = 2;
    for (int i = 0; i < 44100 / 2; ++i) {
        float v = 0.3f * static_cast<float>(std::sin(i * 2 * M_PI * 440.0 / 44100));
        pcm.samples.push_back(v);
        pcm.samples.push_back(v);
    }
    auto bytes = encode::encode_audio(pcm, format, {});
    return std::string(bytes->begin(), bytes->end());
}

// A fake engine server on 127.0.0.1: the test installs handlers.
class FakeServer {
public:
    FakeServer() { start(); }
    ~FakeServer() { stop(); }
    httplib::Server& raw() { return *server_; }
    void start() {
        if (!server_) server_ = std::make_unique<httplib::Server>();
        port_ = port_ == 0 ? server_->bind_to_any_port("127.0.0.1") : (server_->bind_to_port("127.0.0.1", port_), port_);
        thread_ = std::thread([this] { server_->listen_after_bind(); });
        while (!server_->is_running()) std::this_thread::sleep_for(1ms);
    }
    void stop() {
        if (!server_) return;
        server_->stop();
        if (thread_.joinable()) thread_.join();
    }
    // A restart: same port, new server, no memory of earlier tasks (handlers re-installed).
    void restart(const std::function<void(httplib::Server&)>& install) {
        stop();
        server_ = std::make_unique<httplib::Server>();
        install(*server_);
        start();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    int port_ = 0;
};

Timeouts fast() {
    Timeouts t;
    t.connect_s = 1;
    t.request_s = 1;
    t.poll_interval_s = 0.02;
    t.lost_grace_s = 0.3;
    t.min_task_s = 3;
    t.slow_factor = 0;
    t.max_poll_errors = 3;
    t.submit_retries = 2;
    t.retry_backoff_s = 0.05;
    return t;
}

class ProvidersTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("omg-prov-" + storage::new_uuid());
        artifacts_.emplace(*storage::ArtifactStore::open(dir_));
    }
    void TearDown() override {
        if (queue_) queue_->shutdown(0ms);
        fs::remove_all(dir_);
    }
    void start(ProvidersConfig config) {
        engine_ = std::make_unique<ProviderEngine>(builtin_, std::move(config));
        queue_ = std::make_unique<jobs::JobQueue>(store_, *artifacts_, *engine_, bus_, jobs::QueueOptions{});
        ASSERT_TRUE(queue_->recover());
        queue_->start();
    }
    storage::JobRecord run(const std::string& provider, const std::string& options = "{}",
                           std::chrono::milliseconds limit = 15s) {
        // `options` as a client would send them: read by the store's own codec.
        storage::JobParams p;
        p.prompt = "lo-fi jazz";
        p.duration_s = 10;
        p.provider = provider;
        p.lyrics = "[Verse]\nla la";
        EXPECT_TRUE(storage::decode_options(options, p)) << options;
        auto v = queue_->submit(p);
        EXPECT_TRUE(v.has_value());
        const auto until = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < until) {
            auto j = queue_->get(v->record.id);
            if (j && storage::is_terminal(j->record.status)) return j->record;
            std::this_thread::sleep_for(10ms);
        }
        ADD_FAILURE() << "job never finished";
        return queue_->get(v->record.id)->record;
    }
    bool has_file(const storage::JobRecord& r, const std::string& suffix) {
        for (const auto& f : r.versions.at(0).files) {
            if (f.ends_with(suffix) && artifacts_->exists(r.id, f)) return true;
        }
        return false;
    }

    fs::path dir_;
    testing::FakeJobEngine builtin_;
    storage::MemoryJobStore store_;
    std::optional<storage::ArtifactStore> artifacts_;
    jobs::EventBus bus_;
    std::unique_ptr<ProviderEngine> engine_;
    std::unique_ptr<jobs::JobQueue> queue_;
};

// ---- ACE-Step 1.5 ------------------------------------------------------------------------

struct AceScript {
    std::atomic<int> busy{0};       // answer 429 this many times first
    std::atomic<int> running{2};    // polls answered "running" before done
    std::atomic<int> final_status{1};
    std::atomic<bool> lost{false};  // never knows the task ("[]")
    std::atomic<bool> garbage{false};
    std::atomic<bool> unauthorized{false};
    std::atomic<int> slow_ms{0};
    std::string audio = test_audio(encode::AudioFormat::mp3);
    std::mutex m;
    json last_submit;
    std::string last_content_type;
    std::string last_auth;
};

void install_ace(httplib::Server& s, AceScript& a) {
    s.Get("/health", [](const Req&, Res& res) {
        res.set_content(R"({"data":{"status":"ok","service":"ACE-Step API","version":"1.0"},"code":200,"error":null})", "application/json");
    });
    s.Post("/release_task", [&a](const Req& req, Res& res) {
        {
            std::lock_guard lock(a.m);
            a.last_content_type = req.get_header_value("Content-Type");
            a.last_auth = req.get_header_value("Authorization");
            if (req.is_multipart_form_data()) {
                json f = json::object();
                for (const auto& [k, v] : req.files) f[k] = v.filename.empty() ? json(v.content) : json("<file " + v.filename + ">");
                a.last_submit = f;
            } else {
                a.last_submit = json::parse(req.body, nullptr, false);
            }
        }
        if (a.unauthorized) {
            res.status = 401;
            res.set_content(R"({"detail":"Invalid API key"})", "application/json");
            return;
        }
        if (a.busy > 0) {
            --a.busy;
            res.status = 429;
            res.set_content(R"({"detail":"Server busy: queue is full"})", "application/json");
            return;
        }
        res.set_content(R"({"data":{"task_id":"3f0c-1","status":"queued","queue_position":1},"code":200,"error":null,"timestamp":1,"extra":null})",
                        "application/json");
    });
    s.Post("/query_result", [&a](const Req&, Res& res) {
        if (a.slow_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(a.slow_ms.load()));
        if (a.garbage) {
            res.set_content("Internal Server Error", "text/plain");
            res.status = 500;
            return;
        }
        json entry = {{"task_id", "3f0c-1"}, {"progress_text", "..."}};
        if (a.lost) {
            entry["status"] = 0;
            entry["result"] = "[]";
        } else if (a.running > 0) {
            --a.running;
            entry["status"] = 0;
            entry["result"] = json::array({{{"file", ""}, {"status", 0}, {"progress", 0.5}, {"stage", "running"}}}).dump();
        } else if (a.final_status == 1) {
            entry["status"] = 1;
            entry["result"] = json::array({{{"file", "/v1/audio?path=%2Ftmp%2Fapi_audio%2F9b1e.mp3"},
                                            {"status", 1},
                                            {"metas", {{"bpm", 120}, {"duration", 10}, {"keyscale", "C major"}}},
                                            {"seed_value", "1"},
                                            {"progress", 1.0},
                                            {"stage", "succeeded"}}})
                                  .dump();
        } else {
            entry["status"] = 2;
            entry["result"] = json::array({{{"file", ""}, {"status", 2}, {"progress", 0.0}, {"stage", "failed"}}}).dump();
        }
        res.set_content(json{{"data", json::array({entry})}, {"code", 200}, {"error", nullptr}}.dump(), "application/json");
    });
    s.Get("/v1/audio", [&a](const Req& req, Res& res) {
        if (req.get_param_value("path") != "/tmp/api_audio/9b1e.mp3") {
            res.status = 404;
            return;
        }
        res.set_content(a.audio, "audio/mpeg");
    });
}

ProvidersConfig ace_config(const FakeServer& s, const std::string& key = "") {
    ProvidersConfig c;
    c.ace_step = RemoteConfig{s.url(), key, fast()};
    return c;
}

TEST_F(ProvidersTest, AceStepRendersAndKeepsTheAudio) {
    AceScript a;  // before the server: its handler threads stop first
    FakeServer s;
    install_ace(s.raw(), a);
    start(ace_config(s, "k3y"));
    auto r = run("ace-step", R"({"bpm":96,"key":"F# dorian","time_signature":"6/8"})");
    ASSERT_EQ(r.status, storage::JobStatus::completed) << r.error.value_or("");
    ASSERT_EQ(r.versions.size(), 1u);
    EXPECT_TRUE(has_file(r, ".mp3"));
    EXPECT_TRUE(has_file(r, ".flac"));
    EXPECT_TRUE(has_file(r, ".peaks.json"));
    json meta = json::parse(r.versions[0].metadata_json);
    EXPECT_EQ(meta["model"], "ace-step");
    EXPECT_EQ(meta["remote_metas"]["bpm"], 120);
    std::lock_guard lock(a.m);
    EXPECT_EQ(a.last_submit["prompt"], "lo-fi jazz");
    EXPECT_EQ(a.last_submit["lyrics"], "[Verse]\nla la");
    EXPECT_EQ(a.last_submit["audio_duration"], 10.0);
    EXPECT_EQ(a.last_submit["bpm"], 96);
    EXPECT_EQ(a.last_submit["key_scale"], "F# minor");
    EXPECT_EQ(a.last_submit["time_signature"], "6");
    EXPECT_EQ(a.last_auth, "Bearer k3y");
}

// A neural engine cannot place hits: each is reported unmet with that reason, none is dropped.
TEST_F(ProvidersTest, HitsSentToARemoteEngineAreReportedUnmet) {
    AceScript a;
    FakeServer s;
    install_ace(s.raw(), a);
    start(ace_config(s));
    auto r = run("ace-step", R"({"hits":["4.5:accent","3:1:stop"]})");
    ASSERT_EQ(r.status, storage::JobStatus::completed) << r.error.value_or("");
    json meta = json::parse(r.versions[0].metadata_json);
    ASSERT_TRUE(meta.contains("hits")) << meta.dump();
    ASSERT_EQ(meta["hits"].size(), 2u);
    EXPECT_EQ(meta["hits"][0]["time"], 4.5);
    EXPECT_EQ(meta["hits"][0]["kind"], "accent");
    EXPECT_EQ(meta["hits"][1]["bar_beat"], "3:1");
    for (const json& h : meta["hits"]) {
        EXPECT_EQ(h["met"], false);
        EXPECT_EQ(h["reason"], "the ace-step engine cannot place hits");
    }
    ASSERT_EQ(meta["interpretation"]["ignored"].size(), 2u);
    EXPECT_EQ(meta["interpretation"]["ignored"][1], "hit 3:1:stop: not met (the ace-step engine cannot place hits)");
}

TEST_F(ProvidersTest, AceStepBusyQueueIsRetried) {
    AceScript a;  // before the server: its handler threads stop first
    FakeServer s;
    a.busy = 2;
    install_ace(s.raw(), a);
    start(ace_config(s));
    auto r = run("ace-step");
    EXPECT_EQ(r.status, storage::JobStatus::completed) << r.error.value_or("");
}

TEST_F(ProvidersTest, AceStepFullQueueForeverFailsTheJob) {
    AceScript a;  // before the server: its handler threads stop first
    FakeServer s;
    a.busy = 100;
    install_ace(s.raw(), a);
    start(ace_config(s));
    auto r = run("ace-step");
    EXPECT_EQ(r.status, storage::JobStatus::failed);
    EXPECT_NE(r.error.value_or("").find("queue is full"), std::string::npos) << r.error.value_or("");
}

TEST_F(ProvidersTest, AceStepBadKeyFailsAtOnceNamingTheSetting) {
    AceScript a;  // before the server: its handler threads stop first
    FakeServer s;
    a.unauthorized = true;
    install_ace(s.raw(), a);
    start(ace_config(s));
    auto r = run("ace-step");
    EXPECT_EQ(r.status, storage::JobStatus::failed);
    EXPECT_NE(r.error.value_or("").find("ACESTEP_API_KEY"), std::string::npos) << r.error.value_or("");
}

TEST_F(ProvidersTest, AceStepFailedTaskFailsTheJob) {
    AceScript a;  // before the server: its handler threads stop first
    FakeServer s;
    a.final_status = 2;
    install_ace(s.raw(), a);
    start(ace_config(s));
    auto r = run("ace-step");
    EXPECT_EQ(r.status, storage::JobStatus::failed);
    EXPECT_NE(r.error.value_or("").find("failed"), std::string::npos) << r.error.value_or("");
}

TEST_F(ProvidersTest, AceStepLostTaskFailsTheJobAndTheQueueMovesOn) {
    AceScript a;  // before the server: its handler threads stop first
    FakeServer s;
    a.lost = true;
    install_ace(s.raw(), a);
    start(ace_config(s));
    auto r = run("ace-step");
    EXPECT_EQ(r.status, storage::JobStatus::failed);
    EXPECT_NE(r.error.value_or("").find("lost the task"), std::string::npos) << r.error.value_or("");
    // Not wedged: the next job (built-in) runs.
    auto next = run("builtin");
    EXPECT_EQ(next.status, storage::JobStatus::completed);
}

TEST_F(ProvidersTest, AceStepGarbageAndSlowAnswersAreLostContact) {
    AceScript a;  // before the server: its handler threads stop first
    FakeServer s;
    a.garbage = true;
    install_ace(s.raw(), a);
    start(ace_config(s));
    auto r = run("ace-step");
    EXPECT_EQ(r.status, storage::JobStatus::failed);
    EXPECT_NE(r.error.value_or("").find("lost contact"), std::string::npos) << r.error.value_or("");

    a.garbage = false;
    a.slow_ms = 1500;  // longer than the 1 s request timeout
    r = run("ace-step");
    EXPECT_EQ(r.status, storage::JobStatus::failed);
    EXPECT_NE(r.error.value_or("").find("did not answer"), std::string::npos) << r.error.value_or("");
}

TEST_F(ProvidersTest, AceStepDownIsAClearError) {
    std::string url;
    {
        FakeServer s;
        url = s.url();
    }
    ProvidersConfig c;
    c.ace_step = RemoteConfig{url, "", fast()};
    start(c);
    auto r = run("ace-step");
    EXPECT_EQ(r.status, storage::JobStatus::failed);
    EXPECT_NE(r.error.value_or("").find("cannot be reached"), std::string::npos) << r.error.value_or("");
    auto list = engine_->statuses();
    auto it = std::find_if(list.begin(), list.end(), [](const ProviderStatus& p) { return p.info.name == "ace-step"; });
    ASSERT_NE(it, list.end());
    EXPECT_TRUE(it->info.configured);
    EXPECT_FALSE(it->health.available);
}

TEST_F(ProvidersTest, ArrangementGuidedSendsTheBuiltinRenderAsCoverSource) {
    AceScript a;  // before the server: its handler threads stop first
    FakeServer s;
    install_ace(s.raw(), a);
    start(ace_config(s));
    auto r = run("ace-step", R"({"arrangement_guided":true,"cover_strength":0.4})");
    ASSERT_EQ(r.status, storage::JobStatus::completed) << r.error.value_or("");
    EXPECT_TRUE(has_file(r, ".guide.mp3"));
    EXPECT_TRUE(has_file(r, ".guide.mid"));
    std::lock_guard lock(a.m);
    EXPECT_NE(a.last_content_type.find("multipart/form-data"), std::string::npos);
    EXPECT_EQ(a.last_submit["task_type"], "cover");
    EXPECT_EQ(a.last_submit["src_audio"], "<file arrangement.mp3>");
    EXPECT_NEAR(std::stod(a.last_submit["audio_cover_strength"].get<std::string>()), 0.4, 1e-6);
    // The arrangement's key, tempo and metre (from the built-in version's brief) go along.
    EXPECT_EQ(a.last_submit["key_scale"], "D minor");
    EXPECT_EQ(a.last_submit["bpm"], "96");
    EXPECT_EQ(a.last_submit["time_signature"], "3");
}

// ---- acestep.cpp ---------------------------------------------------------------------------

struct CppScript {
    std::atomic<int> running{2};
    std::atomic<int> submitted{0};  // tasks the server accepted
    std::string final_status = "done";
    std::atomic<int> cancels{0};
    std::string audio = test_audio(encode::AudioFormat::wav);
    std::mutex m;
    json last_request;
};

void install_cpp(httplib::Server& s, CppScript& c) {
    s.Get("/props", [](const Req&, Res& res) {
        res.set_content(R"({"version":"x","models":{"lm":[],"dit":["acestep-v15-turbo"],"vae":["vae"]}})", "application/json");
    });
    s.Post("/synth", [&c](const Req& req, Res& res) {
        {
            std::lock_guard lock(c.m);
            c.last_request = req.is_multipart_form_data() ? json::parse(req.get_file_value("request").content, nullptr, false)
                                                          : json::parse(req.body, nullptr, false);
        }
        if (c.last_request.is_discarded() || c.last_request.value("caption", "").empty()) {
            res.status = 400;
            res.set_content(R"({"error":"Caption is required"})", "application/json");
            return;
        }
        ++c.submitted;
        res.set_content(R"({"id":"4c1d9e0a7b3f2e11"})", "application/json");
    });
    s.Get("/job", [&c](const Req& req, Res& res) {
        if (req.get_param_value("id") != "4c1d9e0a7b3f2e11") {
            res.status = 404;
            res.set_content(R"({"error":"Job not found"})", "application/json");
            return;
        }
        if (req.has_param("result")) {
            std::string b = "--ace-batch-boundary\r\nContent-Type: audio/wav\r\n\r\n" + c.audio +
                            "\r\n--ace-batch-boundary\r\nContent-Type: application/octet-stream\r\n"
                            "Content-Disposition: form-data; name=\"latent\"\r\n\r\n" + std::string(256, '\0') +
                            "\r\n--ace-batch-boundary--\r\n";
            res.set_content(b, "multipart/mixed; boundary=ace-batch-boundary");
            return;
        }
        std::string st = "running";
        if (c.running > 0) --c.running;
        else st = c.final_status;
        res.set_content(json{{"status", st}}.dump(), "application/json");
    });
    s.Post("/job", [&c](const Req&, Res& res) {
        ++c.cancels;
        res.set_content(R"({"status":"cancelled"})", "application/json");
    });
}

TEST_F(ProvidersTest, AceStepCppRendersFromTheMultipartResult) {
    CppScript c;  // before the server: its handler threads stop first
    FakeServer s;
    install_cpp(s.raw(), c);
    ProvidersConfig cfg;
    cfg.acestep_cpp = RemoteConfig{s.url(), "", fast()};
    start(cfg);
    auto r = run("acestep-cpp", R"({"key":"Eb major","time_signature":"3/4"})");
    ASSERT_EQ(r.status, storage::JobStatus::completed) << r.error.value_or("");
    EXPECT_TRUE(has_file(r, ".source.wav"));
    EXPECT_TRUE(has_file(r, ".mp3"));
    std::lock_guard lock(c.m);
    EXPECT_EQ(c.last_request["caption"], "lo-fi jazz");
    EXPECT_EQ(c.last_request["keyscale"], "Eb major");
    EXPECT_EQ(c.last_request["timesignature"], "3");
    EXPECT_TRUE(c.last_request["seed"].is_number_integer());
}

TEST_F(ProvidersTest, AceStepCppRestartLosesTheJob) {
    CppScript c;  // before the server: its handler threads stop first
    FakeServer s;
    c.running = 1000000;
    install_cpp(s.raw(), c);
    ProvidersConfig cfg;
    cfg.acestep_cpp = RemoteConfig{s.url(), "", fast()};
    start(cfg);
    storage::JobParams p;
    p.prompt = "x";
    p.duration_s = 10;
    p.provider = "acestep-cpp";
    auto v = queue_->submit(p);
    ASSERT_TRUE(v.has_value());
    ASSERT_TRUE(testing::eventually([&] { return c.submitted.load() > 0; })) << "the task reached the server";
    s.restart([&](httplib::Server& srv) {  // the restarted server knows no jobs
        srv.Get("/job", [](const Req&, Res& res) {
            res.status = 404;
            res.set_content(R"({"error":"Job not found"})", "application/json");
        });
    });
    for (int i = 0; i < 500; ++i) {
        auto j = queue_->get(v->record.id);
        if (j && storage::is_terminal(j->record.status)) break;
        std::this_thread::sleep_for(10ms);
    }
    auto j = queue_->get(v->record.id);
    EXPECT_EQ(j->record.status, storage::JobStatus::failed);
    EXPECT_NE(j->record.error.value_or("").find("lost the task"), std::string::npos) << j->record.error.value_or("");
}

TEST_F(ProvidersTest, AceStepCppDeadlineCancelsTheRemoteJob) {
    CppScript c;  // before the server: its handler threads stop first
    FakeServer s;
    c.running = 1000000;
    install_cpp(s.raw(), c);
    ProvidersConfig cfg;
    auto t = fast();
    t.min_task_s = 0.3;
    cfg.acestep_cpp = RemoteConfig{s.url(), "", t};
    start(cfg);
    auto r = run("acestep-cpp");
    EXPECT_EQ(r.status, storage::JobStatus::failed);
    EXPECT_NE(r.error.value_or("").find("did not finish"), std::string::npos) << r.error.value_or("");
    EXPECT_GE(c.cancels.load(), 1);
}

TEST_F(ProvidersTest, UserCancelCancelsTheRemoteJob) {
    CppScript c;  // before the server: its handler threads stop first
    FakeServer s;
    c.running = 1000000;
    install_cpp(s.raw(), c);
    ProvidersConfig cfg;
    cfg.acestep_cpp = RemoteConfig{s.url(), "", fast()};
    start(cfg);
    storage::JobParams p;
    p.prompt = "x";
    p.duration_s = 10;
    p.provider = "acestep-cpp";
    auto v = queue_->submit(p);
    ASSERT_TRUE(v.has_value());
    ASSERT_TRUE(testing::eventually([&] { return c.submitted.load() > 0; })) << "the task reached the server";
    ASSERT_TRUE(queue_->remove_from_queue(v->record.id));
    EXPECT_TRUE(testing::eventually([&] { return c.cancels.load() > 0; }, 3s));
    EXPECT_EQ(queue_->get(v->record.id)->record.status, storage::JobStatus::cancelled);
}

// ---- the seed's model service ----------------------------------------------------------------

struct MsScript {
    std::atomic<int> running{2};
    std::string final_status = "completed";
    fs::path audio_path;
    std::atomic<int> deletes{0};
    std::mutex m;
    json last_submit;
};

void install_ms(httplib::Server& s, MsScript& m) {
    s.Get("/health", [](const Req&, Res& res) {
        res.set_content(R"({"status":"healthy","current_provider":"ace-step","model_info":{}})", "application/json");
    });
    s.Post("/model/v1/generate", [&m](const Req& req, Res& res) {
        json j = json::parse(req.body, nullptr, false);
        {
            std::lock_guard lock(m.m);
            m.last_submit = j;
        }
        if (j.value("provider", "") != "ace-step" && j.value("provider", "") != "song-generation") {
            res.status = 400;
            res.set_content(R"({"detail":"Invalid provider"})", "application/json");
            return;
        }
        res.set_content(json{{"job_id", j["job_id"]}, {"status", "pending"}, {"message", "Generation started in background"}}.dump(),
                        "application/json");
    });
    s.Get(R"(/model/v1/generate/([^/]+)/status)", [&m](const Req& req, Res& res) {
        std::string id = req.matches[1];
        json j = {{"job_id", id}, {"progress", 41.3}, {"current_step", "Diffusion step 28/60"}, {"versions", nullptr}, {"error", nullptr}};
        if (m.running > 0) {
            --m.running;
            j["status"] = "processing";
        } else if (m.final_status == "completed") {
            j["status"] = "completed";
            j["progress"] = 100.0;
            j["versions"] = json::array({{{"id", "e7a1"}, {"audio_path", m.audio_path.string()}, {"metadata", {{"model", "ace-step"}}}}});
        } else {
            j["status"] = "failed";
            j["error"] = "CUDA out of memory\nTraceback (most recent call last): ...";
        }
        res.set_content(j.dump(), "application/json");
    });
    s.Delete(R"(/model/v1/generate/([^/]+))", [&m](const Req&, Res& res) {
        ++m.deletes;
        res.set_content(R"({"message":"deleted"})", "application/json");
    });
}

TEST_F(ProvidersTest, ModelServiceReadsTheSharedAudioPathAndDeletesTheJob) {
    MsScript m;  // before the server: its handler threads stop first
    FakeServer s;
    m.audio_path = dir_ / "shared.mp3";
    std::ofstream(m.audio_path, std::ios::binary) << test_audio(encode::AudioFormat::mp3);
    install_ms(s.raw(), m);
    ProvidersConfig cfg;
    cfg.model_service = RemoteConfig{s.url(), "", fast()};
    start(cfg);
    auto r = run("song-generation");
    ASSERT_EQ(r.status, storage::JobStatus::completed) << r.error.value_or("");
    EXPECT_TRUE(has_file(r, ".flac"));
    EXPECT_GE(m.deletes.load(), 1);
    std::lock_guard lock(m.m);
    EXPECT_EQ(m.last_submit["provider"], "song-generation");
    EXPECT_EQ(m.last_submit["format"], "mp3");
    EXPECT_EQ(m.last_submit["num_versions"], 1);
    EXPECT_TRUE(m.last_submit["job_id"].get<std::string>().starts_with("omg-"));
}

TEST_F(ProvidersTest, ModelServiceFailureCarriesItsReasonWithoutTraceback) {
    MsScript m;  // before the server: its handler threads stop first
    FakeServer s;
    m.final_status = "failed";
    install_ms(s.raw(), m);
    ProvidersConfig cfg;
    cfg.model_service = RemoteConfig{s.url(), "", fast()};
    start(cfg);
    auto r = run("omg-model-service");
    EXPECT_EQ(r.status, storage::JobStatus::failed);
    EXPECT_NE(r.error.value_or("").find("CUDA out of memory"), std::string::npos) << r.error.value_or("");
    EXPECT_EQ(r.error.value_or("").find("Traceback"), std::string::npos);
}

TEST_F(ProvidersTest, ModelServiceAudioOnAnotherDiskIsAClearError) {
    MsScript m;  // before the server: its handler threads stop first
    FakeServer s;
    m.audio_path = "/nonexistent/model-service/tmp/e7a1.mp3";
    install_ms(s.raw(), m);
    ProvidersConfig cfg;
    cfg.model_service = RemoteConfig{s.url(), "", fast()};
    start(cfg);
    auto r = run("ace-step");  // no ACESTEP_URL: the seed's name goes to the model service
    EXPECT_EQ(r.status, storage::JobStatus::failed);
    EXPECT_NE(r.error.value_or("").find("not readable from this host"), std::string::npos) << r.error.value_or("");
}

// ---- routing ---------------------------------------------------------------------------------

TEST_F(ProvidersTest, UnknownAndUnconfiguredProvidersFailWithTheReason) {
    start(ProvidersConfig{});
    auto r = run("ace-step");
    EXPECT_EQ(r.status, storage::JobStatus::failed);
    EXPECT_NE(r.error.value_or("").find("ACESTEP_URL"), std::string::npos) << r.error.value_or("");
    r = run("suno");
    EXPECT_EQ(r.status, storage::JobStatus::failed);
    EXPECT_NE(r.error.value_or("").find("Unknown provider"), std::string::npos) << r.error.value_or("");
    r = run("builtin");
    EXPECT_EQ(r.status, storage::JobStatus::completed);
    auto list = engine_->statuses();
    ASSERT_EQ(list.size(), 4u);
    EXPECT_EQ(list[0].info.name, "builtin");
    EXPECT_TRUE(list[0].is_default);
    EXPECT_FALSE(list[1].info.configured);
}

TEST_F(ProvidersTest, ConfigurationComesFromTheEnvironment) {
    core::FakeEnv env;
    env.set("MUSIC_PROVIDER", "ACE-Step");
    env.set("ACESTEP_URL", "http://127.0.0.1:9");
    env.set("ACESTEP_API_KEY", "k");
    auto c = ProvidersConfig::from_env(env);
    EXPECT_EQ(c.default_provider, "ace-step");
    ASSERT_TRUE(c.ace_step.has_value());
    EXPECT_EQ(c.ace_step->api_key, "k");
    EXPECT_FALSE(c.acestep_cpp.has_value());
}

TEST(AceMapping, KeysAndMeters) {
    EXPECT_EQ(ace_key("D minor"), "D minor");
    EXPECT_EQ(ace_key("F# dorian"), "F# minor");
    EXPECT_EQ(ace_key("Bb mixolydian"), "Bb major");
    EXPECT_EQ(ace_time_signature("6/8"), "6");
}

}  // namespace
}  // namespace omg::providers
