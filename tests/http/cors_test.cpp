// Every kind of answer carries CORS headers exactly once (and none for a disallowed origin),
// GET / is negotiated by Accept, a plain OPTIONS answers with Allow, and the seed frontend's
// error flows give answers a browser accepts. Real sockets on 127.0.0.1, fakes behind the queue.
#include <gtest/gtest.h>
#include <httplib.h>

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/api_server.h"
#include "support/fake_job_engine.h"

namespace omg::http {
using json = nlohmann::json;

namespace {

constexpr const char* kStudioOrigin = "http://localhost:5173";  // the seed frontend's dev server
constexpr const char* kKey = "secret-key";

// Interpretation works; the style list throws, as a handler bug would (the catch-all's 500).
class ThrowingPrompts final : public PromptService {
public:
    Result<json> interpret(const InterpretRequest&) const override {
        return json{{"genre", "pop"}};
    }
    json styles() const override { throw std::runtime_error("/secret/path: boom"); }
};

struct Probe {
    std::string name;
    std::string method;
    std::string path;
    std::string body;
    int expect;
    bool auth = true;
};

class CorsTest : public ::testing::Test {
protected:
    void SetUp() override {
        engine_.version_ms = 3000;  // jobs stay queued, so the queue fills for the 429
        ApiOptions options;
        options.api_key = kKey;
        options.prompts = &prompts_;
        jobs::QueueOptions qo;
        qo.max_pending = 2;
        std::string why;
        ASSERT_TRUE(server_.start(options, qo, 64 * 1024, &why)) << why;
        client_ = server_.client();
    }

    httplib::Result send(const Probe& p, const std::string& origin) {
        httplib::Headers h;
        if (!origin.empty()) h.emplace("Origin", origin);
        if (p.auth) h.emplace("Authorization", std::string("Bearer ") + kKey);
        const char* type = "application/json";
        if (p.method == "GET") return client_->Get(p.path.c_str(), h);
        if (p.method == "DELETE") return client_->Delete(p.path.c_str(), h, p.body, type);
        if (p.method == "PATCH") return client_->Patch(p.path.c_str(), h, p.body, type);
        if (p.method == "OPTIONS") return client_->Options(p.path.c_str(), h);
        return client_->Post(p.path.c_str(), h, p.body, type);
    }

    // One probe per kind of answer the routes give. A body over the limit is refused by the
    // transport while it reads, before any route runs (tests/http/transport_test.cpp).
    std::vector<Probe> probes() {
        const std::string ok_body = json{{"prompt", "circus"}, {"duration", 10}}.dump();
        std::vector<Probe> out = {
            {"200 health", "GET", "/health", "", 200},
            {"200 root", "GET", "/", "", 200},
            {"200 submit", "POST", "/api/v1/generate", ok_body, 200},
            {"200 options", "OPTIONS", "/music/generate", "", 200},
            {"400 reorder", "PATCH", "/api/v1/queue/reorder",
             json{{"job_id", "nope"}, {"new_position", 1}}.dump(), 400},
            {"401 no key", "POST", "/api/v1/generate", ok_body, 401, false},
            {"404 path", "GET", "/no/such/path", "", 404},
            {"404 job", "GET", "/api/v1/jobs/no-such-job", "", 404},
            {"405", "GET", "/music/generate", "", 405},
            {"422", "POST", "/api/v1/generate",
             json{{"prompt", std::string(5000, 'a')}, {"duration", 10}}.dump(), 422},
            {"500", "GET", "/api/v1/styles", "", 500},
            {"503", "POST", "/api/v1/lyrics/generate", json{{"topic", "moon"}, {"prompt", "a lullaby"}, {"duration", 30}}.dump(),
             503},
        };
        return out;
    }

    testing::FakeJobEngine engine_;
    ThrowingPrompts prompts_;
    testing::ApiServer server_{engine_};
    std::unique_ptr<httplib::Client> client_;
};

}  // namespace

TEST_F(CorsTest, EveryKindOfAnswerCarriesCorsOnceForAnAllowedOrigin) {
    for (const auto& p : probes()) {
        auto r = send(p, kStudioOrigin);
        ASSERT_TRUE(r) << p.name;
        EXPECT_EQ(r->status, p.expect) << p.name << ": " << r->body;
        EXPECT_EQ(r->get_header_value_count("Access-Control-Allow-Origin"), 1u) << p.name;
        EXPECT_EQ(r->get_header_value("Access-Control-Allow-Origin"), kStudioOrigin) << p.name;
        EXPECT_EQ(r->get_header_value_count("Access-Control-Allow-Credentials"), 1u) << p.name;
        EXPECT_EQ(r->get_header_value_count("Vary"), 1u) << p.name;
        EXPECT_NE(r->get_header_value("Vary").find("Origin"), std::string::npos) << p.name;
        if (r->status >= 400) {
            // Every error is JSON with a detail, 500 and 404 included.
            EXPECT_EQ(r->get_header_value("Content-Type"), "application/json") << p.name;
            json body = json::parse(r->body, nullptr, false);
            EXPECT_TRUE(body.is_object() && body.contains("detail")) << p.name << ": " << r->body;
            EXPECT_EQ(r->body.find("/secret/path"), std::string::npos) << p.name;
        }
    }
    // The queue fills (two pending at most, each job takes 3 s): a 429 with Retry-After.
    const Probe submit{"429", "POST", "/api/v1/generate",
                       json{{"prompt", "fill"}, {"duration", 10}}.dump(), 429};
    bool refused = false;
    for (int i = 0; i < 6 && !refused; ++i) {
        auto r = send(submit, kStudioOrigin);
        ASSERT_TRUE(r);
        if (r->status != 429) continue;
        refused = true;
        EXPECT_EQ(r->get_header_value_count("Access-Control-Allow-Origin"), 1u);
        EXPECT_TRUE(r->has_header("Retry-After"));
        EXPECT_TRUE(json::parse(r->body, nullptr, false).contains("detail"));
    }
    EXPECT_TRUE(refused) << "the queue never answered 429";
}

TEST_F(CorsTest, DisallowedOrMissingOriginGetsNoCorsHeaders) {
    for (const std::string& origin :
         std::vector<std::string>{"http://evil.example", "null", ""}) {
        for (const auto& p : probes()) {
            auto r = send(p, origin);
            ASSERT_TRUE(r) << p.name;
            EXPECT_EQ(r->status, p.expect) << p.name << " from '" << origin << "'";
            EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin")) << p.name;
            EXPECT_FALSE(r->has_header("Access-Control-Allow-Credentials")) << p.name;
        }
    }
}

TEST_F(CorsTest, RootIsNegotiatedByAccept) {
    for (const char* accept : {"application/json, text/plain, */*", "*/*", ""}) {
        httplib::Headers h;
        if (*accept) h.emplace("Accept", accept);
        auto r = client_->Get("/", h);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200);
        EXPECT_EQ(r->get_header_value("Content-Type"), "application/json") << accept;
        json body = json::parse(r->body, nullptr, false);
        EXPECT_EQ(body["message"], "Music Generation API");
        EXPECT_EQ(body["version"], "1.0.0");
        EXPECT_EQ(body["docs"], "/docs");
        EXPECT_EQ(body["links"]["openapi"], "/openapi.json");
        EXPECT_NE(r->get_header_value("Vary").find("Accept"), std::string::npos);
    }
    httplib::Headers browser{
        {"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}};
    auto r = client_->Get("/", browser);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(r->body.find("<html"), std::string::npos);
    EXPECT_EQ(r->get_header_value_count("Vary"), 1u);
    EXPECT_NE(r->get_header_value("Vary").find("Accept"), std::string::npos);
}

TEST_F(CorsTest, PlainOptionsAnswersAllow) {
    auto r = client_->Options("/music/generate");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_TRUE(r->body.empty());
    EXPECT_EQ(r->get_header_value("Allow"), "POST, OPTIONS");
    r = client_->Options("/api/v1/jobs/abc");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->get_header_value("Allow"), "GET, DELETE, HEAD, OPTIONS");
    r = client_->Options("/no/such/path");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404);
    // An Origin alone does not make a preflight: still an ordinary OPTIONS.
    r = client_->Options("/music/generate", {{"Origin", kStudioOrigin}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->get_header_value_count("Access-Control-Allow-Origin"), 1u);
}

// What a browser does with a cross-origin request (the Fetch standard's CORS check and
// preflight), for the seed frontend's axios calls: JSON bodies, no credentials.
namespace {

std::string browser_rejects_preflight(const httplib::Result& r, const std::string& method) {
    if (!r) return "no answer";
    if (r->status < 200 || r->status > 299) return "preflight status " + std::to_string(r->status);
    if (r->get_header_value_count("Access-Control-Allow-Origin") != 1) return "ACAO count";
    if (r->get_header_value("Access-Control-Allow-Origin") != kStudioOrigin) return "ACAO value";
    const std::string methods = r->get_header_value("Access-Control-Allow-Methods");
    if (methods.find(method) == std::string::npos) return "method not allowed: " + methods;
    std::string headers = r->get_header_value("Access-Control-Allow-Headers");
    for (auto& c : headers) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (headers.find("content-type") == std::string::npos) return "content-type not allowed";
    return "";
}

std::string browser_rejects(const httplib::Result& r) {
    if (!r) return "no answer";
    if (r->get_header_value_count("Access-Control-Allow-Origin") != 1) {
        return "Access-Control-Allow-Origin appears " +
               std::to_string(r->get_header_value_count("Access-Control-Allow-Origin")) + " times";
    }
    if (r->get_header_value("Access-Control-Allow-Origin") != kStudioOrigin) return "ACAO value";
    return "";
}

}  // namespace

TEST_F(CorsTest, SeedFrontendErrorFlowsReachTheUser) {
    const httplib::Headers preflight_post{{"Origin", kStudioOrigin},
                                          {"Access-Control-Request-Method", "POST"},
                                          {"Access-Control-Request-Headers", "content-type"}};
    const httplib::Headers preflight_delete{{"Origin", kStudioOrigin},
                                            {"Access-Control-Request-Method", "DELETE"},
                                            {"Access-Control-Request-Headers", "content-type"}};
    const httplib::Headers axios{{"Origin", kStudioOrigin},
                                 {"Accept", "application/json, text/plain, */*"},
                                 {"Authorization", std::string("Bearer ") + kKey}};

    // 1. Submit with a prompt over the limit: the user must see the 422's detail.
    auto pre = client_->Options("/api/v1/generate", preflight_post);
    EXPECT_EQ(browser_rejects_preflight(pre, "POST"), "");
    auto r = client_->Post("/api/v1/generate", axios,
                           json{{"prompt", std::string(2001, 'x')},
                                {"duration", 30},
                                {"num_versions", 1},
                                {"lyrics", nullptr},
                                {"seed", 12345},
                                {"provider", nullptr}}
                               .dump(),
                           "application/json");
    EXPECT_EQ(browser_rejects(r), "");
    ASSERT_EQ(r->status, 422);
    json body = json::parse(r->body, nullptr, false);
    ASSERT_TRUE(body.contains("detail")) << r->body;
    ASSERT_TRUE(body["detail"].is_array());
    EXPECT_EQ(body["detail"][0]["loc"], json::array({"body", "prompt"}));
    EXPECT_FALSE(body["detail"][0]["msg"].get<std::string>().empty());

    // 2. Remove a job, then act on it again (a second tab, a stale list): 404 with its detail.
    r = client_->Post("/api/v1/generate", axios,
                      json{{"prompt", "circus"}, {"duration", 10}}.dump(), "application/json");
    ASSERT_EQ(r->status, 200);
    const std::string id = json::parse(r->body)["job_id"];
    pre = client_->Options(("/api/v1/queue/" + id).c_str(), preflight_delete);
    EXPECT_EQ(browser_rejects_preflight(pre, "DELETE"), "");
    r = client_->Delete(("/api/v1/queue/" + id).c_str(), axios);
    EXPECT_EQ(browser_rejects(r), "");
    ASSERT_EQ(r->status, 200) << r->body;
    for (const std::string& path :
         std::vector<std::string>{"/api/v1/queue/" + id, "/api/v1/queue/" + id + "/preset"}) {
        r = path.ends_with("preset") ? client_->Get(path.c_str(), axios)
                                     : client_->Delete(path.c_str(), axios);
        EXPECT_EQ(browser_rejects(r), "") << path;
        ASSERT_EQ(r->status, 404) << path << " " << r->body;
        body = json::parse(r->body, nullptr, false);
        EXPECT_EQ(body["detail"], "Queue item " + id + " not found") << path;
    }
    r = client_->Get("/api/v1/jobs/not-a-job", axios);
    EXPECT_EQ(browser_rejects(r), "");
    EXPECT_EQ(r->status, 404);
    EXPECT_TRUE(json::parse(r->body, nullptr, false).contains("detail"));
}

TEST(ApiIdentityTest, SergiecodeIdentityAnswersAsTheSergiecodeBackend) {
    testing::FakeJobEngine engine;
    testing::ApiServer server{engine};
    ApiOptions options;
    options.identity = ApiIdentity::sergiecode;
    std::string why;
    ASSERT_TRUE(server.start(options, {}, 64 * 1024, &why)) << why;
    auto client = server.client();
    auto r = client->Get("/");
    ASSERT_TRUE(r);
    json root = json::parse(r->body, nullptr, false);
    EXPECT_EQ(root["message"], "Welcome to Music AI Generator Backend");
    EXPECT_EQ(root["status"], "running");
    EXPECT_EQ(root["version"], "1.0.0");
    EXPECT_EQ(root["created_by"], "Sergie Code");
    r = client->Get("/health");
    ASSERT_TRUE(r);
    json health = json::parse(r->body, nullptr, false);
    EXPECT_EQ(health["status"], "healthy");
    EXPECT_EQ(health["service"], "music-ai-generator-backend");
    r = client->Get("/openapi.json");
    ASSERT_TRUE(r);
    EXPECT_EQ(json::parse(r->body, nullptr, false)["info"]["title"], "Music AI Generator Backend");
}

}  // namespace omg::http
