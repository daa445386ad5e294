// GET /metrics: Prometheus' text format with the queue's state, its wait and run histograms,
// runs by outcome and the routes' answers by status, asked of the routes without a socket.
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "support/api_server.h"
#include "support/eventually.h"
#include "support/fake_job_engine.h"

namespace omg::http {
namespace {

using json = nlohmann::json;

// Every sample line as "name{labels}" -> value; comments checked for HELP and TYPE pairs.
std::map<std::string, double> parse(const std::string& text) {
    std::map<std::string, double> out;
    std::istringstream in(text);
    std::string line;
    std::string typed;
    while (std::getline(in, line)) {
        if (line.rfind("# TYPE ", 0) == 0) {
            typed = line.substr(7, line.find(' ', 7) - 7);
            continue;
        }
        if (line.empty() || line[0] == '#') continue;
        const auto space = line.rfind(' ');
        const std::string key = line.substr(0, space);
        EXPECT_EQ(key.rfind(typed, 0), 0u) << "a sample outside its TYPE: " << line;
        EXPECT_EQ(out.count(key), 0u) << "twice: " << key;
        out[key] = std::stod(line.substr(space + 1));
    }
    return out;
}

Request get(const std::string& path) {
    Request r;
    r.method = "GET";
    r.path = path;
    return r;
}

TEST(Metrics, CountJobsTheirTimesAndTheAnswers) {
    testing::FakeJobEngine engine;
    engine.version_ms = 20;
    testing::ApiServer server(engine);
    ASSERT_TRUE(server.start());
    for (const char* prompt : {"one", "two", "please FAIL"}) {
        Request post;
        post.method = "POST";
        post.path = "/api/v1/generate";
        post.headers.set("Content-Type", "application/json");
        post.body = json{{"prompt", prompt}, {"duration", 10}}.dump();
        ASSERT_EQ(server.handle(post).status, 200);
    }
    ASSERT_TRUE(testing::eventually([&] { return server.queue().stats().pending + server.queue().stats().processing == 0; }));
    EXPECT_EQ(server.handle(get("/api/v1/jobs/no-such-job")).status, 404);

    const Reply reply = server.handle(get("/metrics"));
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0), 0u);
    const auto m = parse(reply.body);
    EXPECT_EQ(m.at("omg_jobs{state=\"pending\"}"), 0);
    EXPECT_EQ(m.at("omg_jobs{state=\"processing\"}"), 0);
    EXPECT_EQ(m.at("omg_job_runs_total{outcome=\"completed\"}"), 2);
    EXPECT_EQ(m.at("omg_job_runs_total{outcome=\"failed\"}"), 1);
    EXPECT_EQ(m.at("omg_job_runs_total{outcome=\"cancelled\"}"), 0);
    EXPECT_EQ(m.at("omg_job_run_seconds_count"), 3);
    EXPECT_EQ(m.at("omg_job_wait_seconds_count"), 3);
    EXPECT_EQ(m.at("omg_job_run_seconds_bucket{le=\"+Inf\"}"), 3);
    EXPECT_GT(m.at("omg_job_run_seconds_sum"), 0.01) << "each run took about 20 ms";
    EXPECT_LT(m.at("omg_job_run_seconds_sum"), 30);
    // Cumulative buckets never fall.
    double last = 0;
    for (double le : jobs::Histogram::kBounds) {
        std::ostringstream key;
        key << "omg_job_run_seconds_bucket{le=\"" << le << "\"}";
        const double v = m.at(key.str());
        EXPECT_GE(v, last) << key.str();
        last = v;
    }
    EXPECT_EQ(m.at("omg_http_responses_total{code=\"200\"}"), 3) << "the three submits";
    EXPECT_EQ(m.at("omg_http_responses_total{code=\"404\"}"), 1);
    EXPECT_EQ(m.at("omg_accepting"), 1);

    // The scrape itself is counted on the next one.
    const auto again = parse(server.handle(get("/metrics")).body);
    EXPECT_EQ(again.at("omg_http_responses_total{code=\"200\"}"), 4);
}

TEST(Metrics, ACancelledJobIsCounted) {
    testing::FakeJobEngine engine;
    engine.version_ms = 5000;
    testing::ApiServer server(engine);
    ASSERT_TRUE(server.start());
    Request post;
    post.method = "POST";
    post.path = "/api/v1/generate";
    post.headers.set("Content-Type", "application/json");
    post.body = json{{"prompt", "long"}, {"duration", 10}}.dump();
    const Reply submitted = server.handle(post);
    ASSERT_EQ(submitted.status, 200);
    const std::string id = json::parse(submitted.body)["job_id"];
    ASSERT_TRUE(testing::eventually([&] { return server.queue().stats().processing == 1; }));
    ASSERT_TRUE(server.queue().remove_from_queue(id));
    ASSERT_TRUE(testing::eventually([&] {
        return parse(server.handle(get("/metrics")).body).at("omg_job_runs_total{outcome=\"cancelled\"}") == 1;
    }));
}

}  // namespace
}  // namespace omg::http
