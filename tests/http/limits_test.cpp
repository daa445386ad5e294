// Limits every path keeps: a full disk is reported and refuses new jobs with 507, every 503 and
// 429 says when to retry, listings come in pages, and no answer names a server path unless the
// operator asked for it. Real sockets on 127.0.0.1, fakes behind the real queue.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "support/api_server.h"
#include "support/fake_job_engine.h"

namespace omg::http {
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

class LimitsTest : public ::testing::Test {
protected:
    void start(ApiOptions options = {}, jobs::QueueOptions qo = {}) {
        options.free_bytes = [this]() -> std::optional<uint64_t> { return free_.load(); };
        std::string why;
        ASSERT_TRUE(server_.start(options, qo, 64 * 1024, &why)) << why;
        client_ = server_.client();
    }
    httplib::Result post(const std::string& path, const json& body) {
        return client_->Post(path.c_str(), body.dump(), "application/json");
    }
    std::atomic<uint64_t> free_{50ull << 30};
    testing::FakeJobEngine engine_;
    testing::ApiServer server_{engine_};
    std::unique_ptr<httplib::Client> client_;
};

const json kJob = {{"prompt", "circus"}, {"duration", 10}};

}  // namespace

TEST_F(LimitsTest, AFullDiskIsReportedAndRefusesNewJobsWith507) {
    start();
    auto h = client_->Get("/health");
    ASSERT_TRUE(h);
    EXPECT_EQ(json::parse(h->body)["status"], "healthy");
    auto ok = post("/api/v1/generate", kJob);
    ASSERT_EQ(ok->status, 200);
    const std::string id = json::parse(ok->body)["job_id"];

    free_ = 1 << 20;  // 1 MiB left
    h = client_->Get("/health");
    json health = json::parse(h->body);
    EXPECT_EQ(health["status"], "degraded");
    EXPECT_EQ(health["disk"]["low"], true);
    EXPECT_EQ(health["disk"]["free_bytes"], 1 << 20);
    for (const char* path : {"/api/v1/generate", "/music/generate", "/model/v1/generate"}) {
        auto r = post(path, kJob);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 507) << path << ": " << r->body;
        EXPECT_TRUE(json::parse(r->body, nullptr, false).contains("detail")) << path;
    }
    // Freeing space still works, and so does everything that only reads.
    EXPECT_EQ(client_->Get(("/api/v1/jobs/" + id).c_str())->status, 200);
    EXPECT_EQ(client_->Delete(("/api/v1/jobs/" + id).c_str())->status, 200);
    free_ = 10ull << 30;
    EXPECT_EQ(post("/api/v1/generate", kJob)->status, 200);
}

TEST_F(LimitsTest, Every503And429SaysWhenToRetry) {
    engine_.version_ms = 3000;
    jobs::QueueOptions qo;
    qo.max_pending = 1;
    start({}, qo);
    // Not configured: lyrics and interpretation answer 503.
    auto lyrics = post("/api/v1/lyrics/generate", {{"prompt", "p"}, {"topic", "t"}, {"duration", 30}});
    EXPECT_EQ(lyrics->status, 503);
    EXPECT_TRUE(lyrics->has_header("Retry-After"));
    auto interpret = post("/api/v1/interpret", {{"prompt", "circus"}});
    EXPECT_EQ(interpret->status, 503);
    EXPECT_TRUE(interpret->has_header("Retry-After"));
    // A full queue on each API.
    for (const char* path : {"/api/v1/generate", "/music/generate", "/model/v1/generate"}) {
        bool refused = false;
        for (int i = 0; i < 4 && !refused; ++i) {
            auto r = post(path, kJob);
            ASSERT_TRUE(r);
            if (r->status == 429 || r->status == 503) {
                refused = true;
                EXPECT_TRUE(r->has_header("Retry-After")) << path << " " << r->status;
                EXPECT_GE(std::stoi(r->get_header_value("Retry-After")), 1);
            }
        }
        EXPECT_TRUE(refused) << path;
    }
}

TEST_F(LimitsTest, TheQueueListingComesInPages) {
    engine_.version_ms = 3000;
    ApiOptions options;
    options.max_page_items = 3;
    start(options);
    for (int i = 0; i < 5; ++i) ASSERT_EQ(post("/api/v1/generate", kJob)->status, 200);
    json page = json::parse(client_->Get("/api/v1/queue")->body);
    EXPECT_EQ(page["items"].size(), 3u) << "the default page is the largest";
    EXPECT_EQ(page["total"], 5);
    page = json::parse(client_->Get("/api/v1/queue?offset=3&limit=3")->body);
    EXPECT_EQ(page["items"].size(), 2u);
    EXPECT_EQ(page["items"][0]["queue_position"], 4);
    EXPECT_EQ(page["offset"], 3);
    page = json::parse(client_->Get("/api/v1/queue?offset=99")->body);
    EXPECT_TRUE(page["items"].empty());
    for (const char* bad : {"limit=0", "limit=4", "limit=abc", "offset=-1", "limit=",
                            "offset=99999999999999999999999"}) {
        auto r = client_->Get((std::string("/api/v1/queue?") + bad).c_str());
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 422) << bad;
    }
}

TEST_F(LimitsTest, ModelServiceAnswersNameNoServerPathByDefault) {
    engine_.version_ms = 10;
    start();
    auto r = post("/model/v1/generate", {{"prompt", "circus"}, {"duration", 10}, {"job_id", "b-1"}});
    ASSERT_EQ(r->status, 200) << r->body;
    json status;
    for (int i = 0; i < 300; ++i) {
        status = json::parse(client_->Get("/model/v1/generate/b-1/status")->body);
        if (status["status"] == "completed") break;
        std::this_thread::sleep_for(10ms);
    }
    ASSERT_EQ(status["status"], "completed");
    const std::string body = status.dump();
    EXPECT_EQ(body.find("/tmp"), std::string::npos) << body;
    EXPECT_EQ(status["versions"][0]["audio_path"], "");
    EXPECT_FALSE(status["versions"][0]["metadata"]["audio_url"].get<std::string>().empty());
}

}  // namespace omg::http
