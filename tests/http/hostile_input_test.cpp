// Hostile bodies on every JSON endpoint: deep nesting never reaches the parser, huge values are
// never echoed back whole, type mistakes answer 422 and never 500, and every field has a limit.
// Real sockets on 127.0.0.1, fakes behind the real queue.
#include <gtest/gtest.h>
#include <httplib.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/validation.h"
#include "support/api_server.h"
#include "support/fake_job_engine.h"

namespace omg::http {
using json = nlohmann::json;

TEST(HostileJson, NestingIsMeasuredBeforeParsing) {
    EXPECT_EQ(json_nesting_depth(R"({"a": [1, {"b": []}]})"), 4u);
    EXPECT_EQ(json_nesting_depth(R"({"a": "[[[[[[\"[[[["})"), 1u) << "strings do not count";
    EXPECT_EQ(json_nesting_depth(std::string(100000, '[')), 100000u);
    EXPECT_TRUE(parse_body(std::string(100000, '[')).is_discarded());
    std::string deep = std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']');
    EXPECT_TRUE(parse_body(deep).is_discarded());
    std::string ok = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
    EXPECT_FALSE(parse_body(ok).is_discarded());
}

TEST(HostileJson, EchoedInputsAreCapped) {
    EXPECT_EQ(echo_input(json("short")), json("short"));
    EXPECT_EQ(echo_input(json{{"a", 1}}), (json{{"a", 1}}));
    json big = echo_input(json(std::string(100000, 'x')));
    ASSERT_TRUE(big.is_string());
    EXPECT_LE(big.get<std::string>().size(), kMaxEchoBytes);
    EXPECT_TRUE(big.get<std::string>().ends_with("..."));
    // A cut never splits a UTF-8 sequence.
    std::string cut = echo_input(json([] {
                          std::string s;
                          for (int i = 0; i < 2000; ++i) s += "\xc3\xa9";
                          return s;
                      }()))
                          .get<std::string>();
    EXPECT_NO_THROW((void)json(cut).dump(-1, ' ', false, json::error_handler_t::strict));
    json arr = json::array();
    for (int i = 0; i < 1000; ++i) arr.push_back(i);
    EXPECT_TRUE(echo_input(arr).is_string());
}

namespace {

class HostileInputTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string why;
        ASSERT_TRUE(server_.start({}, {}, 1 << 20, &why)) << why;
        client_ = server_.client();
    }
    void expect_alive() {
        auto r = client_->Get("/health");
        ASSERT_TRUE(r) << "the server is down";
        EXPECT_EQ(r->status, 200);
    }
    testing::FakeJobEngine engine_;
    testing::ApiServer server_{engine_};
    std::unique_ptr<httplib::Client> client_;
};

const std::vector<std::string> kJsonEndpoints = {
    "/api/v1/generate",        "/api/v1/interpret",  "/api/v1/lyrics/generate",
    "/music/generate",         "/model/v1/generate", "/model/v1/provider/switch",
    "/model/v1/lyrics/generate"};

}  // namespace

TEST_F(HostileInputTest, DeeplyNestedBodiesAreRefusedOnEveryJsonEndpoint) {
    const std::string nested = std::string(100000, '[');  // 100 KB, as the probe sent
    const std::string nested_object = "{\"prompt\": " + std::string(100000, '[') + "}";
    for (const auto& path : kJsonEndpoints) {
        for (const std::string* body : {&nested, &nested_object}) {
            auto r = client_->Post(path.c_str(), *body, "application/json");
            ASSERT_TRUE(r) << path << ": the server died";
            EXPECT_GE(r->status, 400) << path;
            EXPECT_LT(r->status, 500) << path << ": " << r->body.substr(0, 200);
            EXPECT_LT(r->body.size(), 4096u) << path << " echoed the body back";
        }
    }
    expect_alive();
}

TEST_F(HostileInputTest, HugeValuesAreNeverEchoedWhole) {
    const std::string huge(500000, 'y');
    for (const auto& path : kJsonEndpoints) {
        for (const json& body : {json{{"prompt", huge}, {"duration", 30}, {"topic", "t"}},
                                 json{{"prompt", "p"}, {"duration", huge}, {"topic", "t"}},
                                 json{{"unknown", huge}}}) {
            auto r = client_->Post(path.c_str(), body.dump(), "application/json");
            ASSERT_TRUE(r) << path;
            EXPECT_NE(r->status, 500) << path << ": " << r->body.substr(0, 200);
            EXPECT_LT(r->body.size(), 8192u) << path << " answered " << r->body.size() << " bytes";
        }
    }
    // The model service's prompt now has the same limit as the others, so nothing this size is
    // ever queued (and GET /api/v1/queue never grows to megabytes).
    auto q = client_->Get("/api/v1/queue");
    ASSERT_TRUE(q);
    EXPECT_LT(q->body.size(), 8192u);
    expect_alive();
}

TEST_F(HostileInputTest, NumericStringsAndTypeMistakesAreNever500) {
    // pydantic accepts "30" for a number: the lyrics route used to answer 500 here.
    auto r = client_->Post("/api/v1/lyrics/generate",
                           json{{"prompt", "p"}, {"topic", "moon"}, {"duration", "30"}}.dump(),
                           "application/json");
    ASSERT_TRUE(r);
    EXPECT_NE(r->status, 500) << r->body;
    const std::vector<json> wrong_types = {json(nullptr), json(true), json(1.5), json("x"),
                                           json::array({1}), json::object({{"a", 1}}),
                                           json(-1), json(1e308), json("1e999")};
    for (const auto& path : kJsonEndpoints) {
        for (const char* field : {"prompt", "duration", "num_versions", "seed", "lyrics", "topic",
                                  "provider", "manual_seeds", "job_id", "bpm", "key", "stems"}) {
            for (const auto& v : wrong_types) {
                json body = {{"prompt", "circus"}, {"duration", 10}, {"topic", "moon"}};
                body[field] = v;
                auto res = client_->Post(path.c_str(), body.dump(), "application/json");
                ASSERT_TRUE(res) << path;
                EXPECT_NE(res->status, 500)
                    << path << " " << field << "=" << v.dump() << ": " << res->body.substr(0, 300);
            }
        }
    }
    expect_alive();
}

}  // namespace omg::http
