// The OpenAI-compatible adapter against a fake chat-completions server on 127.0.0.1.
#include "lyrics/llm_writer.h"

#include <httplib.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

namespace omg::lyrics {
namespace {

using json = nlohmann::json;

// A fake llama-server/Ollama: the test sets how /v1/chat/completions answers.
class FakeLlm {
public:
    using Answer = std::function<void(const httplib::Request&, httplib::Response&)>;
    FakeLlm() {
        server_.Post("/v1/chat/completions", [this](const httplib::Request& req, httplib::Response& res) {
            ++calls_;
            {
                std::lock_guard lock(mutex_);
                last_body_ = req.body;
                last_auth_ = req.get_header_value("Authorization");
            }
            Answer a;
            {
                std::lock_guard lock(mutex_);
                a = answer_;
            }
            a(req, res);
        });
        server_.Get("/health", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"status":"ok"})", "application/json");
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~FakeLlm() {
        server_.stop();
        thread_.join();
    }
    void answer(Answer a) {
        std::lock_guard lock(mutex_);
        answer_ = std::move(a);
    }
    void reply_content(const std::string& content, const std::string& finish = "stop") {
        answer([content, finish](const httplib::Request&, httplib::Response& res) {
            json j = {{"id", "chatcmpl-1"},
                      {"object", "chat.completion"},
                      {"model", "fake-model"},
                      {"choices", json::array({{{"index", 0},
                                                {"message", {{"role", "assistant"}, {"content", content}}},
                                                {"finish_reason", finish}}})},
                      {"timings", {{"predicted_ms", 1}}}};
            res.set_content(j.dump(), "application/json");
        });
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    json last_body() {
        std::lock_guard lock(mutex_);
        return json::parse(last_body_);
    }
    std::string last_auth() {
        std::lock_guard lock(mutex_);
        return last_auth_;
    }
    int calls() const { return calls_; }

private:
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    std::mutex mutex_;
    Answer answer_;
    std::string last_body_;
    std::string last_auth_;
    std::atomic<int> calls_{0};
};

LlmConfig config_for(const FakeLlm& fake) {
    LlmConfig c;
    c.url = fake.url();
    c.model = "qwen2.5-7b-instruct";
    c.timeout_s = 2;
    c.retries = 2;
    c.backoff_s = 0.05;
    return c;
}

LlmAsk ask() {
    LlmAsk a;
    a.prompt = "indie folk";
    a.duration_s = 120;
    a.topic = "leaving a small town";
    a.form_hint = "[Verse 1]: 4 lines of about 8 syllables";
    return a;
}

TEST(LlmWriter, SendsTheSeedInstructionsAndCleansTheReply) {
    FakeLlm fake;
    fake.reply_content(
        "<think>The user wants folk.</think>Sure! Here are your lyrics:\n```\n**[verse]**\nDust on the "
        "dashboard\nEngine in the rain\n\n[chorus]\nWe are leaving\n[verse]\nSecond verse here\n```\n");
    auto config = config_for(fake);
    config.api_key = "sekret";
    LlmWriter w(config);
    auto r = w.write(ask());
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ(r->lyrics,
              "[Verse 1]\nDust on the dashboard\nEngine in the rain\n\n[Chorus]\nWe are leaving\n\n"
              "[Verse 2]\nSecond verse here\n");
    EXPECT_EQ(r->model, "fake-model");
    auto body = fake.last_body();
    EXPECT_EQ(body["model"], "qwen2.5-7b-instruct");
    EXPECT_EQ(body["stream"], false);
    EXPECT_TRUE(body["temperature"].is_number());
    EXPECT_TRUE(body["max_tokens"].is_number());
    ASSERT_EQ(body["messages"].size(), 2u);
    EXPECT_EQ(body["messages"][0]["role"], "system");
    EXPECT_NE(body["messages"][0]["content"].get<std::string>().find("Write original lyrics"), std::string::npos);
    const std::string user = body["messages"][1]["content"];
    EXPECT_NE(user.find("leaving a small town"), std::string::npos);
    EXPECT_NE(user.find("120.0 seconds"), std::string::npos);
    EXPECT_NE(user.find("[Verse 1]: 4 lines"), std::string::npos);
    EXPECT_EQ(fake.last_auth(), "Bearer sekret");
}

TEST(LlmWriter, RefineModeSendsTheCurrentLyrics) {
    FakeLlm fake;
    fake.reply_content("[Verse]\nbetter line\n");
    LlmWriter w(config_for(fake));
    auto a = ask();
    a.current_lyrics = "[Verse]\nold line\n";
    auto r = w.write(a);
    ASSERT_TRUE(r.has_value());
    auto body = fake.last_body();
    EXPECT_NE(body["messages"][0]["content"].get<std::string>().find("Refine"), std::string::npos);
    EXPECT_NE(body["messages"][1]["content"].get<std::string>().find("old line"), std::string::npos);
}

TEST(LlmWriter, RetriesWhileTheModelLoads) {
    FakeLlm fake;
    std::atomic<int> n{0};
    fake.answer([&n](const httplib::Request&, httplib::Response& res) {
        if (n++ < 2) {
            res.status = 503;
            res.set_content(R"({"error":{"code":503,"message":"Loading model","type":"unavailable_error"}})",
                            "application/json");
            return;
        }
        res.set_content(
            R"({"choices":[{"index":0,"message":{"role":"assistant","content":"[Chorus]\nla la"},"finish_reason":"stop"}]})",
            "application/json");
    });
    LlmWriter w(config_for(fake));
    auto r = w.write(ask());
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ(r->lyrics, "[Chorus]\nla la\n");
    EXPECT_EQ(fake.calls(), 3);
}

TEST(LlmWriter, StillLoadingAfterRetriesIsUnavailableWithTheReason) {
    FakeLlm fake;
    fake.answer([](const httplib::Request&, httplib::Response& res) {
        res.status = 503;
        res.set_content(R"({"error":{"code":503,"message":"Loading model","type":"unavailable_error"}})",
                        "application/json");
    });
    LlmWriter w(config_for(fake));
    auto r = w.write(ask());
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, Errc::unavailable);
    EXPECT_NE(r.error().message.find("Loading model"), std::string::npos);
    EXPECT_EQ(fake.calls(), 3);
}

TEST(LlmWriter, ClientErrorsNameTheSettingToFix) {
    FakeLlm fake;
    fake.answer([](const httplib::Request&, httplib::Response& res) {
        res.status = 401;
        res.set_content(R"({"error":{"code":401,"message":"Invalid API Key","type":"authentication_error"}})",
                        "application/json");
    });
    LlmWriter w(config_for(fake));
    auto r = w.write(ask());
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, Errc::unavailable);
    EXPECT_NE(r.error().message.find("OMG_LLM_API_KEY"), std::string::npos);
    EXPECT_EQ(fake.calls(), 1);  // not retried

    fake.answer([](const httplib::Request&, httplib::Response& res) {
        res.status = 404;
        res.set_content(R"({"error":{"message":"model \"x\" not found, try pulling it first","type":"not_found_error","param":null,"code":null}})",
                        "application/json");
    });
    r = w.write(ask());
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("OMG_LLM_MODEL"), std::string::npos);
    EXPECT_NE(r.error().message.find("try pulling"), std::string::npos);
}

TEST(LlmWriter, GarbageAndEmptyRepliesAreErrors) {
    FakeLlm fake;
    fake.answer([](const httplib::Request&, httplib::Response& res) {
        res.set_content("<html>proxy error</html>", "text/html");
    });
    LlmWriter w(config_for(fake));
    auto r = w.write(ask());
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, Errc::internal);

    fake.reply_content("<think>only thinking, no answer");
    r = w.write(ask());
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("no lyrics"), std::string::npos);

    fake.answer([](const httplib::Request&, httplib::Response& res) {
        res.status = 500;
        res.set_content("Internal Server Error", "text/plain");
    });
    r = w.write(ask());
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, Errc::unavailable);
    EXPECT_NE(r.error().message.find("HTTP 500"), std::string::npos);
}

TEST(LlmWriter, TruncatedReplyKeepsWholeSections) {
    FakeLlm fake;
    fake.reply_content("[Verse 1]\na\nb\n[Chorus]\nc\n[Verse 2]\nhalf a li", "length");
    LlmWriter w(config_for(fake));
    auto r = w.write(ask());
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(r->truncated);
    EXPECT_EQ(r->lyrics, "[Verse 1]\na\nb\n\n[Chorus]\nc\n");
}

TEST(LlmWriter, SlowServiceTimesOut) {
    FakeLlm fake;
    fake.answer([](const httplib::Request&, httplib::Response& res) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2500));
        res.set_content("{}", "application/json");
    });
    auto c = config_for(fake);
    c.timeout_s = 1;
    LlmWriter w(c);
    auto r = w.write(ask());
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, Errc::unavailable);
    EXPECT_NE(r.error().message.find("did not answer"), std::string::npos);
    EXPECT_EQ(fake.calls(), 1);
}

TEST(LlmWriter, DownServiceIsUnavailable) {
    int port = 0;
    {
        FakeLlm fake;  // bind, then close: a port nothing listens on
        port = std::stoi(fake.url().substr(fake.url().rfind(':') + 1));
    }
    LlmConfig c;
    c.url = "http://127.0.0.1:" + std::to_string(port) + "/v1";
    c.retries = 1;
    c.backoff_s = 0.01;
    LlmWriter w(c);
    auto r = w.write(ask());
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, Errc::unavailable);
    EXPECT_NE(r.error().message.find("cannot be reached"), std::string::npos);
    EXPECT_FALSE(w.healthy(1));
}

TEST(LlmWriter, ConfigComesFromTheEnvironmentOnly) {
    core::FakeEnv env;
    EXPECT_FALSE(LlmConfig::from_env(env).has_value());
    env.set("OMG_LLM_URL", "http://127.0.0.1:9/");
    env.set("OMG_LLM_MODEL", "llama3.2:3b");
    env.set("OMG_LLM_TIMEOUT_S", "-3");  // ignored: not a positive number
    auto c = LlmConfig::from_env(env);
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->model, "llama3.2:3b");
    EXPECT_GT(c->timeout_s, 0);
}

TEST(CleanLyrics, NormalisesHeadings) {
    EXPECT_EQ(clean_lyrics("Verse 1:\na\nPre-chorus:\nb\n(Chorus)\nc\n## Outro\nd"),
              "[Verse 1]\na\n\n[Pre-Chorus]\nb\n\n[Chorus]\nc\n\n[Outro]\nd\n");
    EXPECT_EQ(clean_lyrics("just one line"), "[Verse]\njust one line\n");
    EXPECT_EQ(clean_lyrics(""), "");
}

}  // namespace
}  // namespace omg::lyrics
